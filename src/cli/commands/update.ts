import { checkEndpoint, DEFAULT_ENDPOINT } from '../../ingest/api/client.ts';
import { formatRedirectReport } from '../../ingest/api/redirects.ts';
import { isDate, lastDays } from '../../ingest/api/titles.ts';
import { type UpdateReport, updateDays } from '../../ingest/api/update.ts';
import { UsageError } from '../../model/errors.ts';
import { countArchive } from '../../store/events.ts';
import { openStore } from '../../store/open.ts';
import { type Command, type CommandContext, stringOption } from '../command.ts';
import { progress } from '../progress.ts';
import { terminalLine, terminalText } from '../terminal.ts';
import { formatIngestReport } from './ingest.ts';

/** Most days one update may look back; longer backfills are `currents ingest --from --to`. */
const MAX_UPDATE_DAYS = 366;

/** Missing days listed by name in the report; the rest are counted. */
const MAX_LISTED = 10;

function wholeNumber(ctx: CommandContext, name: string, fallback: number, min: number, max: number): number {
  const raw = stringOption(ctx, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) {
    throw new UsageError(
      `--${name} needs a whole number from ${min} to ${max}, e.g. --${name} ${fallback} (got "${raw}")`,
    );
  }
  return n;
}

/** The update's own summary, then the ingest report of the re-ingested days. */
function formatUpdateReport(r: UpdateReport, first: string, last: string): string {
  const lines = [
    `Update ${first} … ${last}: ${r.requested} day${r.requested === 1 ? '' : 's'} asked, ${r.fetched} fetched, ${r.changed} changed, ${r.unchanged} unchanged, ${r.missing.length} missing, ${r.failed.length} failed`,
  ];
  if (r.missing.length > 0) {
    const more = r.missing.length > MAX_LISTED ? `, … ${r.missing.length - MAX_LISTED} more` : '';
    lines.push(`Missing (no page on the wiki): ${r.missing.slice(0, MAX_LISTED).join(', ')}${more}`);
  }
  for (const f of r.failed) lines.push(`Failed ${f.date}: ${f.message}`);
  return `${lines.join('\n')}\n`;
}

/** `currents update`: the daily job — fetch the last days and re-ingest those whose revision changed. */
export const updateCommand: Command = {
  name: 'update',
  summary: 'Fetch the last days from Wikipedia and re-ingest those whose revision changed',
  help: `Usage: currents update [--days N] [--until DATE] [--api URL] [--concurrency N] [--contact URL]

The daily job. Fetches the "Portal:Current events" pages of the last N days (up to today, UTC)
from the MediaWiki API, 50 titles a request, and compares each page's revision id with the one
stored: an unchanged day is skipped without parsing, a changed or new one is re-ingested (events
whose text did not change keep their ids). A day with no page yet is reported as missing, not as
a failure. Exit status: 0 when every day was fetched (missing pages allowed), 1 when some could not
be fetched or ingested, 2 on bad usage.

Politeness: a descriptive User-Agent, maxlag=5, at most --concurrency requests at once, waits as
long as Retry-After asks on 429/503 and maxlag errors, gives up on a day's batch after 5 retries.

Options:
  --days N          how many days back to look, today included (default 7, at most ${MAX_UPDATE_DAYS})
  --until DATE      last day to look at, YYYY-MM-DD (default today, UTC)
  --api URL         MediaWiki API endpoint (default ${DEFAULT_ENDPOINT})
  --concurrency N   requests at once (default 2, at most 4)
  --contact URL     contact URL or e-mail put in the User-Agent (Wikimedia asks for one)
  --verbose         list every ingest warning (default: the first 20)

Examples:
  currents update                                   # the last 7 days, e.g. from cron once a day
  currents update --days 30                         # after a month away
  currents update --days 7 --until 2016-04-30       # a past week, re-checked
  currents update --contact mailto:me@example.org
  currents update --api http://127.0.0.1:8080/w/api.php   # a local or mirror wiki
`,
  options: {
    days: { type: 'string' },
    until: { type: 'string' },
    api: { type: 'string' },
    concurrency: { type: 'string' },
    contact: { type: 'string' },
    verbose: { type: 'boolean' },
  },
  allowPositionals: false,
  async run(ctx) {
    const days = wholeNumber(ctx, 'days', 7, 1, MAX_UPDATE_DAYS);
    const concurrency = wholeNumber(ctx, 'concurrency', 2, 1, 4);
    const until = stringOption(ctx, 'until') ?? new Date().toISOString().slice(0, 10);
    if (!isDate(until)) {
      throw new UsageError(
        `--until needs a date written YYYY-MM-DD, e.g. --until 2016-04-30 (got "${until}")`,
      );
    }
    const endpoint = checkEndpoint(stringOption(ctx, 'api') ?? DEFAULT_ENDPOINT);
    const contact = stringOption(ctx, 'contact');
    const dates = lastDays(days, until);
    const store = openStore(ctx.dbFile);
    try {
      const bar = progress(ctx.stderr, 'update', dates.length);
      const report = await updateDays(store.db, dates, {
        api: {
          endpoint,
          concurrency,
          ...(contact ? { contact } : {}),
          onRetry: (why, ms) =>
            ctx.stderr.write(`update: ${terminalLine(why)}; waiting ${(ms / 1000).toFixed(1)} s\n`),
        },
        onDay: (date, outcome, done) => bar.step(done, `${date} ${outcome}`),
      });
      bar.finish();
      ctx.stdout.write(terminalText(formatUpdateReport(report, dates[0]!, dates.at(-1)!)));
      ctx.stderr.write(`${terminalText(formatRedirectReport(report.redirects))}\n`);
      if (report.changed > 0 || report.ingest.failed.length > 0) {
        ctx.stdout.write(
          formatIngestReport(report.ingest, countArchive(store.db), ctx.values['verbose'] === true),
        );
      }
      return report.failed.length > 0 || report.ingest.failed.length > 0 || report.redirects.failed.length > 0
        ? 1
        : 0;
    } finally {
      store.db.close();
    }
  },
};
