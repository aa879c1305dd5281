import { Worker } from 'node:worker_threads';
import { RANKS } from '../../link/rank.ts';
import { UsageError } from '../../model/errors.ts';
import { buildSite, type SiteBuildOptions, type SiteBuildReport } from '../../pipeline.ts';
import { formatPublishReport } from '../../publish/engine/publish.ts';
import { openStore } from '../../store/open.ts';
import { type Command, stringOption } from '../command.ts';
import { formatLinkReport, rankOption } from './link.ts';

/**
 * Old-generation heap of the build's worker, in MiB. The live data of a 150k-event build stays
 * under 700 MiB, but with the default limit (4 GiB here) V8 lets garbage pile up: the combined
 * build peaked at 1,939 MiB RSS in process and at 1,101 MiB, and faster, with the heap capped
 * (docs/DESIGN.md, "Build memory").
 */
const WORKER_HEAP_MIB = 1024;

/**
 * Runs `buildSite` in a worker thread whose heap is capped (`heapMiB`, default WORKER_HEAP_MIB); if the archive
 * needs more than that, the build runs again in this thread without the cap (files already
 * written are compared with the manifest as usual, so the result is the same).
 */
export async function buildInWorker(
  dbFile: string,
  options: SiteBuildOptions,
  heapMiB = WORKER_HEAP_MIB,
): Promise<SiteBuildReport> {
  const worker = new Worker(new URL('./_build-worker.ts', import.meta.url), {
    workerData: { dbFile, options },
    resourceLimits: { maxOldGenerationSizeMb: heapMiB },
  });
  try {
    return await new Promise<SiteBuildReport>((resolve, reject) => {
      worker.once('message', (report: SiteBuildReport) => resolve(report));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the build worker exited with code ${code}`)));
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_WORKER_OUT_OF_MEMORY') throw error;
    process.stderr.write(
      `build: the archive needs more than ${heapMiB} MiB of heap in the build worker; building again in the main thread\n`,
    );
    const store = openStore(dbFile);
    try {
      return buildSite(store.db, options);
    } finally {
      store.db.close();
    }
  }
}

/** `currents build`: write the Markdown archive and the HTML site, incrementally. */
export const buildCommand: Command = {
  name: 'build',
  summary: 'Write the Markdown archive and the HTML site (pages, entities, search, feeds), only what changed',
  help: `Usage: currents build [--db FILE] [--out DIR] [--format md|html|both] [--base-url URL] [--rank NAME] [--dry-run] [--verbose]

Writes the archive as Markdown under DIR (default site):
  index.md                         years
  news/YYYY/index.md               months of a year
  news/YYYY/MM/index.md            days of a month
  news/YYYY/MM/DD/index.md         a day's events under category and storyline headings
  news/YYYY/MM/DD/<slug>.md        one event: summary, lede excerpt, sources, related events
Links are site-absolute (/news/…), so serve DIR as a site root.
The HTML site sits beside it at the same paths with .html (relative links: works from a folder
with file:// too), plus entity/<slug>.html, storyline/<slug>.html, search.html (offline index in
assets/), feeds/*.atom.xml and *.json (Atom, JSON Feed), sitemap.xml, robots.txt, and the
day's events as JSON at data/YYYY/MM/DD.json (the objects of \`currents export events\`).

Related lists are brought up to date first (as \`currents link\`, incremental). Pages are
rendered and compared with the last build (DIR/.currents-build.json and .currents-build-files.json,
or the files themselves):
only changed pages are written, pages of events that no longer exist are removed, and a build
after no change writes nothing.

Options:
  --out DIR      output folder (default site)
  --format F     md, html or both (default both)
  --base-url URL where the site will be published, for feeds and sitemap (default http://127.0.0.1:8080/)
  --rank NAME    related ranking shown: ${RANKS.join(', ')} (default reference)
  --dry-run      list what would be written or removed, write nothing
  --full         render every page, not only those affected since the last build
  --verbose      list every page written or removed

Examples:
  currents build                          # ./site
  currents build --out /srv/news --dry-run
  currents build --format html --base-url https://news.example.org/
  currents --db news.db build --rank idf --out site-idf
`,
  options: {
    out: { type: 'string' },
    format: { type: 'string' },
    'base-url': { type: 'string' },
    rank: { type: 'string' },
    'dry-run': { type: 'boolean' },
    full: { type: 'boolean' },
    verbose: { type: 'boolean' },
  },
  allowPositionals: false,
  async run(ctx) {
    const format = stringOption(ctx, 'format', 'both');
    if (format !== 'md' && format !== 'html' && format !== 'both')
      throw new UsageError(`--format must be md, html or both (got "${format}"); e.g. --format html`);
    const baseUrl = stringOption(ctx, 'base-url', 'http://127.0.0.1:8080/');
    if (!/^https?:\/\/[^/]/.test(baseUrl) || !URL.canParse(baseUrl))
      throw new UsageError(
        `--base-url must be an http(s) URL (got "${baseUrl}"); e.g. --base-url https://news.example.org/`,
      );
    const out = stringOption(ctx, 'out', 'site');
    if (out === '') throw new UsageError('--out needs a folder, e.g. --out site');
    const rank = rankOption(ctx);
    const dryRun = ctx.values['dry-run'] === true;
    // Opened (and migrated) here first, so a bad store fails with its own message and exit code.
    openStore(ctx.dbFile).db.close();
    const list = dryRun || ctx.values['verbose'] === true;
    const options: SiteBuildOptions = {
      out,
      format,
      rank,
      dryRun,
      full: ctx.values['full'] === true,
      baseUrl,
    };
    if (ctx.values['base-url'] === undefined && format !== 'md' && !dryRun)
      ctx.stderr.write(
        `warning: feeds, sitemap.xml and robots.txt point at ${baseUrl}, the local preview address; to publish the site elsewhere, build it with its public URL: currents build --base-url https://news.example.org/\n`,
      );
    const report = await buildInWorker(ctx.dbFile, options);
    ctx.stdout.write(formatLinkReport(report.link));
    ctx.stdout.write(formatPublishReport(report.publish, list));
    return 0;
  },
};
