import type { EventId } from '../model/ids.ts';
import type { RelatedEntry } from '../model/related.ts';

/** How one ranking's lists differ from another's over the same events. */
export interface RankingComparison {
  /** Events with at least one related event under the base ranking. */
  events: number;
  /** Mean share of the base top k also in the other top k (0–1). */
  meanOverlap: number;
  /** Events whose two lists hold the same events in the same order. */
  identical: number;
  /** Events whose first related event differs. */
  firstDiffers: number;
}

/**
 * Compares two rankings' lists event by event (for docs/DESIGN.md and the link benchmark).
 * @example compareRankings(relatedEvents(ev), relatedEvents(ev, { rank: 'idf' }))
 */
export function compareRankings(
  base: ReadonlyMap<EventId, readonly RelatedEntry[]>,
  other: ReadonlyMap<EventId, readonly RelatedEntry[]>,
): RankingComparison {
  let events = 0;
  let overlap = 0;
  let identical = 0;
  let firstDiffers = 0;
  for (const [id, list] of base) {
    if (list.length === 0) continue;
    events++;
    const theirs = other.get(id) ?? [];
    const ids = new Set(theirs.map((r) => r.id));
    overlap += list.filter((r) => ids.has(r.id)).length / list.length;
    if (list.length === theirs.length && list.every((r, i) => r.id === theirs[i]?.id)) identical++;
    if (list[0]?.id !== theirs[0]?.id) firstDiffers++;
  }
  return { events, meanOverlap: events ? overlap / events : 1, identical, firstDiffers };
}
