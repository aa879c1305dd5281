import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/open.ts';
import { hugoBuild } from './_hugo.ts';
import { type ScaleDay, scaleCorpus, storeScaleDay } from './_scale.ts';

interface Once {
  ms: number;
  linkMs: number;
  recomputed: number;
  pages: number;
  written: number;
  removed: number;
  incremental: boolean;
  maxRssMiB: number;
}

/** Runs one build in a fresh process (as `currents build` would run), so its peak memory is its own. */
function buildOnce(db: string, out: string): Once {
  const child = spawnSync(process.execPath, [new URL('./_buildOnce.ts', import.meta.url).pathname, db, out], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) throw new Error(`build failed: ${child.stderr.slice(0, 400)}`);
  return JSON.parse(child.stdout) as Once;
}

const f = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const row = (what: string, o: Once) =>
  `| ${what} | ${f(o.ms)} | ${f(o.linkMs)} (${o.recomputed} lists) | ${o.pages} rendered, ${o.written} written, ${o.removed} removed | ${o.incremental ? 'incremental' : 'full'} | ${o.maxRssMiB.toFixed(0)} MiB |`;

/** The Markdown build on the 150k-event scale corpus: full build, no-change rebuild, one new day. */
export async function run(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'currents-bench-build-'));
  const rows: string[] = [];
  try {
    const file = join(dir, 'currents.db');
    let last: ScaleDay;
    let events = 0;
    let dayCount = 0;
    {
      const days = scaleCorpus();
      last = days.at(-1) as ScaleDay;
      events = days.reduce((n, d) => n + d.events.length, 0);
      dayCount = days.length;
      const store = openStore(file);
      const t = performance.now();
      for (const day of days.slice(0, -1)) storeScaleDay(store.db, day);
      rows.push(
        `| store the corpus less its last day (${days.length - 1} days) | ${f(performance.now() - t)} | — | — | — | — |`,
      );
      store.db.close();
    }
    const out = join(dir, 'site');
    const full = buildOnce(file, out);
    rows.push(row('full build (link all + render + write)', full));
    rows.push(
      `| — rendering and writing rate | ${(((full.pages / (full.ms - full.linkMs)) * 1000) | 0).toString()} pages/s | | | | |`,
    );
    const hugo = hugoBuild(out, dir);
    const hugoRow =
      typeof hugo === 'string'
        ? `\n${hugo}\n`
        : `\nSide by side, same run: ${hugo.version} renders the same ${full.pages} Markdown pages (event, day, month, year, root) to HTML with a one-template theme in **${f(hugo.ms)}** (${hugo.pages} HTML files, peak RSS ${hugo.maxRssMiB.toFixed(0)} MiB). Currents' full build (link + render + write) is **${(hugo.ms / full.ms).toFixed(2)}×** Hugo's speed; its render-and-write part alone ${(hugo.ms / (full.ms - full.linkMs)).toFixed(2)}× (goal ≥ 3×). The HTML site's own build is measured in the "site" section.\n`;
    rows.push(row('rebuild, nothing changed', buildOnce(file, out)));
    try {
      const store = openStore(file);
      storeScaleDay(store.db, last);
      store.db.close();
      rows.push(
        row(`rebuild after one new day (${last.date}, ${last.events.length} events)`, buildOnce(file, out)),
      );
    } catch (error) {
      rows.push(`| rebuild after one new day (${last.date}) | failed: ${(error as Error).message} | | | | |`);
    }
    return `### Markdown build (src/publish/markdown)

Command: \`node bench/run.ts build\`. Data: the scale corpus of \`bench/_scale.ts\` (${events} events, ${dayCount} days),
stored with the store's own \`writeDay\`; each build runs \`buildMarkdown\` (what \`currents build\` runs) in a fresh
process (\`bench/_buildOnce.ts\`) into a temp folder, and reports that process's peak RSS (goal ≤ 2 GiB).

| step | wall | of which link | pages | mode | peak RSS |
|---|---|---|---|---|---|
${rows.join('\n')}
${hugoRow}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
