import { fileInputs, listInputFiles } from '../../ingest/files.ts';
import { type IngestReport, ingestDays } from '../../ingest/pipeline.ts';
import { UsageError } from '../../model/errors.ts';
import { formatWarning } from '../../model/warning.ts';
import { countArchive } from '../../store/events.ts';
import { openStore } from '../../store/open.ts';
import { type Command, stringOption } from '../command.ts';
import { progress } from '../progress.ts';
import { terminalLine, terminalText } from '../terminal.ts';

/** The run report: what was read, what changed, warnings by kind, failed inputs (input-derived text escaped for the terminal). */
export function formatIngestReport(
  r: IngestReport,
  totals: ReturnType<typeof countArchive>,
  verbose: boolean,
): string {
  const byKind = new Map<string, number>();
  for (const w of r.warnings) byKind.set(w.kind, (byKind.get(w.kind) ?? 0) + 1);
  const lines = [
    `Ingested ${r.days} day${r.days === 1 ? '' : 's'} (${r.added} new, ${r.replaced} replaced, ${r.unchanged} unchanged): ${r.events} events, ${r.entities} entities, ${r.sources} sources`,
    `Warnings: ${r.warnings.length}${byKind.size ? ` (${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}`,
  ];
  const shown = verbose ? r.warnings : r.warnings.slice(0, 20);
  for (const w of shown) lines.push(`  ${terminalLine(formatWarning(w))}`);
  if (shown.length < r.warnings.length)
    lines.push(`  … ${r.warnings.length - shown.length} more (use --verbose)`);
  if (r.failed.length) {
    lines.push(
      `Failed: ${r.failed.length} input${r.failed.length === 1 ? '' : 's'} not ingested (those read are kept in the store):`,
    );
    for (const f of r.failed) lines.push(`  ${terminalLine(`${f.origin}: ${f.message}`)}`);
  }
  lines.push(
    `Store now holds ${totals.days} days, ${totals.events} events, ${totals.entities} entities, ${totals.sources} sources`,
  );
  return `${lines.join('\n')}\n`;
}

/** `currents ingest PATH…`: read portal wikitext files and folders into the store. */
export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'Read portal wikitext (files, folders, or the MediaWiki API) into the store',
  help: `Usage: currents ingest [--db FILE] PATH…
       currents ingest [--db FILE] --from DATE --to DATE [--api URL]

Reads "Portal:Current events" day pages into the store. PATH is a .wiki/.wikitext file (gzip
allowed: .wiki.gz), or a folder searched recursively for them. Each day's date comes from its
{{Current events|year=|month=|day=}} template, else from a YYYY-MM-DD file name.

Every era of the portal is understood: flat 2002–2006 lists with <ref>{{cite web}}</ref> sources,
";" headings (to early 2020), '''bold''' headings with deep storylines (after). The raw page is
stored before parsing; each day is written in one transaction. Re-ingesting an unchanged day
changes nothing; a changed page replaces the day's events, keeping the ids of unchanged events.

Bad input (empty, HTML, truncated, unclosed markup, invalid UTF-8, control characters, no date) is
reported by file and line; a file that cannot be read (a dangling or looping symlink, a FIFO, a
socket, a device, a folder named *.wiki, no permission) is reported by name and skipped; the rest
of the batch still goes in. UTF-8 and UTF-16 with a byte-order mark are read. Exit status: 0 when every input became a day
(warnings allowed), 1 when some input could not, 2 on bad usage.

Options:
  --from DATE    first day to fetch from the MediaWiki API (YYYY-MM-DD)
  --to DATE      last day to fetch (default: --from)
  --api URL      MediaWiki API endpoint (default https://en.wikipedia.org/w/api.php)
  --contact URL  contact URL or e-mail put in the API User-Agent (Wikimedia asks for one)
  --verbose      list every warning (default: the first 20)

Examples:
  currents ingest examples/portal                    # the bundled 25 real days
  currents ingest 2016-04-28.wiki archive/2016/      # a file and a folder
  currents --db news.db ingest dump/*.wiki.gz
  currents ingest --from 2016-04-01 --to 2016-04-30  # from Wikipedia
`,
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    api: { type: 'string' },
    contact: { type: 'string' },
    verbose: { type: 'boolean' },
  },
  allowPositionals: true,
  async run(ctx) {
    const from = stringOption(ctx, 'from');
    const to = stringOption(ctx, 'to');
    const api = stringOption(ctx, 'api');
    if (ctx.positionals.length === 0 && from === undefined) {
      throw new UsageError(
        'Nothing to ingest: give files or folders (currents ingest examples/portal) or --from DATE',
      );
    }
    if (ctx.positionals.length > 0 && from !== undefined) {
      throw new UsageError('Give either files/folders or --from/--to, not both');
    }
    if (from === undefined && (to !== undefined || api !== undefined)) {
      throw new UsageError(
        '--to and --api need --from DATE, e.g. currents ingest --from 2016-04-01 --to 2016-04-30',
      );
    }
    let inputs: Parameters<typeof ingestDays>[1];
    let skipped = 0;
    let ingested = 0;
    const notes: string[] = [];
    let bar: ReturnType<typeof progress> | undefined;
    let total: number;
    if (from !== undefined) {
      const { apiDayInputs } = await import('../../ingest/api/inputs.ts');
      const planned = apiDayInputs({
        from,
        to: to ?? from,
        ...(api ? { api } : {}),
        ...(typeof ctx.values['contact'] === 'string' ? { client: { contact: ctx.values['contact'] } } : {}),
        onWarning: (message: string) => {
          // Days without a page are common on sparse ranges: show the first few, count the rest.
          skipped++;
          if (skipped <= 10) notes.push(message);
          bar?.step(ingested + skipped, message);
        },
      });
      inputs = planned.inputs;
      total = planned.total;
    } else {
      const files = listInputFiles(ctx.positionals);
      inputs = fileInputs(files);
      total = files.length;
    }
    const store = openStore(ctx.dbFile);
    try {
      const meter = progress(ctx.stderr, 'ingest', total);
      bar = meter;
      let report: IngestReport;
      try {
        report = await ingestDays(store.db, inputs, {
          onDay: (origin, done) => {
            ingested = done;
            meter.step(done + skipped, origin);
          },
          command: 'ingest',
        });
      } finally {
        meter.finish();
        for (const n of notes) ctx.stderr.write(`warning: ${terminalLine(n)}\n`);
        if (skipped > notes.length)
          ctx.stderr.write(`warning: … and ${skipped - notes.length} more days not fetched\n`);
      }
      let redirectsFailed = false;
      if (from !== undefined) {
        // Which linked titles are redirects: entity pages, context and related events use the target.
        const { formatRedirectReport, updateRedirects } = await import('../../ingest/api/redirects.ts');
        const { parseRange } = await import('../../ingest/api/titles.ts');
        const contact = ctx.values['contact'];
        const r = await updateRedirects(store.db, parseRange(from, to ?? from), {
          ...(api ? { endpoint: api } : {}),
          ...(typeof contact === 'string' ? { contact } : {}),
          onRetry: (why, ms) =>
            ctx.stderr.write(`redirects: ${terminalLine(why)}; waiting ${(ms / 1000).toFixed(1)} s\n`),
        });
        ctx.stderr.write(`${terminalText(formatRedirectReport(r))}\n`);
        redirectsFailed = r.failed.length > 0;
      }
      ctx.stdout.write(formatIngestReport(report, countArchive(store.db), ctx.values['verbose'] === true));
      return report.failed.length > 0 || redirectsFailed ? 1 : 0;
    } finally {
      store.db.close();
    }
  },
};
