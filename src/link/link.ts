import type { DatabaseSync } from 'node:sqlite';
import type { EntityTitle, EventId } from '../model/ids.ts';
import {
  linkSignature,
  type RelatedWrite,
  readLinkEvents,
  readLinkInputs,
  readLinkRun,
  readRelated,
  writeRelated,
} from '../store/related.ts';
import type { RankName } from './rank.ts';
import { relatedEvents } from './related.ts';

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
  const affected = full
    ? events.map((e) => e.id)
    : events
        .filter(
          (e) => sigs.get(e.id) !== inputs.get(e.id)?.sig || e.context.some((t: EntityTitle) => dirty.has(t)),
        )
        .map((e) => e.id);
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
    writeRelated(db, { rank, k, generation, now: now() }, writes, removed);
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
