// One `currents build` in its own process, for the build and site benchmarks: prints the reports'
// figures, wall and CPU time and this process's peak RSS as one JSON line.
// Usage: node bench/_buildOnce.ts DB OUT [md|html|both]  (both: as `currents build`, linking once)
import type { LinkReport } from '../src/link/link.ts';
import { buildHtml } from '../src/publish/html/build.ts';
import { buildMarkdown } from '../src/publish/markdown/build.ts';
import { openStore } from '../src/store/open.ts';

/** What one format's build did. */
export interface FormatFigures {
  ms: number;
  pages: number;
  written: number;
  removed: number;
  incremental: boolean;
}

/** What one build process did: per format, link, totals and peak memory. */
export interface BuildFigures {
  ms: number;
  cpuMs: number;
  linkMs: number;
  recomputed: number;
  md: FormatFigures | null;
  html: FormatFigures | null;
  maxRssMiB: number;
}

const [db, out, format = 'both'] = process.argv.slice(2);
if (!db || !out || !['md', 'html', 'both'].includes(format))
  throw new Error('usage: node bench/_buildOnce.ts DB OUT [md|html|both]');
const store = openStore(db);
const cpu = process.cpuUsage();
const t = performance.now();
let md: FormatFigures | null = null;
let html: FormatFigures | null = null;
let link: LinkReport | undefined;
if (format !== 'html') {
  const r = buildMarkdown(store.db, { out });
  link = r.link;
  md = {
    ms: performance.now() - t,
    pages: r.pages,
    written: r.written.length,
    removed: r.removed.length,
    incremental: r.incremental === true,
  };
}
if (format !== 'md') {
  const start = performance.now();
  const r = buildHtml(store.db, { out, ...(link ? { linked: link } : {}) });
  link = r.link;
  html = {
    ms: performance.now() - start,
    pages: r.pages,
    written: r.written.length,
    removed: r.removed.length,
    incremental: r.incremental,
  };
}
const ms = performance.now() - t;
const used = process.cpuUsage(cpu);
store.db.close();
const figures: BuildFigures = {
  ms,
  cpuMs: (used.user + used.system) / 1000,
  linkMs: link?.ms ?? 0,
  recomputed: link?.recomputed ?? 0,
  md,
  html,
  maxRssMiB: process.resourceUsage().maxRSS / 1024,
};
process.stdout.write(`${JSON.stringify(figures)}\n`);
