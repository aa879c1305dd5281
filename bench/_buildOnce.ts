// One `currents build` in its own process, for the build and site benchmarks: runs what the command
// runs (`buildInWorker`: link, then publish, in a worker thread with a capped heap) and prints the
// report's figures, wall and CPU time and this process's peak RSS as one JSON line.
// Usage: node bench/_buildOnce.ts DB OUT [md|html|both]
import { buildInWorker } from '../src/cli/commands/build.ts';
import type { OutputReport } from '../src/publish/engine/publish.ts';

/** What one build process did: link, publish, per output, and peak memory. */
export interface BuildFigures {
  ms: number;
  cpuMs: number;
  linkMs: number;
  recomputed: number;
  publishMs: number;
  /** Files rendered, written, removed, and whether the build was incremental. */
  pages: number;
  written: number;
  removed: number;
  incremental: boolean;
  outputs: Record<string, OutputReport>;
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
const figures: BuildFigures = {
  ms,
  cpuMs: (used.user + used.system) / 1000,
  linkMs: r.ms.link,
  recomputed: r.link.recomputed,
  publishMs: r.ms.publish,
  pages: r.publish.pages,
  written: r.publish.written.length,
  removed: r.publish.removed.length,
  incremental: r.publish.incremental,
  outputs: r.publish.outputs,
  maxRssMiB: process.resourceUsage().maxRSS / 1024,
};
process.stdout.write(`${JSON.stringify(figures)}\n`);
