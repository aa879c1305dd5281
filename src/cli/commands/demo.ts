import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, UsageError } from '../../model/errors.ts';
import { buildArchive } from '../../pipeline.ts';
import { formatPublishReport } from '../../publish/engine/publish.ts';
import { countArchive } from '../../store/events.ts';
import { openStore } from '../../store/open.ts';
import { type Command, type CommandContext, stringOption } from '../command.ts';
import { networkNote } from './enrich.ts';
import { formatIngestReport } from './ingest.ts';
import { serveCommand } from './serve.ts';

/** The real sample bundled with Currents: 25 days of the portal (CC BY-SA 4.0, examples/portal/ATTRIBUTION.md). */
export const SAMPLE = fileURLToPath(new URL('../../../examples/portal/', import.meta.url));

/** `currents demo`: the whole pipeline on the bundled sample (what `npm start` runs). */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'Run the whole pipeline on the bundled 25 real days (what npm start runs)',
  help: `Usage: currents demo [--db FILE] [--out DIR] [--enrich-seconds N] [PATH…]

Ingests the bundled sample (examples/portal: 25 real days of the portal), or the given PATHs;
fetches the cited sources for at most N seconds (default 60; offline, it says so within seconds and
records nothing about the sources: a later \`currents enrich\` fetches them);
computes related events; builds the archive (Markdown and HTML) in DIR (default site); then
serves it with the JSON API (\`currents serve\`) and prints the URL, until Ctrl-C.
A second run reuses the store and finishes in seconds.

Options:
  --out DIR            output folder (default site)
  --enrich-seconds N   time allowed for fetching sources (default 60; 0 skips it)
  --port N             port to serve on (default 8080, or any free port when it is taken)
  --no-serve           build only: print where the archive is and exit

Examples:
  npm start                               # the same as: currents demo
  currents demo --enrich-seconds 0        # no network at all
  currents demo --no-serve                # build, then exit
  currents --db news.db demo --out public ~/portal-dump/
`,
  options: {
    out: { type: 'string' },
    'enrich-seconds': { type: 'string' },
    port: { type: 'string' },
    'no-serve': { type: 'boolean' },
  },
  allowPositionals: true,
  async run(ctx) {
    const out = resolve(stringOption(ctx, 'out', 'site'));
    const seconds = Number(stringOption(ctx, 'enrich-seconds', '60'));
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new UsageError('--enrich-seconds needs a number of seconds, e.g. --enrich-seconds 30');
    }
    const paths = ctx.positionals.length > 0 ? ctx.positionals : [SAMPLE];
    const code = await buildDemo(ctx, paths, out, seconds);
    if (ctx.values['no-serve'] === true || code !== 0) return code;
    return serveDemo(ctx, out);
  },
};

/** Serves the built archive as `currents serve` does, on --port or 8080, else any free port. */
async function serveDemo(ctx: CommandContext, out: string): Promise<number> {
  const port = stringOption(ctx, 'port', '8080');
  const run = (p: string) => serveCommand.run({ ...ctx, positionals: [], values: { out, port: p } });
  try {
    return await run(port);
  } catch (error) {
    if (
      error instanceof InputError &&
      /in use/.test(error.message) &&
      stringOption(ctx, 'port') === undefined
    ) {
      ctx.stderr.write(`Port ${port} is taken; serving on a free port instead\n`);
      return run('0');
    }
    throw error;
  }
}

async function buildDemo(
  ctx: CommandContext,
  paths: string[],
  out: string,
  seconds: number,
): Promise<number> {
  const store = openStore(ctx.dbFile);
  try {
    let last = '';
    const report = await buildArchive(store.db, {
      paths,
      out,
      enrichBudgetMs: seconds * 1000,
      onStage: (stage, detail) => {
        if (stage !== last) ctx.stderr.write(`${stage}: ${detail}\n`);
        else if (ctx.stderr.isTTY) ctx.stderr.write(`\r${stage}: ${detail}\x1b[K`);
        last = stage;
      },
    });
    const totals = countArchive(store.db);
    ctx.stdout.write(formatIngestReport(report.ingest, totals, false));
    if (report.enrich) {
      const c = report.enrich.stored;
      ctx.stdout.write(
        `Sources: ${report.enrich.visited} visited now; the store holds ok ${c.ok} · archived ${c.archived} · dead ${c.dead} · blocked ${c.blocked} · failed ${c.failed}\n`,
      );
      ctx.stdout.write(networkNote(report.enrich));
    }
    ctx.stdout.write(formatPublishReport(report.publish, false));
    ctx.stdout.write(
      `\nThe archive is in ${out} (start at ${resolve(out, 'index.md')}, or open ${resolve(out, 'index.html')} in a browser).\n`,
    );
    return report.ingest.failed.length > 0 ? 1 : 0;
  } finally {
    store.db.close();
  }
}
