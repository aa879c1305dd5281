import type { DatabaseSync } from 'node:sqlite';
import { relatedEvents } from '../link/related.ts';
import type { EventId } from '../model/ids.ts';
import type { RelatedEntry } from '../model/related.ts';
import { readRelated } from '../store/related.ts';
import { hasStoredList, readLinkNeighbours } from '../store/related-candidates.ts';

/** An event's related list and where it came from. */
export interface RelatedList {
  entries: RelatedEntry[];
  /** `stored`: the link stage's list; `computed`: the link stage's ranking run now for this event (the store was not linked yet). */
  origin: 'stored' | 'computed';
}

/**
 * The related events of one event under the reference rule: the link stage's stored list when the
 * event was linked, else the link stage's own ranking (`relatedEvents`) run for this event over the
 * events that share an entity with it (the only ones the reference rule can rank).
 */
export function relatedOf(db: DatabaseSync, id: EventId, k = 10): RelatedList {
  if (hasStoredList(db, 'reference', id)) {
    return { entries: readRelated(db, 'reference', [id]).get(id) ?? [], origin: 'stored' };
  }
  const lists = relatedEvents(readLinkNeighbours(db, id), { rank: 'reference', k, only: [id] });
  return { entries: lists.get(id) ?? [], origin: 'computed' };
}
