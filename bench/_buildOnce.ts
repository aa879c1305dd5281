// One `currents build` in its own process, for the build and site benchmarks: runs what the command
// runs (`buildInWorker`: the builds in a worker thread with a capped heap, linking once) and prints
// the reports' figures, wall and CPU time and this process's peak RSS as one JSON line.
// Usage: node bench/_buildOnce.ts DB OUT [md|html|both]
import { buildInWorker } from '../src/cli/commands/build.ts';

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
if (!db || !out || (format !== 'md' && format !== 'html' && format !== 'both'))
  throw new Error('usage: node bench/_buildOnce.ts DB OUT [md|html|both]');
const cpu = process.cpuUsage();
const t = performance.now();
const r = await buildInWorker(db, { out, format });
const ms = performance.now() - t;
const used = process.cpuUsage(cpu);
const link = r.md?.link ?? r.html?.link;
const figures: BuildFigures = {
  ms,
  cpuMs: (used.user + used.system) / 1000,
  linkMs: link?.ms ?? 0,
  recomputed: link?.recomputed ?? 0,
  md: r.md && {
    ms: r.ms.md,
    pages: r.md.pages,
    written: r.md.written.length,
    removed: r.md.removed.length,
    incremental: r.md.incremental === true,
  },
  html: r.html && {
    ms: r.ms.html,
    pages: r.html.pages,
    written: r.html.written.length,
    removed: r.html.removed.length,
    incremental: r.html.incremental,
  },
  maxRssMiB: process.resourceUsage().maxRSS / 1024,
};
process.stdout.write(`${JSON.stringify(figures)}\n`);
