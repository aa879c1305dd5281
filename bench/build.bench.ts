import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PARSER_VERSION } from '../src/ingest/parse.ts';
import { buildMarkdown } from '../src/publish/markdown/build.ts';
import { writeDay } from '../src/store/days.ts';
import { openStore } from '../src/store/open.ts';
import { type ScaleDay, scaleCorpus } from './_scale.ts';

function putDay(db: Parameters<typeof writeDay>[0], day: ScaleDay): void {
  const raw = Buffer.from(day.events.map((e) => e.text).join('\n'));
  writeDay(
    db,
    {
      date: day.date,
      title: `scale corpus ${day.date}`,
      origin: 'bench/_scale.ts',
      sha256: createHash('sha256').update(raw).digest('hex'),
      raw,
      parserVersion: PARSER_VERSION,
    },
    day.events,
    '2026-01-01T00:00:00Z',
  );
}

const f = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

/** The Markdown build on the 150k-event scale corpus: full build, no-change rebuild, one new day. */
export async function run(): Promise<string> {
  const days = scaleCorpus();
  const last = days.at(-1) as ScaleDay;
  const dir = mkdtempSync(join(tmpdir(), 'currents-bench-build-'));
  const rows: string[] = [];
  try {
    const store = openStore(join(dir, 'currents.db'));
    const db = store.db;
    let t = performance.now();
    for (const day of days.slice(0, -1)) putDay(db, day);
    const events = days.reduce((n, d) => n + d.events.length, 0);
    rows.push(
      `| store the corpus less its last day (${days.length - 1} days) | ${f(performance.now() - t)} | — | — |`,
    );
    const out = join(dir, 'site');
    t = performance.now();
    const full = buildMarkdown(db, { out });
    const fullMs = performance.now() - t;
    const renderMs = fullMs - full.link.ms;
    rows.push(
      `| full build: link (all lists) + render + write | ${f(fullMs)} (link ${f(full.link.ms)}) | ${full.written.length} written | ${((full.pages / renderMs) * 1000).toFixed(0)} pages/s |`,
    );
    t = performance.now();
    const again = buildMarkdown(db, { out });
    rows.push(
      `| rebuild, nothing changed | ${f(performance.now() - t)} (link ${f(again.link.ms)}; ${again.pages} pages rendered) | ${again.written.length} written, ${again.removed.length} removed | — |`,
    );
    try {
      putDay(db, last);
      t = performance.now();
      const added = buildMarkdown(db, { out });
      rows.push(
        `| rebuild after one new day (${last.date}, ${last.events.length} events) | ${f(performance.now() - t)} (link ${f(added.link.ms)}, ${added.link.recomputed} lists recomputed; ${added.pages} pages rendered) | ${added.written.length} written, ${added.removed.length} removed | — |`,
      );
    } catch (error) {
      rows.push(`| rebuild after one new day (${last.date}) | failed: ${(error as Error).message} | — | — |`);
    }
    db.close();
    const peak = process.resourceUsage().maxRSS / 1024;
    return `### Markdown build (src/publish/markdown)

Command: \`node bench/run.ts build\`. Data: the scale corpus of \`bench/_scale.ts\` (${events} events, ${days.length} days),
stored with the store's own \`writeDay\`, built into a temp folder with \`buildMarkdown\` (what \`currents build\` runs).
Peak RSS of the process: ${peak.toFixed(0)} MiB (goal ≤ 2 GiB).

| step | time | pages | rate |
|---|---|---|---|
${rows.join('\n')}
`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
