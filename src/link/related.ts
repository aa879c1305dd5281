import type { EntityTitle, EventId } from '../model/ids.ts';
import type { LinkEvent, RelatedEntry } from '../model/related.ts';
import { buildIndex, type LinkIndex } from './_index.ts';
import { TopK } from './_topk.ts';
import { type RankName, rarityWeight, recencyFactor } from './rank.ts';

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
 * Related events through an inverted index (entity → events, each list in tie order: newer date
 * first, then earlier position) and a bounded top-k per event; no pair is compared unless the
 * two events share an entity, and the walk stops as soon as no unseen event can enter the top k.
 * Order: score descending, then newer date, then earlier position on the day (SPEC.md); shared
 * context in code-unit order.
 * @example relatedEvents(events, { rank: 'reference' }).get(id) // [{ id, score: 5, shared: [...] }, …]
 */
export function relatedEvents(
  events: readonly LinkEvent[],
  options: RelatedOptions = {},
): Map<EventId, RelatedEntry[]> {
  const { rank, k, only } = { ...DEFAULTS, ...options };
  const index = buildIndex(events, rarityWeight);
  const targets = only ? indexesOf(index, only) : Array.from({ length: events.length }, (_, i) => i);
  const out = new Map<EventId, RelatedEntry[]>();
  const emit = (a: number, top: TopK) => {
    const oa = index.orderOf[a] as number;
    const entries: RelatedEntry[] = [];
    for (let i = 0; i < top.size && entries.length < k; i++) {
      if (top.order[i] === oa) continue;
      const b = index.eventAt[top.order[i] as number] as number;
      entries.push({
        id: (events[b] as LinkEvent).id,
        score: top.score[i] as number,
        shared: sharedContext(events[a] as LinkEvent, events[b] as LinkEvent),
      });
    }
    out.set((events[a] as LinkEvent).id, entries);
  };
  if (rank === 'recency') {
    // Depends on the event's own date: one walk per event.
    const top = new TopK(k);
    for (const a of targets) {
      top.clear();
      walkByDistance(index, a, top);
      emit(a, top);
    }
    return out;
  }
  // Under `reference` and `idf` a list depends only on the context: events with the same context
  // share one walk (top k + 1, the event itself included), each then dropping itself.
  const top = new TopK(k + 1);
  for (const group of groupByContext(index, targets)) {
    top.clear();
    walkInOrder(index, group[0] as number, top, rank === 'idf');
    for (const a of group) emit(a, top);
  }
  return out;
}

function groupByContext(index: LinkIndex, targets: readonly number[]): number[][] {
  const groups = new Map<string, number[]>();
  for (const a of targets) {
    const key = index.contextOf(a).join(',');
    const g = groups.get(key);
    if (g) g.push(a);
    else groups.set(key, [a]);
  }
  return [...groups.values()];
}

/**
 * `reference` and `idf`: merge the event's posting lists in tie order (MaxScore). Once the top k
 * is full with k-th score θ, lists whose summed weights cannot exceed θ stop driving the walk (a
 * later event found only there would at best tie θ, and loses ties being later); they are only
 * probed, by galloping search, for the events the other lists bring up.
 */
function walkInOrder(index: LinkIndex, a: number, top: TopK, idf: boolean): void {
  const ids = index.byFrequency(a);
  const m = ids.length;
  const lists = ids.map((e) => index.postings[e] as Int32Array);
  const w = ids.map((e) => (idf ? (index.weights[e] as number) : 1));
  const byTitle = index.titleOrder(ids);
  const ptr = new Int32Array(m);
  const hit = new Uint8Array(m);
  // bound[j]: the score of an event found in lists 0..j-1 (most frequent first) and no other,
  // added in title order like every score, so it bounds any subset of those lists exactly.
  const bound = new Float64Array(m + 1);
  for (let j = 1; j <= m; j++) {
    hit.fill(0);
    hit.fill(1, 0, j);
    bound[j] = sum(hit, w, byTitle);
  }
  let nonEssential = 0;
  for (;;) {
    let c = 0x7fffffff;
    for (let j = nonEssential; j < m; j++) {
      const list = lists[j] as Int32Array;
      const p = ptr[j] as number;
      if (p < list.length && (list[p] as number) < c) c = list[p] as number;
    }
    if (c === 0x7fffffff) return;
    // Essential lists first: if even all the others could not lift c above θ, skip probing them.
    let upper = 0;
    for (let j = nonEssential; j < m; j++) {
      const list = lists[j] as Int32Array;
      const p = ptr[j] as number;
      const h = p < list.length && list[p] === c;
      hit[j] = h ? 1 : 0;
      if (h) {
        ptr[j] = p + 1;
        upper += w[j] as number;
      }
    }
    if (top.full && upper + (bound[nonEssential] as number) < top.threshold - 1e-9) continue;
    for (let j = 0; j < nonEssential; j++) {
      const list = lists[j] as Int32Array;
      const p = gallop(list, ptr[j] as number, c);
      const h = p < list.length && list[p] === c;
      hit[j] = h ? 1 : 0;
      ptr[j] = h ? p + 1 : p;
    }
    top.offer(sum(hit, w, byTitle), c);
    if (top.full) {
      const theta = top.threshold;
      while (nonEssential < m && (bound[nonEssential + 1] as number) <= theta) nonEssential++;
    }
  }
}

