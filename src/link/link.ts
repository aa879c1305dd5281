import type { DatabaseSync } from 'node:sqlite';
import type { EntityTitle, EventId } from '../model/ids.ts';
import type { LinkEvent, RelatedEntry } from '../model/related.ts';
import {
  linkSignature,
  type RelatedWrite,
  readLinkEvents,
  readLinkInputs,
  readLinkRun,
  readRelated,
  writeRelated,
} from '../store/related.ts';
import { type RankName, recencyFactor } from './rank.ts';
import { relatedEvents, sharedContext } from './related.ts';

/** What a link run did. */
export interface LinkReport {
  rank: RankName;
  k: number;
  /** Events in the store. */
  events: number;
  /** Events new or whose date, position or context changed since the last run; events gone. */
  changed: number;
  removed: number;
  /** Lists recomputed (changed events and every event sharing an entity with one). */
  recomputed: number;
  /** Recomputed lists that came out different. */
  listsChanged: number;
  /** Generation of this ranking after the run (bumped when a list changed). */
  generation: number;
  full: boolean;
  ms: number;
}

/** Options of `linkArchive`. */
export interface LinkOptions {
  rank?: RankName;
  k?: number;
  /** Recompute every list even when nothing changed. */
  full?: boolean;
  now?: () => string;
}

function oldContext(sig: string): string[] {
  const v: unknown = JSON.parse(sig);
  const ctx = Array.isArray(v) ? v[2] : undefined;
  return Array.isArray(ctx) ? ctx.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * Under `reference` and `recency` a score depends on the pair alone, so an unchanged event's list
 * can only change if it names a changed or removed event, is not full, or a changed event would
 * now enter it (beats or ties its k-th entry). `idf` weights move with entity counts: no narrowing.
 */
function narrow(
  candidates: readonly EventId[],
  events: readonly LinkEvent[],
  changed: ReadonlySet<EventId>,
  removed: ReadonlySet<EventId>,
  stored: ReadonlyMap<EventId, readonly RelatedEntry[]>,
  rank: RankName,
  k: number,
): EventId[] {
  const byId = new Map(events.map((e) => [e.id, e]));
  const changedByEntity = new Map<string, LinkEvent[]>();
  for (const id of changed) {
    const e = byId.get(id);
    if (!e) continue;
    for (const t of e.context) {
      const list = changedByEntity.get(t);
      if (list) list.push(e);
      else changedByEntity.set(t, [e]);
    }
  }
  const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
  return candidates.filter((id) => {
    if (changed.has(id)) return true;
    const a = byId.get(id);
    if (!a) return false;
    const list = stored.get(id) ?? [];
    if (list.some((r) => changed.has(r.id) || removed.has(r.id))) return true;
    const entrants = new Set<LinkEvent>();
    for (const t of a.context) for (const b of changedByEntity.get(t) ?? []) if (b.id !== id) entrants.add(b);
    if (entrants.size === 0) return false;
    if (list.length < k) return true;
    const last = list[list.length - 1] as RelatedEntry;
    const kth = byId.get(last.id);
    if (!kth) return true;
    for (const b of entrants) {
      const shared = sharedContext(a, b).length;
      const score = rank === 'recency' ? shared * recencyFactor(day(b.date) - day(a.date)) : shared;
      if (
        score > last.score ||
        (score === last.score && (b.date > kth.date || (b.date === kth.date && b.position <= kth.position)))
      )
        return true;
      // Floating scores: recompute on a near-tie rather than trust the last bit.
      if (rank === 'recency' && Math.abs(score - last.score) < 1e-9) return true;
    }
    return false;
  });
}

/**
 * Brings the stored related lists of a ranking up to date, incrementally: only events whose
 * candidates may have changed (changed events and events sharing an entity — old or new — with a
 * changed or removed event) are recomputed; the index still spans every event.
 * @example linkArchive(store.db, { rank: 'reference' })
 */
export function linkArchive(db: DatabaseSync, options: LinkOptions = {}): LinkReport {
  const started = performance.now();
  const rank = options.rank ?? 'reference';
  const k = options.k ?? 10;
  const now = options.now ?? (() => new Date().toISOString());
  const events = readLinkEvents(db);
  const inputs = readLinkInputs(db, rank);
  const run = readLinkRun(db, rank);
  const full = options.full === true || run.k !== k;
  const current = new Set<EventId>();
  const changed: EventId[] = [];
  const dirty = new Set<string>();
  const sigs = new Map<EventId, string>();
  for (const e of events) {
    current.add(e.id);
    const sig = linkSignature(e);
    sigs.set(e.id, sig);
    const before = inputs.get(e.id);
    if (before?.sig === sig) continue;
    changed.push(e.id);
    for (const t of e.context) dirty.add(t);
    if (before) for (const t of oldContext(before.sig)) dirty.add(t);
  }
  const removed: EventId[] = [];
  for (const [id, input] of inputs) {
    if (current.has(id)) continue;
    removed.push(id);
    for (const t of oldContext(input.sig)) dirty.add(t);
  }
  // Nothing changed since the last run: every list is as stored; no index to build.
  if (!full && changed.length === 0 && removed.length === 0) {
    const ms = performance.now() - started;
    return {
      rank,
      k,
      events: events.length,
      changed: 0,
      removed: 0,
      recomputed: 0,
      listsChanged: 0,
      generation: run.generation,
      full,
      ms,
    };
  }
  const candidates = full
    ? events.map((e) => e.id)
    : events
        .filter(
          (e) => sigs.get(e.id) !== inputs.get(e.id)?.sig || e.context.some((t: EntityTitle) => dirty.has(t)),
        )
        .map((e) => e.id);
  const affected =
    full || rank === 'idf'
      ? candidates
      : narrow(
          candidates,
          events,
          new Set(changed),
          new Set(removed),
          readRelated(db, rank, candidates),
          rank,
          k,
        );
  const lists = relatedEvents(events, { rank, k, only: affected });
  const before = readRelated(db, rank, affected);
  let listsChanged = 0;
  const writes: RelatedWrite[] = affected.map((id) => {
    const entries = lists.get(id) ?? [];
    const same = JSON.stringify(before.get(id) ?? []) === JSON.stringify(entries);
    if (!same) listsChanged++;
    return { id, sig: sigs.get(id) ?? '', entries, changed: !same };
  });
  const generation = listsChanged > 0 || removed.length > 0 ? run.generation + 1 : run.generation;
  if (writes.length > 0 || removed.length > 0 || run.k !== k) {
    writeRelated(db, { rank, k, generation, now: now(), all: full }, writes, removed);
  }
  return {
    rank,
    k,
    events: events.length,
    changed: changed.length,
    removed: removed.length,
    recomputed: affected.length,
    listsChanged,
    generation,
    full,
    ms: performance.now() - started,
  };
}
