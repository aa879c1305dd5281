import type { DatabaseSync } from 'node:sqlite';
import { asEntityTitle, asEventId, type EntityTitle, type EventId } from '../model/ids.ts';
import type { LinkEvent } from '../model/related.ts';

/** True when the link stage stored a list of ranking `rank` for the event (it may be empty). */
export function hasStoredList(db: DatabaseSync, rank: string, id: EventId): boolean {
  return (
    db.prepare('SELECT 1 AS x FROM link_inputs WHERE rank = ? AND event_id = ?').get(rank, id) !== undefined
  );
}

/**
 * How many `(entity, event)` pairs name one of the event's context entities: a bound, read from the
 * title index alone, on the events `readLinkNeighbours` would return (and on its cost).
 */
export function countNeighbourPostings(db: DatabaseSync, id: EventId): number {
  return Number(
    db
      .prepare(
        'SELECT count(*) AS n FROM event_entities WHERE title IN (SELECT title FROM event_entities WHERE event_id = ?)',
      )
      .get(id)?.['n'] ?? 0,
  );
}

/**
 * The event and every event sharing a context entity with it, as the link stage sees them (portal
 * order, sorted context): all a ranking by shared entities needs to make this one event's list.
 * Empty when the event is unknown.
 */
export function readLinkNeighbours(db: DatabaseSync, id: EventId): LinkEvent[] {
  const rows = db
    .prepare(
      `WITH near(id) AS (
         SELECT ?1 UNION
         SELECT o.event_id FROM event_entities m JOIN event_entities o ON o.title = m.title WHERE m.event_id = ?1)
       SELECT e.id AS id, e.date AS date, e.position AS position, x.title AS title
         FROM near JOIN events e ON e.id = near.id LEFT JOIN event_entities x ON x.event_id = e.id
        ORDER BY e.date, e.position`,
    )
    .all(id);
  const out: { id: EventId; date: string; position: number; context: EntityTitle[] }[] = [];
  let last: { id: EventId; date: string; position: number; context: EntityTitle[] } | undefined;
  for (const r of rows) {
    const rid = String(r['id']);
    if (last?.id !== rid) {
      last = { id: asEventId(rid), date: String(r['date']), position: Number(r['position']), context: [] };
      out.push(last);
    }
    if (typeof r['title'] === 'string') last.context.push(asEntityTitle(r['title']));
  }
  // Code-unit order, as LinkEvent requires (SQLite's BINARY order is by code point).
  for (const e of out) e.context.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return out;
}
