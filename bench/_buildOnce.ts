// One `currents build` in its own process, for the build benchmark: prints the report's figures,
// the wall time and this process's peak RSS as one JSON line. Usage: node bench/_buildOnce.ts DB OUT
import { buildMarkdown } from '../src/publish/markdown/build.ts';
import { openStore } from '../src/store/open.ts';

const [db, out] = process.argv.slice(2);
if (!db || !out) throw new Error('usage: node bench/_buildOnce.ts DB OUT');
const store = openStore(db);
const t = performance.now();
const r = buildMarkdown(store.db, { out });
const ms = performance.now() - t;
store.db.close();
process.stdout.write(
  `${JSON.stringify({
    ms,
    linkMs: r.link.ms,
    recomputed: r.link.recomputed,
    pages: r.pages,
    written: r.written.length,
    removed: r.removed.length,
    incremental: r.incremental === true,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