/** Sum of the weights of the hit lists, added in title order (adding 0 for a miss changes nothing). */
function sum(hit: Uint8Array, w: readonly number[], byTitle: Int32Array): number {
  let s = 0;
  for (let t = 0; t < byTitle.length; t++) {
    const j = byTitle[t] as number;
    if (hit[j]) s += w[j] as number;
  }
  return s;
}

/** First index ≥ from whose value is ≥ target, in an ascending list (exponential then binary search). */
function gallop(list: Int32Array, from: number, target: number): number {
  let lo = from;
  let step = 1;
  let hi = from;
  while (hi < list.length && (list[hi] as number) < target) {
    lo = hi + 1;
    hi = from + step;
    step *= 2;
  }
  if (hi > list.length) hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as number) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `recency`: walk every posting list outwards from the event's own date, nearest date first. An
 * event not reached yet is at least as far and shares at most the lists still open, so the walk
 * stops once the k-th score beats that bound.
 */
function walkByDistance(index: LinkIndex, a: number, top: TopK): void {
  const oa = index.orderOf[a] as number;
  const dayA = index.days[a] as number;
  const lists = index.contextOf(a);
  const m = lists.length;
  // Two fronts per list: towards newer (decreasing order index) and towards older.
  const newer = new Int32Array(m);
  const older = new Int32Array(m);
  for (let j = 0; j < m; j++) {
    const list = index.postings[lists[j] as number] as Int32Array;
    const at = gallop(list, 0, oa);
    newer[j] = at - 1;
    older[j] = list[at] === oa ? at + 1 : at;
  }
  const distance = (o: number) => Math.abs((index.days[index.eventAt[o] as number] as number) - dayA);
  // Each front yields its events by distance, then (same date) moving away from the event: newer
  // side in decreasing order index, older side in increasing. Pops follow that key in every list.
  const key = (o: number) => (o < oa ? -o : o + 0x80000000);
  for (;;) {
    let best = -1;
    let bestD = Number.POSITIVE_INFINITY;
    let bestKey = Number.POSITIVE_INFINITY;
    let open = 0;
    for (let j = 0; j < m; j++) {
      const list = index.postings[lists[j] as number] as Int32Array;
      const n = newer[j] as number;
      const o = older[j] as number;
      if (n >= 0 || o < list.length) open++;
      for (let side = 0; side < 2; side++) {
        const cand =
          side === 0 ? (n >= 0 ? (list[n] as number) : -1) : o < list.length ? (list[o] as number) : -1;
        if (cand < 0) continue;
        const d = distance(cand);
        if (d < bestD || (d === bestD && key(cand) < bestKey)) {
          best = cand;
          bestD = d;
          bestKey = key(cand);
        }
      }
    }
    if (best < 0) return;
    if (top.full && top.threshold > open * recencyFactor(bestD)) return;
    let shared = 0;
    for (let j = 0; j < m; j++) {
      const list = index.postings[lists[j] as number] as Int32Array;
      if ((newer[j] as number) >= 0 && list[newer[j] as number] === best) {
        newer[j] = (newer[j] as number) - 1;
        shared++;
      } else if ((older[j] as number) < list.length && list[older[j] as number] === best) {
        older[j] = (older[j] as number) + 1;
        shared++;
      }
    }
    top.offer(shared * recencyFactor(bestD), best);
  }
}

/** The entities two events share, in code-unit order (both contexts are sorted, as LinkEvent requires). */
export function sharedContext(a: LinkEvent, b: LinkEvent): EntityTitle[] {
  const out: EntityTitle[] = [];
  const x = a.context;
  const y = b.context;
  let i = 0;
  let j = 0;
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

function indexesOf(index: LinkIndex, only: Iterable<EventId>): number[] {
  const out: number[] = [];
  for (const id of new Set(only)) {
    const i = index.ids.get(id);
    if (i !== undefined) out.push(i);
  }
  return out;
}
