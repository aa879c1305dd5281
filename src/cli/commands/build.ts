import type { LinkReport } from '../../link/link.ts';
import { RANKS } from '../../link/rank.ts';
import { UsageError } from '../../model/errors.ts';
import { buildHtml, formatHtmlBuildReport } from '../../publish/html/build.ts';
import { type BuildReport, buildMarkdown } from '../../publish/markdown/build.ts';
import { openStore } from '../../store/open.ts';
import { type Command, stringOption } from '../command.ts';
import { formatLinkReport, rankOption } from './link.ts';

/** The build report: pages written, unchanged and removed (listed with --dry-run or --verbose). */
export function formatBuildReport(r: BuildReport, list: boolean): string {
  const verb = r.dryRun ? 'would write' : 'written';
  const lines = [
    `${r.pages} pages ${r.incremental ? 'affected since the last build' : 'rendered'}: ${r.written.length} ${verb}, ${r.unchanged} unchanged, ${r.removed.length} ${r.dryRun ? 'would be removed' : 'removed'}`,
  ];
  if (list) {
    for (const f of r.written) lines.push(`  write  ${f}`);
    for (const f of r.removed) lines.push(`  remove ${f}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `currents build`: write the Markdown archive, incrementally. */
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
assets/), feeds/*.atom.xml and *.json (Atom, JSON Feed), sitemap.xml; its manifest is
DIR/.currents-build-html.json.

Related lists are brought up to date first (as \`currents link\`, incremental). Pages are
rendered and compared with the last build (DIR/.currents-build.json, or the files themselves):
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
    const store = openStore(ctx.dbFile);
    try {
      const list = dryRun || ctx.values['verbose'] === true;
      const full = ctx.values['full'] === true;
      let linked: LinkReport | undefined;
      if (format !== 'html') {
        const report = buildMarkdown(store.db, { out, rank, dryRun, full });
        linked = report.link;
        ctx.stdout.write(formatLinkReport(report.link));
        ctx.stdout.write(formatBuildReport(report, list));
      }
      if (format !== 'md') {
        // Both formats: the Markdown build has just linked, so the HTML build does not link again.
        const html = buildHtml(store.db, { out, rank, dryRun, baseUrl, full, ...(linked ? { linked } : {}) });
        if (format === 'html') ctx.stdout.write(formatLinkReport(html.link));
        ctx.stdout.write(formatHtmlBuildReport(html, list));
      }
      return 0;
    } finally {
      store.db.close();
    }
  },
};
