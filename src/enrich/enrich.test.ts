import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { type ArticleRecord, readArticles, readResponses, writeArticle } from '../store/articles.ts';
import { openStore } from '../store/open.ts';
import { articleBytes, startServer } from './_testServer.ts';
import { createBoundedExtractor, pageExtractorOf } from './boundedExtract.ts';
import { enrichSources } from './enrich.ts';
import { createFetcher, type Resolver } from './fetch.ts';
import { extractPage } from './page.ts';

const CNN = articleBytes('postlight/www.cnn.com.html');
const LATIMES = articleBytes('postlight/www.latimes.com.html');
const SNAPSHOT = '20160429120000';

function addSources(db: DatabaseSync, urls: string[]): void {
  db.prepare(
    "INSERT INTO days (date, title, origin, sha256, raw, parser_version, ingested_at) VALUES ('2016-04-28', 'Portal:Current events/2016 April 28', 'test', 'x', x'00', 1, '2026-01-01T00:00:00Z')",
  ).run();
  urls.forEach((url, i) => {
    const id = `2016-04-28-${i}`;
    db.prepare(
      "INSERT INTO events (id, date, position, category, storyline, text, line, raw) VALUES (?, '2016-04-28', ?, NULL, '[]', 'text', ?, 'raw')",
    ).run(id, i, i + 1);
    db.prepare(
      'INSERT INTO sources (event_id, idx, url, publisher, archive_url, dead_link) VALUES (?, 0, ?, ?, NULL, 0)',
    ).run(id, url, 'Publisher');
  });
}

describe('currents enrich over a temp store against local servers', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let dir: string;
  let cdxQuery: URLSearchParams | null = null;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'currents-enrich-'));
    server = await startServer({
      '/robots.txt': (_q, s) => s.end('User-agent: *\nDisallow: /private/\n'),
      '/cnn/trump': (_q, s) => {
        s.writeHead(200, { 'content-type': 'text/html' }); // no charset: the page's meta tag decides
        s.end(CNN);
      },
      '/latimes/shutdown': (_q, s) => {
        s.writeHead(404, { 'content-type': 'text/html' });
        s.end('<title>Not found</title>');
      },
      '/cdx': (q, s) => {
        cdxQuery = new URL(q.url ?? '/', 'http://x').searchParams;
        s.writeHead(200, { 'content-type': 'application/json' });
        s.end(
          JSON.stringify([
            ['timestamp', 'original', 'statuscode'],
            [SNAPSHOT, `${server.origin}/latimes/shutdown`, '200'],
          ]),
        );
      },
    });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('records ok, archived and blocked sources, then a second run fetches nothing', async () => {
    // The snapshot path embeds the server's own port, known only now.
    const snapshotPath = `/web/${SNAPSHOT}id_/${server.origin}/latimes/shutdown`;
    const store = openStore(join(dir, 'currents.db'));
    const urls = [
      `${server.origin}/cnn/trump`,
      `${server.origin}/latimes/shutdown`,
      `${server.origin}/private/memo`,
      'http://10.0.0.1/story',
      'gopher://example.com/story',
    ];
    addSources(store.db, urls);
    const fetcher = () => createFetcher({ allowHosts: ['127.0.0.1'], hostDelayMs: 5, backoffMs: 10 });
    server.route(snapshotPath, (_q, s) => {
      s.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      s.end(LATIMES);
    });
    const first = await enrichSources(store.db, {
      fetcher: fetcher(),
      extract: extractPage,
      cdx: `${server.origin}/cdx`,
    });
    assert.deepEqual(first.counts, { ok: 1, archived: 1, dead: 0, blocked: 3, failed: 0 });

    const articles = readArticles(store.db, urls);
    assert.deepEqual(
      urls.map((u) => articles.get(u)?.outcome),
      ['ok', 'archived', 'blocked', 'blocked', 'blocked'],
    );
    const cnn = articles.get(urls[0] as string);
    assert.equal(cnn?.title, 'Why Donald Trump won’t change');
    assert.equal(cnn?.finalUrl, urls[0]);
    const la = articles.get(urls[1] as string);
    assert.equal(la?.archiveUrl, `${server.origin}/web/${SNAPSHOT}/${server.origin}/latimes/shutdown`);
    assert.equal(
      la?.title,
      'Report on L.A. school shutdown shows confusion over who was in charge, technology shortcomings',
    );
    assert.equal(cdxQuery?.get('closest'), '20160428000000');
    assert.deepEqual(
      readResponses(store.db, urls[1] as string).map((r) => [r.status, r.requestUrl]),
      [
        [404, urls[1]],
        [200, `${server.origin}${snapshotPath}`],
      ],
    );
    assert.ok(Buffer.from(readResponses(store.db, urls[0] as string)[0]?.body ?? []).equals(CNN));

    const hitsBefore = [...server.hits.values()].reduce((a, b) => a + b, 0);
    const second = await enrichSources(store.db, {
      fetcher: fetcher(),
      extract: extractPage,
      cdx: `${server.origin}/cdx`,
    });
    assert.equal(second.visited, 0);
    assert.deepEqual(second.stored, { ok: 1, archived: 1, dead: 0, blocked: 3, failed: 0 });
    assert.equal(
      [...server.hits.values()].reduce((a, b) => a + b, 0),
      hitsBefore,
    );
    store.db.close();
  });

  test('continues a stopped run where it stopped, fetching nothing twice', async () => {
    const store = openStore(join(dir, 'resume.db'));
    const urls = [
      `${server.origin}/cnn/trump`,
      `${server.origin}/cnn/trump?page=2`,
      `${server.origin}/private/a`,
    ];
    addSources(store.db, urls);
    const fetcher = () => createFetcher({ allowHosts: ['127.0.0.1'], hostDelayMs: 5 });
    const before = server.hits.get('/cnn/trump') ?? 0;
    const first = await enrichSources(store.db, { fetcher: fetcher(), extract: extractPage, limit: 1 });
    assert.equal(first.visited, 1);
    const rest = await enrichSources(store.db, { fetcher: fetcher(), extract: extractPage });
    assert.equal(rest.visited, 2);
    assert.deepEqual(rest.stored, { ok: 2, archived: 0, dead: 0, blocked: 1, failed: 0 });
    assert.equal((server.hits.get('/cnn/trump') ?? 0) - before, 2);
    const retried = await enrichSources(store.db, {
      fetcher: fetcher(),
      extract: extractPage,
      retry: ['blocked'],
    });
    assert.deepEqual([retried.visited, retried.counts.blocked], [1, 1]);
    store.db.close();
  });
});

