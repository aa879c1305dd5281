import type { EventId } from '../model/ids.ts';
import type { LinkEvent } from '../model/related.ts';

/** The inverted index of the link stage: entity → events, in tie order. */
export interface LinkIndex {
  /** Posting list of each entity: tie-order indexes, ascending (newer date first, then earlier position). */
  postings: Int32Array[];
  /** Weight of each entity under `idf`. */
  weights: Float64Array;
  /** Tie-order index of each event, and the event at each tie-order index. */
  orderOf: Int32Array;
  eventAt: Int32Array;
  /** Days since 1970 of each event. */
  days: Float64Array;
  ids: Map<EventId, number>;
  /** An event's entities in the code-unit order of their titles. */
  contextOf(a: number): Int32Array;
  /** An event's entities, most frequent first. */
  byFrequency(a: number): number[];
  /** Positions 0..n-1 of the given entities, ordered by the code-unit order of their titles. */
  titleOrder(entities: readonly number[]): Int32Array;
}

/** Builds the index over every event. */
export function buildIndex(events: readonly LinkEvent[], weightOf: (df: number) => number): LinkIndex {
  const n = events.length;
  const days = Float64Array.from(events, (e) => Date.parse(`${e.date}T00:00:00Z`) / 86_400_000);
  // Tie order as one number: newer day first, then earlier position (positions stay below 2^20).
  const key = Float64Array.from(
    events,
    (e, i) => -(days[i] as number) * 2 ** 20 + Math.min(e.position, 2 ** 20 - 1),
  );
  const sorted = Array.from({ length: n }, (_, i) => i).sort(
    (p, q) => (key[p] as number) - (key[q] as number) || p - q,
  );
  const orderOf = new Int32Array(n);
  const eventAt = Int32Array.from(sorted);
  sorted.forEach((i, o) => {
    orderOf[i] = o;
  });
  const entityIds = new Map<string, number>();
  const titles: string[] = [];
  const lists: number[][] = [];
  const contexts: Int32Array[] = new Array(n);
  for (const i of sorted) {
    const seen = new Set<number>();
    for (const t of (events[i] as LinkEvent).context) {
      let id = entityIds.get(t);
      if (id === undefined) {
        id = lists.length;
        entityIds.set(t, id);
        titles.push(t);
        lists.push([]);
      }
      if (seen.has(id)) continue;
      seen.add(id);
      (lists[id] as number[]).push(orderOf[i] as number);
    }
    contexts[i] = Int32Array.from(seen);
  }
  // Entity ids in title order, so sorting ids sorts titles.
  const rankOfTitle = new Int32Array(titles.length);
  titles
    .map((t, id) => [t, id] as const)
    .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    .forEach(([, id], r) => {
      rankOfTitle[id] = r;
    });
  for (let i = 0; i < n; i++) {
    contexts[i] = (contexts[i] as Int32Array).sort(
      (x, y) => (rankOfTitle[x] as number) - (rankOfTitle[y] as number),
    );
  }
  const postings = lists.map((l) => Int32Array.from(l));
  const weights = Float64Array.from(postings, (p) => weightOf(p.length));
  const ids = new Map(events.map((e, i) => [e.id, i]));
  return {
    postings,
    weights,
    orderOf,
    eventAt,
    days,
    ids,
    contextOf: (a) => contexts[a] as Int32Array,
    byFrequency: (a) =>
      [...(contexts[a] as Int32Array)].sort(
        (x, y) => (postings[y] as Int32Array).length - (postings[x] as Int32Array).length || x - y,
      ),
    titleOrder: (entities) =>
      Int32Array.from(entities.keys()).sort(
        (x, y) =>
          (rankOfTitle[entities[x] as number] as number) - (rankOfTitle[entities[y] as number] as number),
      ),
  };
}
