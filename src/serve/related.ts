import type { DatabaseSync } from 'node:sqlite';
import { relatedEvents } from '../link/related.ts';
import type { EventId } from '../model/ids.ts';
import type { RelatedEntry } from '../model/related.ts';
import { readRelated } from '../store/related.ts';
import { countNeighbourPostings, hasStoredList, readLinkNeighbours } from '../store/related-candidates.ts';

/** An event's related list and where it came from. */
export interface RelatedList {
  entries: RelatedEntry[];
  /**
   * `stored`: the link stage's list; `computed`: the link stage's ranking run now for this event
   * (the store was not linked yet); `unlinked`: not linked, and too many events share its entities
   * to rank them within one request (`MAX_COMPUTED_NEIGHBOURS`): empty until `currents link` runs.
   */
  origin: 'stored' | 'computed' | 'unlinked';
}

/**
 * Most entity mentions an unlinked event's neighbourhood may have for its list to be computed in a
 * request: 40,000 events sharing three entities took 0.5 s of CPU to read and 0.1 s to rank.
 */
export const MAX_COMPUTED_NEIGHBOURS = 10_000;

/**
 * The related events of one event under the reference rule: the link stage's stored list when the
 * event was linked, else the link stage's own ranking (`relatedEvents`) run for this event over the
 * events that share an entity with it (the only ones the reference rule can rank), when they are
 * few enough to rank within one request.
 */
export function relatedOf(db: DatabaseSync, id: EventId, k = 10): RelatedList {
  if (hasStoredList(db, 'reference', id)) {
    return { entries: readRelated(db, 'reference', [id]).get(id) ?? [], origin: 'stored' };
  }
  if (countNeighbourPostings(db, id) > MAX_COMPUTED_NEIGHBOURS) return { entries: [], origin: 'unlinked' };
  const lists = relatedEvents(readLinkNeighbours(db, id), { rank: 'reference', k, only: [id] });
  return { entries: lists.get(id) ?? [], origin: 'computed' };
}
