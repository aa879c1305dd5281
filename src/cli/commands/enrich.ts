import {
  type EnrichReport,
  enrichSources,
  type OutcomeCounts,
  type PageExtractor,
} from '../../enrich/enrich.ts';
import { createFetcher } from '../../enrich/fetch.ts';
import { DEFAULT_CDX } from '../../enrich/wayback.ts';
import { UsageError } from '../../model/errors.ts';
import { openStore } from '../../store/open.ts';
import { type Command, type CommandContext, stringOption } from '../command.ts';
import { terminalLine, terminalText } from '../terminal.ts';

function positiveInt(
  ctx: CommandContext,
  name: string,
  fallback: number | undefined,
  example: string,
): number | undefined {
  const raw = stringOption(ctx, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`--${name} needs a whole number, e.g. ${example} (got "${raw}")`);
  return n;
}

function countsLine(c: OutcomeCounts): string {
  return `ok ${c.ok} · archived ${c.archived} · dead ${c.dead} · blocked ${c.blocked} · failed ${c.failed}`;
}

/**
 * What a run says about the network: sources left unfetched because no host answered (offline), and
 * records of an earlier offline run cleared to fetch again. Empty when neither happened.
 */
export function networkNote(r: Pick<EnrichReport, 'offline' | 'unreached' | 'forgotten'>): string {
  const s = (n: number) => (n === 1 ? '' : 's');
  let out = '';
  if (r.forgotten > 0) {
    out += `Cleared ${r.forgotten} record${s(r.forgotten)} of an earlier offline run (no host had answered) to fetch again.\n`;
  }
  if (r.offline) {
    const one = r.unreached === 1;
    out += `Ran offline: no host answered (DNS or network down), so ${r.unreached} source${s(r.unreached)} ${one ? 'stays' : 'stay'} not yet fetched (nothing is recorded or shown about ${one ? 'it' : 'them'}); run \`currents enrich\` once online.\n`;
  }
  return out;
}

function report(r: EnrichReport): string {
  return `Enriched ${r.visited} source${r.visited === 1 ? '' : 's'}: ${countsLine(r.counts)}
Store now holds: ${countsLine(r.stored)}
${networkNote(r)}`;
}

/** `currents enrich`: fetch every cited source politely, rescue dead ones from the web archive, store ledes. */
export const enrichCommand: Command = {
  name: 'enrich',
  summary: 'Fetch every cited source (politely), rescue dead ones from the Wayback Machine, store ledes',
  help: `Usage: currents enrich [--refresh DAYS] [--retry-failed] [--limit N] [--concurrency N] [--cdx URL] [--allow-private]

Visits every source URL in the store not enriched yet, stores the raw response (gzip) and the
extracted title, publisher, date, language, lede and excerpt. Dead sources (404/410, unknown host,
parked or soft-404 pages) are looked up in the Wayback Machine near the event's date. A killed run
continues where it stopped; nothing is fetched twice. When no host answers at all (offline), nothing
is recorded: the next run fetches those sources. Each page is extracted in a worker with a deadline.

Politeness: robots.txt and Crawl-delay are honoured, one request at a time per host with a pause.
Safety: only http(s); private, loopback, link-local and metadata addresses are refused after DNS.

Options:
  --refresh DAYS      also re-enrich sources enriched more than DAYS days ago
  --retry-failed      also retry sources whose last outcome was failed or dead
  --limit N           enrich at most N sources in this run
  --concurrency N     sources worked on at once (default 8; still one request per host)
  --cdx URL           Wayback CDX endpoint (default ${DEFAULT_CDX})
  --contact URL       contact URL put in the User-Agent
  --allow-private     allow private and loopback addresses (local testing only)
  --allow-host HOST   allow this host even if it resolves to a private address (repeatable)

Examples:
  currents enrich                         # everything not enriched yet
  currents enrich --limit 50              # a first small batch
  currents enrich --refresh 30            # also refresh records older than 30 days
  currents enrich --retry-failed          # try failed and dead sources again
  currents enrich --cdx http://127.0.0.1:8080/cdx --allow-host 127.0.0.1
`,
  options: {
    refresh: { type: 'string' },
    limit: { type: 'string' },
    concurrency: { type: 'string' },
    cdx: { type: 'string' },
    contact: { type: 'string' },
    'allow-private': { type: 'boolean' },
    'retry-failed': { type: 'boolean' },
    'allow-host': { type: 'string', multiple: true },
  },
  allowPositionals: false,
  async run(ctx) {
    const refresh = positiveInt(ctx, 'refresh', undefined, '--refresh 30');
    const limit = positiveInt(ctx, 'limit', undefined, '--limit 50');
    const concurrency = positiveInt(ctx, 'concurrency', 8, '--concurrency 4') ?? 8;
    if (concurrency < 1) throw new UsageError('--concurrency needs at least 1, e.g. --concurrency 4');
    const cdx = stringOption(ctx, 'cdx');
    if (cdx !== undefined && !/^https?:\/\//.test(cdx)) {
      throw new UsageError(`--cdx needs an http(s) URL, e.g. --cdx ${DEFAULT_CDX} (got "${cdx}")`);
    }
    const hosts = ctx.values['allow-host'];
    const contact = stringOption(ctx, 'contact');
    const fetcher = createFetcher({
      concurrency,
      allowPrivate: ctx.values['allow-private'] === true,
      allowHosts: Array.isArray(hosts) ? hosts : [],
      ...(contact ? { contact } : {}),
    });
    const { createBoundedExtractor, pageExtractorOf } = await import('../../enrich/boundedExtract.ts');
    const extractor = createBoundedExtractor();
    const extract: PageExtractor = pageExtractorOf(extractor);
    const store = openStore(ctx.dbFile);
    try {
      const startedAt = new Date().toISOString();
      const tty = ctx.stderr.isTTY === true;
      const result = await enrichSources(store.db, {
        fetcher,
        extract,
        concurrency,
        ...(cdx ? { cdx } : {}),
        ...(limit !== undefined ? { limit } : {}),
        ...(ctx.values['retry-failed'] === true ? { retry: ['failed' as const, 'dead' as const] } : {}),
        ...(refresh !== undefined
          ? { olderThan: new Date(Date.now() - refresh * 86_400_000).toISOString() }
          : {}),
        onProgress: (done, total, counts, last) => {
          if (tty) {
            const width = Math.max(10, Math.min(30, (ctx.stderr.columns ?? 80) - 70));
            const filled = Math.round((done / Math.max(total, 1)) * width);
            ctx.stderr.write(
              `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${countsLine(counts)}\x1b[K`,
            );
            if (done === total) ctx.stderr.write('\n');
          } else {
            const why = last.reason ? ` (${last.reason.slice(0, 160)})` : '';
            ctx.stderr.write(
              `enrich ${done}/${total} ${last.outcome} ${terminalLine(`${last.url}${why}`)}\n`,
            );
          }
        },
      });
      store.db
        .prepare('INSERT INTO runs (command, started_at, finished_at, report) VALUES (?, ?, ?, ?)')
        .run('enrich', startedAt, new Date().toISOString(), JSON.stringify(result));
      ctx.stdout.write(terminalText(report(result)));
      return 0;
    } finally {
      store.db.close();
      await extractor.close();
    }
  },
};
