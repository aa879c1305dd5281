import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { dayTitle } from './titles.ts';

/** A real portal day from ../shared/data, as the test API serves it. */
export interface ServedPage {
  date: string;
  title: string;
  revisionId: number;
  timestamp: string;
  content: string;
}

const DATA = new URL('../../../../shared/data/', import.meta.url);

/**
 * Every real day of ../shared/data/wcep-wikitext and wcep-wikitext-eras with its revision id from
 * MANIFEST.json. The timestamp is not in the data: a fixed one is served.
 */
export function realPages(): Map<string, ServedPage> {
  const pages = new Map<string, ServedPage>();
  for (const dir of ['wcep-wikitext', 'wcep-wikitext-eras']) {
    const manifest: unknown = JSON.parse(readFileSync(new URL(`${dir}/MANIFEST.json`, DATA), 'utf8'));
    if (!Array.isArray(manifest)) throw new Error(`${dir}/MANIFEST.json is not a list`);
    for (const entry of manifest as { date: string; file: string; wikipedia_revision_id: number }[]) {
      pages.set(entry.date, {
        date: entry.date,
        title: dayTitle(entry.date),
        revisionId: entry.wikipedia_revision_id,
        timestamp: '2026-01-01T00:00:00Z',
        content: readFileSync(new URL(`${dir}/${entry.file}`, DATA), 'utf8'),
      });
    }
  }
  return pages;
}

/** A scripted answer for one request instead of the normal one. */
export type Scripted = (res: http.ServerResponse) => void;

/** What the test API saw. */
export interface ApiRequest {
  titles: string[];
  params: URLSearchParams;
  userAgent: string | undefined;
}

/**
 * A local MediaWiki Action API on 127.0.0.1 answering `action=query&prop=revisions&rvslots=main
 * &formatversion=2` as api.php does, with real wikitext as content. `script` answers the next
 * requests in order (429s, maxlag errors, broken JSON); `maxPagesPerAnswer` forces continuation.
 */
export async function startApi(
  pages: Map<string, ServedPage>,
  options: {
    delayMs?: number;
    maxPagesPerAnswer?: number;
    /** Redirects the wiki knows (`from` → target), served to `redirects=1` queries. */
    redirects?: Map<string, { to: string; tofragment?: string }>;
    /** At most this many redirects per answer: the rest come by continuation. */
    maxRedirectsPerAnswer?: number;
  } = {},
): Promise<{
  endpoint: string;
  requests: ApiRequest[];
  script: Scripted[];
  maxInFlight: () => number;
  close: () => Promise<void>;
}> {
  const requests: ApiRequest[] = [];
  const script: Scripted[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const byTitle = () => new Map([...pages.values()].map((p) => [p.title, p]));
  const server = http.createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const titles = (url.searchParams.get('titles') ?? '').split('|').filter((t) => t !== '');
    requests.push({ titles, params: url.searchParams, userAgent: req.headers['user-agent'] });
    setTimeout(() => {
      const scripted = script.shift();
      if (scripted) return scripted(res);
      if (url.pathname !== '/w/api.php') {
        res.writeHead(404, { 'content-type': 'text/html' });
        return res.end('<title>Not found</title>');
      }
      if (url.searchParams.get('redirects') === '1' && !url.searchParams.has('prop')) {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        return res.end(JSON.stringify(redirectsAnswer(titles, url.searchParams, options)));
      }
      const served = byTitle();
      const skip = Number(url.searchParams.get('rvcontinue') ?? '0');
      let given = 0;
      const normalized: { fromencoded: boolean; from: string; to: string }[] = [];
      const out = titles.map((asked, i) => {
        const title = asked.replace(/_/g, ' ');
        if (title !== asked) normalized.push({ fromencoded: false, from: asked, to: title });
        const page = served.get(title);
        if (!page) return { ns: 100, title, missing: true };
        const head = { pageid: 1000 + i, ns: 100, title };
        const withContent =
          i >= skip && (options.maxPagesPerAnswer === undefined || given < options.maxPagesPerAnswer);
        if (!withContent) return head;
        given++;
        return {
          ...head,
          revisions: [
            {
              revid: page.revisionId,
              parentid: page.revisionId - 1,
              timestamp: page.timestamp,
              slots: {
                main: { contentmodel: 'wikitext', contentformat: 'text/x-wiki', content: page.content },
              },
            },
          ],
        };
      });
      const lastWithContent = out.findLastIndex((p) => 'revisions' in p);
      const remaining = out.some((p, i) => i > lastWithContent && !('missing' in p) && !('revisions' in p));
      const body = {
        ...(remaining ? { continue: { rvcontinue: String(lastWithContent + 1), continue: '||' } } : {}),
        ...(remaining ? {} : { batchcomplete: true }),
        query: { ...(normalized.length ? { normalized } : {}), pages: out },
      };
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    }, options.delayMs ?? 0);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}/w/api.php`,
    requests,
    script,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A maxlag error as api.php writes it (HTTP status and Retry-After given by the test). */
export function maxlagAnswer(status: number, retryAfter: string): Scripted {
  return (res) => {
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'retry-after': retryAfter,
      'x-database-lag': '7',
    });
    res.end(
      JSON.stringify({
        error: {
          code: 'maxlag',
          info: 'Waiting for 10.64.16.8: 7 seconds lagged.',
          host: '10.64.16.8',
          lag: 7,
          type: 'db',
          docref: 'See https://en.wikipedia.org/w/api.php for API usage.',
        },
        servedby: 'mw-api-ext.eqiad.main-1',
      }),
    );
  };
}

/**
 * api.php's answer to `action=query&redirects=1&titles=…&formatversion=2`: `query.normalized`,
 * `query.redirects` [{from, to, tofragment?}] and `query.pages` (the targets and the titles that
 * are no redirect); with `maxRedirectsPerAnswer`, the redirects come a few at a time with `continue`.
 */
function redirectsAnswer(
  titles: string[],
  params: URLSearchParams,
  options: {
    redirects?: Map<string, { to: string; tofragment?: string }>;
    maxRedirectsPerAnswer?: number;
  },
): unknown {
  const normalized: { fromencoded: boolean; from: string; to: string }[] = [];
  const redirects: { from: string; to: string; tofragment?: string }[] = [];
  const pages = new Map<string, { pageid: number; ns: number; title: string }>();
  for (const asked of titles) {
    const title = asked.replace(/_/g, ' ');
    if (title !== asked) normalized.push({ fromencoded: false, from: asked, to: title });
    const r = options.redirects?.get(title);
    if (r) redirects.push({ from: title, to: r.to, ...(r.tofragment ? { tofragment: r.tofragment } : {}) });
    const shown = r ? r.to : title;
    pages.set(shown, { pageid: 5000 + pages.size, ns: 0, title: shown });
  }
  const skip = Number(params.get('rdcontinue') ?? '0');
  const per = options.maxRedirectsPerAnswer ?? redirects.length;
  const part = redirects.slice(skip, skip + per);
  const more = skip + per < redirects.length;
  return {
    ...(more ? { continue: { rdcontinue: String(skip + per), continue: '||' } } : { batchcomplete: true }),
    query: {
      ...(normalized.length && skip === 0 ? { normalized } : {}),
      ...(part.length ? { redirects: part } : {}),
      pages: [...pages.values()],
    },
  };
}
