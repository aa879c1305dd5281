import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ScaleDay, scaleCorpus, storeScaleDays } from './_scale.ts';
import { buildOnce, buildRow, f, load } from './build.bench.ts';

/** The HTML site build alone on the 150k-event scale corpus: full build, no-change rebuild, one new day. */
export async function run(): Promise<string> {
  const days = scaleCorpus();
  const last = days.at(-1) as ScaleDay;
  const dir = mkdtempSync(join(tmpdir(), 'currents-bench-site-'));
  const rows: string[] = [];
  try {
    const file = join(dir, 'currents.db');
    const events = days.reduce((n, d) => n + d.events.length, 0);
    const stored = storeScaleDays(file, days.slice(0, -1));
    rows.push(`| store the corpus less its last day (${days.length - 1} days) | ${f(stored)} | | | | | |`);
    const out = join(dir, 'site');
    let before = load();
    rows.push(buildRow('full HTML build (link all + render + write)', buildOnce(file, out, 'html'), before));
    before = load();
    rows.push(buildRow('rebuild, nothing changed', buildOnce(file, out, 'html'), before));
    storeScaleDays(file, [last]);
    before = load();
    rows.push(
      buildRow(
        `rebuild after one new day (${last.date}, ${last.events.length} events)`,
        buildOnce(file, out, 'html'),
        before,
      ),
    );
    return `### HTML site build (src/publish, --format html)

Command: \`node bench/run.ts site\`. Data: the scale corpus of \`bench/_scale.ts\` (${events} events, ${days.length} days),
stored with \`writeDay\`; each build runs what \`currents build --format html\` runs (\`buildSite\`: link, then \`publish\` of the HTML site's outputs, in a worker thread with a capped heap) in a fresh process
(\`bench/_buildOnce.ts\`) into a temp folder: wall and CPU time, peak RSS of that process (goal ≤ 2 GiB), 1-minute
load average before the step (2 cores, shared).

| step | wall | CPU | of which link | publish | peak RSS | load |
|---|---|---|---|---|---|---|
${rows.join('\n')}

The offline search index is measured on its own by \`node bench/run.ts search\`.
`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