/** Records of a run, without the time they were made (compared across runs). */
function recordsOf(db: DatabaseSync, urls: string[]): unknown[] {
  const articles = readArticles(db, urls);
  return urls.map((u) => [u, articles.get(u) ?? null]);
}

describe('enrich with hostile pages among real ones', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let dir: string;
  const extractor = createBoundedExtractor();
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'currents-hostile-'));
    const page = (bytes: Buffer) => (_q: unknown, s: import('node:http').ServerResponse) => {
      s.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      s.end(bytes);
    };
    const gzipped = (bytes: Buffer) => (_q: unknown, s: import('node:http').ServerResponse) => {
      s.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      s.end(gzipSync(bytes));
    };
    server = await startServer({
      '/cnn': page(CNN),
      '/latimes': page(LATIMES),
      '/nested-1mb': gzipped(Buffer.from(`<html><body>${'<b>'.repeat(333333)}<p>x</p>`)),
      '/nested-4mb': gzipped(Buffer.from(`<html><body>${'<b>'.repeat(4 * 333333)}<p>x</p>`)),
      '/bomb': gzipped(Buffer.alloc(64 * 1024 * 1024)),
      '/deep-100k': page(Buffer.from(`<html><body>${'<div>'.repeat(100_000)}x`)),
      // 100 MB streamed without a Content-Length: the fetcher stops reading at its cap.
      '/huge': (_q, s) => {
        s.writeHead(200, { 'content-type': 'text/html' });
        const chunk = Buffer.alloc(1024 * 1024, 0x61);
        let sent = 0;
        const pump = (): void => {
          while (sent < 100 && !s.destroyed) {
            sent++;
            if (!s.write(chunk)) {
              s.once('drain', pump);
              return;
            }
          }
          s.end();
        };
        pump();
      },
    });
  });
  after(async () => {
    await extractor.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('regression: a 1 KB page freezes enrich — nested pages, 100k nested elements, a 100 MB page and a gzip bomb end failed, every normal source is recorded as without them', async () => {
    const normal = [`${server.origin}/cnn`, `${server.origin}/latimes`];
    const hostile = [
      `${server.origin}/nested-1mb`,
      `${server.origin}/nested-4mb`,
      `${server.origin}/bomb`,
      `${server.origin}/deep-100k`,
      `${server.origin}/huge`,
    ];
    const run = async (file: string, urls: string[]) => {
      const store = openStore(join(dir, file));
      addSources(store.db, urls);
      const started = performance.now();
      const report = await enrichSources(store.db, {
        fetcher: createFetcher({ allowHosts: ['127.0.0.1'], hostDelayMs: 5, robots: false }),
        extract: pageExtractorOf(extractor),
        cdx: `${server.origin}/cdx-unused`,
      });
      return { store, report, ms: performance.now() - started };
    };
    const alone = await run('alone.db', normal);
    const mixed = await run('mixed.db', [...hostile, ...normal]);
    assert.deepEqual(recordsOf(mixed.store.db, normal), recordsOf(alone.store.db, normal));
    assert.equal(readArticles(mixed.store.db, [normal[0] as string]).get(normal[0] as string)?.outcome, 'ok');
    const reasons = mixed.store.db
      .prepare('SELECT url, outcome, reason FROM articles WHERE url IN (?, ?, ?, ?, ?) ORDER BY url')
      .all(...hostile)
      .map((r) => [r['url'], r['outcome'], r['reason']]);
    const nested = 'extraction failed: page refused: elements nested more than 500 deep';
    assert.deepEqual(reasons, [
      [
        hostile[2],
        'failed',
        `too-large-decoded: decompressed body over the cap of 10485760 bytes (${hostile[2]})`,
      ],
      [hostile[3], 'failed', `${nested} (at byte 2502)`],
      [hostile[4], 'failed', `too-large: body over the cap of 5242880 bytes (${hostile[4]})`],
      [hostile[0], 'failed', `${nested} (at byte 1506)`],
      [hostile[1], 'failed', `${nested} (at byte 1506)`],
    ]);
    // Each nested page was under 2 s; the whole mixed run stays within seconds of the normal one.
    assert.ok(mixed.ms < alone.ms + 6000, `mixed ${mixed.ms.toFixed(0)} ms, alone ${alone.ms.toFixed(0)} ms`);
    alone.store.db.close();
    mixed.store.db.close();
  });
});

