import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BuildFigures } from './_buildOnce.ts';
import { hugoBuild } from './_hugo.ts';
import { type ScaleDay, scaleCorpus, storeScaleDays } from './_scale.ts';

/** Runs one build in a fresh process (as `currents build` would run), so its peak memory is its own. */
export function buildOnce(db: string, out: string, format: 'md' | 'html' | 'both'): BuildFigures {
  const child = spawnSync(
    process.execPath,
    [new URL('./_buildOnce.ts', import.meta.url).pathname, db, out, format],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (child.status !== 0) throw new Error(`build failed: ${child.stderr.slice(0, 400)}`);
  return JSON.parse(child.stdout) as BuildFigures;
}

/** '1.23 s' or '456 ms'. */
export const f = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

/** The 1-minute load average, as the table prints it. */
export const load = () => (loadavg()[0] ?? 0).toFixed(1);

/** The publish cell: time, files rendered, written and removed, mode. */
export function publishCell(x: BuildFigures): string {
  return `${f(x.publishMs)}: ${x.pages} rendered, ${x.written} written, ${x.removed} removed (${x.incremental ? 'incremental' : 'full'})`;
}

/** A table row of one build process. */
export function buildRow(what: string, o: BuildFigures, loadBefore: string): string {
  return `| ${what} | ${f(o.ms)} | ${f(o.cpuMs)} | ${f(o.linkMs)} (${o.recomputed} lists) | ${publishCell(o)} | ${o.maxRssMiB.toFixed(0)} MiB | ${loadBefore} |`;
}

/**
 * The combined build (`currents build`: Markdown and HTML, linking once) on the 150k-event scale
 * corpus — full build, Hugo on the same Markdown in the same run, no-change rebuild, one new day.
 */
export async function run(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'currents-bench-build-'));
  const rows: string[] = [];
  try {
    const file = join(dir, 'currents.db');
    const days = scaleCorpus();
    const last = days.at(-1) as ScaleDay;
    const events = days.reduce((n, d) => n + d.events.length, 0);
    const stored = storeScaleDays(file, days.slice(0, -1));
    rows.push(`| store the corpus less its last day (${days.length - 1} days) | ${f(stored)} | | | | | |`);
    const out = join(dir, 'site');
    let before = load();
    const full = buildOnce(file, out, 'both');
    rows.push(buildRow('full build, Markdown + HTML (link all + render + write)', full, before));
    before = load();
    const hugo = hugoBuild(out, dir);
    const mdPages = full.outputs['markdown']?.rendered ?? 0;
    const hugoText =
      typeof hugo === 'string'
        ? hugo
        : `Side by side, same run (load ${before} before Hugo): ${hugo.version} renders the same ${mdPages} Markdown pages (event, day, month, year, root) to HTML with a one-template theme in **${f(hugo.ms)}** (${hugo.pages} HTML files, peak RSS ${hugo.maxRssMiB.toFixed(0)} MiB). Currents' full build of both formats (link + Markdown + HTML site with entity, storyline, search, feed and sitemap files) took ${f(full.ms)}: **${(hugo.ms / full.ms).toFixed(2)}×** Hugo's speed (goal ≥ 1.5×, beyond that 3×).`;
    before = load();
    rows.push(buildRow('rebuild, nothing changed', buildOnce(file, out, 'both'), before));
    try {
      storeScaleDays(file, [last]);
      before = load();
      rows.push(
        buildRow(
          `rebuild after one new day (${last.date}, ${last.events.length} events)`,
          buildOnce(file, out, 'both'),
          before,
        ),
      );
    } catch (error) {
      rows.push(
        `| rebuild after one new day (${last.date}) | failed: ${(error as Error).message} | | | | | |`,
      );
    }
    return `### Build, Markdown + HTML (src/publish), side by side with Hugo

Command: \`node bench/run.ts build\`. Data: the scale corpus of \`bench/_scale.ts\` (${events} events, ${days.length} days),
stored with the store's own \`writeDay\`. Each build runs what \`currents build\` runs (\`buildSite\`: link, then
\`publish\` of every output — Markdown, HTML, feeds, search, data, sitemap — in a worker thread with a capped heap) in a
fresh process (\`bench/_buildOnce.ts\`) into a temp folder, and reports that process's wall and CPU time and peak RSS
(goal ≤ 1.5 GiB). Load is the 1-minute load average before the step (2 cores, shared).

| step | wall | CPU | of which link | publish | peak RSS | load |
|---|---|---|---|---|---|---|
${rows.join('\n')}

${hugoText}
`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
