import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHtml } from '../src/publish/html/build.ts';
import { openStore } from '../src/store/open.ts';
import { type ScaleDay, scaleCorpus, storeScaleDay } from './_scale.ts';

const f = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

/** The HTML site build on the 150k-event scale corpus: full build, no-change rebuild, one new day. */
export async function run(): Promise<string> {
  const days = scaleCorpus();
  const last = days.at(-1) as ScaleDay;
  const dir = mkdtempSync(join(tmpdir(), 'currents-bench-site-'));
  const rows: string[] = [];
  try {
    const store = openStore(join(dir, 'currents.db'));
    const db = store.db;
    for (const day of days.slice(0, -1)) storeScaleDay(db, day);
    const events = days.reduce((n, d) => n + d.events.length, 0);
    const out = join(dir, 'site');
    let t = performance.now();
    const full = buildHtml(db, { out });
    const fullMs = performance.now() - t;
    rows.push(
      `| full HTML build: link + render + write | ${f(fullMs)} (link ${f(full.link.ms)}) | ${full.written.length} files written | ${((full.pages / (fullMs - full.link.ms)) * 1000).toFixed(0)} files/s |`,
    );
    t = performance.now();
    const again = buildHtml(db, { out });
    rows.push(
      `| rebuild, nothing changed (every file rendered and hashed) | ${f(performance.now() - t)} | ${again.written.length} written | — |`,
    );
    storeScaleDay(db, last);
    t = performance.now();
    const added = buildHtml(db, { out });
    rows.push(
      `| rebuild after one new day (${last.date}, ${last.events.length} events) | ${f(performance.now() - t)} | ${added.written.length} written, ${added.removed.length} removed | — |`,
    );
    db.close();
    const peak = process.resourceUsage().maxRSS / 1024;
    return `### HTML site build (src/publish/html)

Command: \`node bench/run.ts site\`. Data: the scale corpus of \`bench/_scale.ts\` (${events} events, ${days.length} days),
stored with \`writeDay\`, built into a temp folder with \`buildHtml\` (what \`currents build --format html\` runs).
Peak RSS of the process: ${peak.toFixed(0)} MiB (goal ≤ 2 GiB).

| step | time | files | rate |
|---|---|---|---|
${rows.join('\n')}

The offline search index is measured on its own by \`node bench/run.ts search\`.
`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
