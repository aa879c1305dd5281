import type { EntityTitle, EventId, IsoDate } from '../model/ids.ts';
import type { RelatedEntry } from '../publish/model.ts';
import { type RankName, rarityWeight, recencyFactor } from './rank.ts';

/** What linking needs of an event. */
export interface LinkEvent {
  id: EventId;
  date: IsoDate;
  position: number;
  /** Context entities, sorted, unique. */
  context: readonly EntityTitle[];
}

/** Options of `relatedEvents`. */
export interface RelatedOptions {
  rank?: RankName;
  /** How many related events to keep per event (default 10). */
  k?: number;
  /** Compute the lists of these events only (the index still covers every event). */
  only?: Iterable<EventId>;
}

const DEFAULTS = { rank: 'reference', k: 10 } satisfies RelatedOptions;

/**
 * Related events through an inverted index (entity → events) and a bounded top-k per event:
 * only events sharing an entity are ever scored, and each list keeps k entries while scanning.
 * Order: score descending, then newer date, then earlier position on the day (SPEC.md);
 * shared context listed in code-unit order.
 * @example relatedEvents(events, { rank: 'reference' }).get(id) // [{ id, score: 5, shared: [...] }, …]
 */
export function relatedEvents(
  events: readonly LinkEvent[],
  options: RelatedOptions = {},
): Map<EventId, RelatedEntry[]> {
  const { rank, k, only } = { ...DEFAULTS, ...options };
  const index = buildIndex(events);
  const n = events.length;
  const targets = only ? indexesOf(index, only) : Array.from({ length: n }, (_, i) => i);
  const count = new Int32Array(n);
  const weight = new Float64Array(n);
  const touched = new Int32Array(n);
  const top = new Int32Array(k);
  const topScore = new Float64Array(k);
  const out = new Map<EventId, RelatedEntry[]>();
  for (const a of targets) {
    let touchedN = 0;
    const ents = index.contexts[a] as Int32Array;
    for (let j = 0; j < ents.length; j++) {
      const e = ents[j] as number;
      const list = index.postings[e] as Int32Array;
      const w = rank === 'idf' ? (index.weights[e] as number) : 1;
      for (let p = 0; p < list.length; p++) {
        const b = list[p] as number;
        if (b === a) continue;
        if (count[b] === 0) touched[touchedN++] = b;
        count[b] = (count[b] as number) + 1;
        weight[b] = (weight[b] as number) + w;
      }
    }
    let size = 0;
    const dayA = index.days[a] as number;
    for (let t = 0; t < touchedN; t++) {
      const b = touched[t] as number;
      const score =
        rank === 'reference'
          ? (count[b] as number)
          : rank === 'idf'
            ? (weight[b] as number)
            : (count[b] as number) * recencyFactor((index.days[b] as number) - dayA);
      count[b] = 0;
      weight[b] = 0;
      // Bounded insertion into the sorted top-k (score desc, then rank order asc).
      if (size === k) {
        const last = size - 1;
        if (!better(score, b, topScore[last] as number, top[last] as number, index.order)) continue;
        size--;
      }
      let i = size;
      while (i > 0 && better(score, b, topScore[i - 1] as number, top[i - 1] as number, index.order)) {
        top[i] = top[i - 1] as number;
        topScore[i] = topScore[i - 1] as number;
        i--;
      }
      top[i] = b;
      topScore[i] = score;
      size++;
    }
    const entries: RelatedEntry[] = [];
    for (let i = 0; i < size; i++) {
      const b = top[i] as number;
      entries.push({
        id: (events[b] as LinkEvent).id,
        score: topScore[i] as number,
        shared: sharedContext(events[a] as LinkEvent, events[b] as LinkEvent),
      });
    }
    out.set((events[a] as LinkEvent).id, entries);
  }
  return out;
}

function better(score: number, b: number, otherScore: number, other: number, order: Int32Array): boolean {
  return score > otherScore || (score === otherScore && (order[b] as number) < (order[other] as number));
}

/** The entities two events share, in code-unit order (both contexts are sorted). */
export function sharedContext(a: LinkEvent, b: LinkEvent): EntityTitle[] {
  const out: EntityTitle[] = [];
  let i = 0;
  let j = 0;
  const x = [...a.context].sort(byCodeUnit);
  const y = [...b.context].sort(byCodeUnit);
  while (i < x.length && j < y.length) {
    const p = x[i] as EntityTitle;
    const q = y[j] as EntityTitle;
    if (p === q) {
      out.push(p);
      i++;
      j++;
    } else if (p < q) i++;
    else j++;
  }
  return out;
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Index {
  /** Entity ids of each event, ascending. */
  contexts: Int32Array[];
  /** Event indexes of each entity. */
  postings: Int32Array[];
  /** `idf` weight of each entity. */
  weights: Float64Array;
  /** Days since 1970 of each event. */
  days: Float64Array;
  /** Tie order of each event: newer date first, then earlier position. */
  order: Int32Array;
  ids: Map<EventId, number>;
}

function buildIndex(events: readonly LinkEvent[]): Index {
  const entityIds = new Map<string, number>();
  const lists: number[][] = [];
  const contexts = events.map((e, i) => {
    const ids = new Set<number>();
    for (const t of e.context) {
      let id = entityIds.get(t);
      if (id === undefined) {
        id = lists.length;
        entityIds.set(t, id);
        lists.push([]);
      }
      if (ids.has(id)) continue;
      ids.add(id);
      (lists[id] as number[]).push(i);
    }
    return Int32Array.from([...ids].sort((p, q) => p - q));
  });
  const postings = lists.map((l) => Int32Array.from(l));
  const weights = Float64Array.from(postings, (p) => rarityWeight(p.length));
  const days = Float64Array.from(events, (e) => Date.parse(`${e.date}T00:00:00Z`) / 86_400_000);
  const sorted = events
    .map((_, i) => i)
    .sort((p, q) => {
      const a = events[p] as LinkEvent;
      const b = events[q] as LinkEvent;
      return a.date > b.date ? -1 : a.date < b.date ? 1 : a.position - b.position || p - q;
    });
  const order = new Int32Array(events.length);
  sorted.forEach((i, rankIndex) => {
    order[i] = rankIndex;
  });
  const ids = new Map(events.map((e, i) => [e.id, i]));
  return { contexts, postings, weights, days, order, ids };
}

function indexesOf(index: Index, only: Iterable<EventId>): number[] {
  const out: number[] = [];
  for (const id of new Set(only)) {
    const i = index.ids.get(id);
    if (i !== undefined) out.push(i);
  }
  return out;
}