/** A resolver standing in for DNS: names in `live` answer 127.0.0.1, every other lookup fails with `code`. */
function resolverOf(live: Set<string>, code = 'ENOTFOUND'): Resolver {
  return {
    resolve: async (host) => {
      if (live.has(host)) return [{ address: '127.0.0.1', family: 4 }];
      throw Object.assign(new Error(`lookup ${host}`), { code });
    },
  };
}

describe('enrich offline and online again', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let dir: string;
  const hosts = ['apnews.example', 'cnn.example', 'latimes.example', 'archive.example'];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'currents-offline-'));
    server = await startServer({
      '/cnn': (_q, s) => {
        s.writeHead(200, { 'content-type': 'text/html' });
        s.end(CNN);
      },
      '/latimes': (_q, s) => {
        s.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        s.end(LATIMES);
      },
      '/cdx': (_q, s) => {
        s.writeHead(200, { 'content-type': 'application/json' });
        s.end('[]');
      },
    });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const urlsOf = () => [
    `http://apnews.example:${server.port}/cnn`,
    `http://cnn.example:${server.port}/cnn?page=2`,
    `http://latimes.example:${server.port}/latimes`,
  ];
  const fetcherOf = (resolver: Resolver) =>
    createFetcher({ resolver, allowHosts: hosts, hostDelayMs: 5, backoffMs: 5 });
  const cdx = () => `http://archive.example:${server.port}/cdx`;

  test('regression: an offline run poisons the store — with every DNS lookup failing, sources stay not yet fetched and a plain run fetches them later', async () => {
    const store = openStore(join(dir, 'offline.db'));
    const urls = urlsOf();
    addSources(store.db, urls);
    for (const code of ['ENOTFOUND', 'ECONNREFUSED']) {
      const offline = await enrichSources(store.db, {
        fetcher: fetcherOf(resolverOf(new Set(), code)),
        extract: extractPage,
        cdx: cdx(),
      });
      assert.deepEqual(
        [offline.offline, offline.unreached, offline.visited, offline.counts, offline.stored],
        [
          true,
          3,
          3,
          { ok: 0, archived: 0, dead: 0, blocked: 0, failed: 0 },
          { ok: 0, archived: 0, dead: 0, blocked: 0, failed: 0 },
        ],
        code,
      );
      // Pages read nothing about these sources: no "link dead".
      assert.equal(readArticles(store.db, urls).size, 0);
    }
    const online = await enrichSources(store.db, {
      fetcher: fetcherOf(resolverOf(new Set(hosts))),
      extract: extractPage,
      cdx: cdx(),
    });
    assert.deepEqual([online.offline, online.unreached, online.visited], [false, 0, 3]);
    assert.deepEqual(online.stored, { ok: 3, archived: 0, dead: 0, blocked: 0, failed: 0 });
    store.db.close();
  });

  test('records an unknown host as dead once another host has answered in the same run', async () => {
    const store = openStore(join(dir, 'nxdomain.db'));
    // Sorted first, so its outcome is known before any host has answered: it waits, then is written.
    const gone = `http://aaa-gone.example:${server.port}/story`;
    const urls = [gone, ...urlsOf()];
    addSources(store.db, urls);
    const report = await enrichSources(store.db, {
      fetcher: fetcherOf(resolverOf(new Set(hosts))),
      extract: extractPage,
      cdx: cdx(),
      concurrency: 1,
    });
    assert.deepEqual(
      [report.offline, report.unreached, report.counts.dead, report.counts.ok],
      [false, 0, 1, 3],
    );
    assert.equal(readArticles(store.db, [gone]).get(gone)?.outcome, 'dead');
    store.db.close();
  });

  test('regression: an offline run poisons the store — records an earlier offline run left are forgotten and fetched by a plain run', async () => {
    const store = openStore(join(dir, 'poisoned.db'));
    const urls = urlsOf();
    const earlier = `http://cnn.example:${server.port}/cnn?page=3`;
    addSources(store.db, [...urls, earlier]);
    // What an earlier offline run wrote: every host "dead" (DNS not found) within a second.
    const at = (s: number) => new Date(Date.UTC(2026, 0, 2, 10, 0, s)).toISOString();
    const poisoned = (url: string, i: number): ArticleRecord => ({
      url,
      outcome: i === 2 ? 'failed' : 'dead',
      reason:
        i === 2
          ? `DNS lookup of ${new URL(url).hostname} skipped: no DNS server answers`
          : `DNS lookup of ${new URL(url).hostname} failed: ENOTFOUND`,
      finalUrl: null,
      archiveUrl: null,
      title: null,
      siteName: null,
      publishedTime: null,
      canonicalUrl: null,
      lang: null,
      byline: null,
      lede: null,
      excerpt: null,
      charset: null,
      enrichedAt: at(i),
    });
    urls.forEach((u, i) => {
      writeArticle(store.db, poisoned(u, i));
    });
    // A source enriched the day before, online: it does not vouch for the offline run.
    writeArticle(store.db, {
      ...poisoned(earlier, 0),
      outcome: 'ok',
      reason: null,
      enrichedAt: '2026-01-01T10:00:00.000Z',
    });
    const run = await enrichSources(store.db, {
      fetcher: fetcherOf(resolverOf(new Set(hosts))),
      extract: extractPage,
      cdx: cdx(),
    });
    assert.deepEqual([run.forgotten, run.visited, run.offline], [3, 3, false]);
    assert.deepEqual(run.stored, { ok: 4, archived: 0, dead: 0, blocked: 0, failed: 0 });
    store.db.close();
  });

  test('keeps an unknown host recorded dead in a run where other hosts answered', async () => {
    const store = openStore(join(dir, 'kept.db'));
    const gone = `http://gone.example:${server.port}/story`;
    const urls = [...urlsOf(), gone];
    addSources(store.db, urls);
    await enrichSources(store.db, {
      fetcher: fetcherOf(resolverOf(new Set(hosts))),
      extract: extractPage,
      cdx: cdx(),
    });
    const again = await enrichSources(store.db, {
      fetcher: fetcherOf(resolverOf(new Set(hosts))),
      extract: extractPage,
      cdx: cdx(),
    });
    assert.deepEqual([again.forgotten, again.visited], [0, 0]);
    assert.equal(readArticles(store.db, [gone]).get(gone)?.outcome, 'dead');
    store.db.close();
  });
});
