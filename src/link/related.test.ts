import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { asEntityTitle, asEventId } from '../model/ids.ts';
import type { LinkEvent, RelatedEntry } from '../model/related.ts';
import { realEvents } from './_realEvents.ts';
import { RANKS, type RankName, rarityWeight, recencyFactor } from './rank.ts';
import { relatedEvents } from './related.ts';

const events = realEvents();

/**
 * The test oracle: a plain pairwise count over every pair of events, written independently of the
 * index (no postings, no bounded top-k): score every other event, sort all, keep 10.
 */
function pairwise(all: readonly LinkEvent[], rank: RankName): Map<string, RelatedEntry[]> {
  const df = new Map<string, number>();
  for (const e of all) for (const t of new Set(e.context)) df.set(t, (df.get(t) ?? 0) + 1);
  const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
  const out = new Map<string, RelatedEntry[]>();
  for (const a of all) {
    const scored: { b: LinkEvent; score: number; shared: string[] }[] = [];
    for (const b of all) {
      if (b === a) continue;
      const shared = a.context
        .filter((t) => b.context.includes(t))
        .sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
      if (shared.length === 0) continue;
      const score =
        rank === 'reference'
          ? shared.length
          : rank === 'idf'
            ? shared.reduce((s, t) => s + rarityWeight(df.get(t) ?? 1), 0)
            : shared.length * recencyFactor(day(b.date) - day(a.date));
      scored.push({ b, score, shared });
    }
    scored.sort(
      (x, y) =>
        y.score - x.score ||
        (x.b.date < y.b.date ? 1 : x.b.date > y.b.date ? -1 : x.b.position - y.b.position),
    );
    out.set(
      a.id,
      scored.slice(0, 10).map((s) => ({ id: s.b.id, score: s.score, shared: s.shared.map(asEntityTitle) })),
    );
  }
  return out;
}

describe('related events on the 25 real days', () => {
  test('the sample holds enough events and shared entities to mean something', () => {
    assert.equal(events.length, 388);
    const lists = relatedEvents(events);
    const full = [...lists.values()].filter((l) => l.length === 10).length;
    assert.ok(full >= 80, `only ${full} events have 10 related events`);
  });

  for (const rank of RANKS) {
    test(`the inverted index gives the same lists as a plain pairwise count (${rank})`, () => {
      const got = relatedEvents(events, { rank });
      const want = pairwise(events, rank);
      assert.equal(got.size, events.length);
      for (const e of events) {
        const g = got.get(e.id) ?? [];
        const w = want.get(e.id) ?? [];
        assert.deepEqual(
          g.map((x) => [x.id, x.shared]),
          w.map((x) => [x.id, x.shared]),
          `lists differ for ${e.id} ${e.text.slice(0, 60)}`,
        );
        g.forEach((x, i) => {
          assert.ok(Math.abs(x.score - (w[i]?.score ?? Number.NaN)) < 1e-9);
        });
      }
    });
  }

  test('the reference event gets the reference page’s ten related events, in order', () => {
    const de = events.find((e) =>
      e.text.startsWith('United Nations envoy for Syria Staffan de Mistura appeals'),
    );
    assert.ok(de);
    const byId = new Map(events.map((e) => [e.id, e]));
    const list = relatedEvents(events, { only: [de.id] }).get(de.id) ?? [];
    assert.deepEqual(
      list.map((r) => `${byId.get(r.id)?.date} ${r.shared.join(', ')}`),
      [
        '2015-10-27 Russia, Staffan de Mistura, Syria, United Nations, United States',
        '2016-10-05 Russia, Syria, Syrian peace process, United States',
        '2016-04-21 Staffan de Mistura, Syria, Syrian peace process, United Nations',
        '2016-04-16 Staffan de Mistura, Syria, Syrian peace process, United Nations',
        '2016-12-29 Russia, Syria, United Nations',
        '2016-07-01 Russia, United Nations, United States',
        '2016-06-16 Russia, Syria, United States',
        '2016-04-21 Syria, Syrian peace process, United States',
        '2016-03-22 Syria, Syrian peace process, United States',
        '2016-03-16 Syria, Syrian peace process, United Nations',
      ],
    );
  });

  test('only= computes just the asked lists, equal to the full run', () => {
    const all = relatedEvents(events, { rank: 'idf' });
    const some = events.filter((_, i) => i % 7 === 0).map((e) => e.id);
    const part = relatedEvents(events, { rank: 'idf', only: some });
    assert.deepEqual([...part.keys()].sort(), [...some].sort());
    for (const id of some) assert.deepEqual(part.get(id), all.get(id));
  });
});

const titles = ['Syria', 'Russia', 'United States', 'United Nations', 'Aleppo', 'Turkey', 'Iran', 'ISIL'];
const arbEvents = fc
  .array(
    fc.record({
      day: fc.integer({ min: 1, max: 28 }),
      context: fc.uniqueArray(fc.constantFrom(...titles), { maxLength: 5 }),
    }),
    { minLength: 2, maxLength: 40 },
  )
  .map((rows) => {
    const perDay = new Map<number, number>();
    return rows.map((r, i) => {
      const position = perDay.get(r.day) ?? 0;
      perDay.set(r.day, position + 1);
      return {
        id: asEventId(`e${i}`),
        date: `2016-04-${String(r.day).padStart(2, '0')}`,
        position,
        context: [...r.context].sort().map(asEntityTitle),
      } satisfies LinkEvent;
    });
  });

describe('related events: properties', () => {
  test('related is symmetric in its candidates, and shared context is in both events', () => {
    fc.assert(
      fc.property(arbEvents, fc.constantFrom(...RANKS), (evs, rank) => {
        const lists = relatedEvents(evs, { rank, k: evs.length });
        const byId = new Map(evs.map((e) => [e.id, e]));
        for (const [a, list] of lists) {
          for (const r of list) {
            const back = lists.get(r.id)?.find((x) => x.id === a);
            assert.ok(back, `${r.id} lists ${a} back`);
            assert.deepEqual(back.shared, r.shared);
            assert.ok(Math.abs(back.score - r.score) < 1e-12);
            for (const t of r.shared) {
              assert.ok(byId.get(a)?.context.includes(t));
              assert.ok(byId.get(r.id)?.context.includes(t));
            }
          }
        }
      }),
    );
  });

  test('each list obeys the order: score, then newer date, then earlier position; at most k', () => {
    fc.assert(
      fc.property(arbEvents, fc.constantFrom(...RANKS), fc.integer({ min: 1, max: 12 }), (evs, rank, k) => {
        const byId = new Map(evs.map((e) => [e.id, e]));
        for (const list of relatedEvents(evs, { rank, k }).values()) {
          assert.ok(list.length <= k);
          for (let i = 1; i < list.length; i++) {
            const p = list[i - 1] as RelatedEntry;
            const q = list[i] as RelatedEntry;
            const a = byId.get(p.id) as LinkEvent;
            const b = byId.get(q.id) as LinkEvent;
            const ordered =
              p.score > q.score ||
              (p.score === q.score && (a.date > b.date || (a.date === b.date && a.position < b.position)));
            assert.ok(ordered, `${p.id} before ${q.id}`);
          }
        }
      }),
    );
  });
});
