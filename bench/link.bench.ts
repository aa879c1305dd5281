import { realEvents } from '../src/link/_realEvents.ts';
import { compareRankings } from '../src/link/compare.ts';
import { RANKS } from '../src/link/rank.ts';
import { relatedEvents } from '../src/link/related.ts';
import type { LinkEvent } from '../src/model/related.ts';
import { linkEventsOf, scaleCorpus } from './_scale.ts';

/** Naive pairwise top 10 (reference rule): every pair compared, every candidate sorted. */
function pairwise(events: readonly LinkEvent[]): number {
  const sets = events.map((e) => new Set<string>(e.context));
  let lists = 0;
  for (let i = 0; i < events.length; i++) {
    const a = events[i] as LinkEvent;
    const scored: { j: number; s: number }[] = [];
    for (let j = 0; j < events.length; j++) {
      if (j === i) continue;
      let s = 0;
      for (const t of a.context) if ((sets[j] as Set<string>).has(t)) s++;
      if (s > 0) scored.push({ j, s });
    }
    scored.sort((x, y) => {
      const p = events[x.j] as LinkEvent;
      const q = events[y.j] as LinkEvent;
      return y.s - x.s || (p.date < q.date ? 1 : p.date > q.date ? -1 : p.position - q.position);
    });
    if (scored.length > 0) lists++;
    scored.length = Math.min(scored.length, 10);
  }
  return lists;
}

function time<T>(fn: () => T): { ms: number; cpuMs: number; value: T } {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const value = fn();
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, value };
}

function best<T>(runs: number, fn: () => T): { ms: number; cpuMs: number; value: T } {
  let out = time(fn);
  for (let i = 1; i < runs; i++) {
    const t = time(fn);
    if (t.ms < out.ms) out = t;
  }
  return out;
}

const f = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);

/** Related events on the 388 real events and on the 150k-event scale corpus. */
export async function run(): Promise<string> {
  const rows: string[] = [];
  const compared: string[] = [];
  const sample = realEvents();
  const sampleRef = relatedEvents(sample);
  for (const rank of ['idf', 'recency'] as const) {
    const c = compareRankings(sampleRef, relatedEvents(sample, { rank }));
    compared.push(
      `| 25 real days | ${rank} | ${c.events} | ${(c.meanOverlap * 100).toFixed(1)} % | ${c.identical} | ${c.firstDiffers} |`,
    );
  }
  for (const rank of RANKS) {
    const t = best(5, () => relatedEvents(sample, { rank }));
    rows.push(`| 25 real days | ${sample.length} | ${rank}, inverted index | ${f(t.ms)} | ${f(t.cpuMs)} |`);
  }
  const pw = best(3, () => pairwise(sample));
  rows.push(`| 25 real days | ${sample.length} | reference, naive pairwise | ${f(pw.ms)} | ${f(pw.cpuMs)} |`);

  const built = time(() => linkEventsOf(scaleCorpus()));
  const all = built.value;
  rows.push(
    `| scale corpus (build it: entity matching) | ${all.length} | — | ${f(built.ms)} | ${f(built.cpuMs)} |`,
  );
  let peak = process.memoryUsage().rss;
  let scaleRef: ReturnType<typeof relatedEvents> | null = null;
  for (const rank of RANKS) {
    const t = time(() => relatedEvents(all, { rank }));
    peak = Math.max(peak, process.memoryUsage().rss);
    if (rank === 'reference') scaleRef = t.value;
    else if (scaleRef) {
      const c = compareRankings(scaleRef, t.value);
      compared.push(
        `| scale corpus | ${rank} | ${c.events} | ${(c.meanOverlap * 100).toFixed(1)} % | ${c.identical} | ${c.firstDiffers} |`,
      );
    }
    rows.push(
      `| scale corpus | ${all.length} | ${rank}, inverted index, all top-10 lists | ${f(t.ms)} | ${f(t.cpuMs)} |`,
    );
  }
  // A subset where naive pairwise is still feasible (about 25 s): every 8th event (all years).
  const subset = all.filter((_, i) => i % 8 === 0);
  const idx = best(3, () => relatedEvents(subset));
  const naive = time(() => pairwise(subset));
  rows.push(
    `| scale subset (every 8th) | ${subset.length} | reference, inverted index | ${f(idx.ms)} | ${f(idx.cpuMs)} |`,
  );
  rows.push(
    `| scale subset (every 8th) | ${subset.length} | reference, naive pairwise | ${f(naive.ms)} | ${f(naive.cpuMs)} |`,
  );
  const ratio = naive.ms / idx.ms;
  return `### Related events (src/link)

Command: \`node bench/run.ts link\`. Data: the 388 events of \`../shared/data/wcep-wikitext\`, and the
scale corpus of \`bench/_scale.ts\` (${all.length} events: the 149,449 items of \`wcep-daily-yaml\` 2002–2026 with
entities matched from the link labels and titles of the 56 real wikitext days, plus those days' parsed events).
Wall time is the best of several runs for the small inputs, one run for the scale corpus; CPU time is user+system
of this process (the machine is shared: wall can exceed CPU when other work runs). Peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB.

| data | events | what | wall | CPU |
|---|---|---|---|---|
${rows.join('\n')}

Inverted index vs naive pairwise on the subset, same run: **${ratio.toFixed(0)}×** faster (goal ≥ 50×).

How the alternative rankings differ from the reference rule (top 10 per event; overlap = share of the
reference list also in the other list, whatever the order):

| data | ranking | events with a list | mean overlap | identical lists | first related differs |
|---|---|---|---|---|---|
${compared.join('\n')}
`;
}
