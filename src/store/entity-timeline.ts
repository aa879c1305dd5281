import type { DatabaseSync } from 'node:sqlite';
import { asEventId, type EventId, type IsoDate } from '../model/ids.ts';

/** One event of an entity's timeline. */
export interface TimelineEvent {
  id: EventId;
  date: IsoDate;
  text: string;
  /** True when the entity is linked in the event's own text, false when only via its storyline. */
  own: boolean;
}

/** How many events name an entity (in their text or storyline). */
export function countEntityEvents(db: DatabaseSync, title: string): number {
  return Number(
    db.prepare('SELECT count(*) AS n FROM event_entities WHERE title = ?').get(title)?.['n'] ?? 0,
  );
}

/**
 * One page of an entity's events in timeline order (date, then position on the day). Event ids
 * start with their date (`YYYYMMDD-`, src/model/ids.ts), so the `(title, event_id)` index gives day
 * order and pages by itself; only the page's days are then walked in `(date, position)` order.
 * @example readTimelinePage(db, 'Syria', { offset: 0, limit: 50 }, 'asc')
 */
export function readTimelinePage(
  db: DatabaseSync,
  title: string,
  page: { offset: number; limit: number },
  order: 'asc' | 'desc',
): TimelineEvent[] {
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  const slice = db
    .prepare(`SELECT event_id FROM event_entities WHERE title = ? ORDER BY event_id ${dir} LIMIT ? OFFSET ?`)
    .all(title, page.limit, page.offset)
    .map((r) => String(r['event_id']));
  const first = slice[0];
  const last = slice.at(-1);
  if (first === undefined || last === undefined) return [];
  const firstDay = first.slice(0, 8);
  const [low = '', high = ''] = [firstDay, last.slice(0, 8)].sort();
  // Events of the entity on days before the page's first day (in the page's order).
  const before = Number(
    db
      .prepare(
        order === 'asc'
          ? 'SELECT count(*) AS n FROM event_entities WHERE title = ? AND event_id < ?'
          : 'SELECT count(*) AS n FROM event_entities WHERE title = ? AND event_id > ?',
      )
      .get(title, order === 'asc' ? firstDay : `${firstDay}~`)?.['n'] ?? 0,
  );
  // The page in (date, position) order, walking the events index of the page's days and stopping
  // once the page is complete (no sort of the days' rows: a day of 40,000 events naming the entity
  // cost 75 ms of CPU that way).
  const ordered = db
    .prepare(
      `SELECT e.id AS id FROM events e
        WHERE e.date >= ? AND e.date <= ?
          AND EXISTS (SELECT 1 FROM event_entities x WHERE x.event_id = e.id AND x.title = ?)
        ORDER BY e.date ${dir}, e.position ${dir} LIMIT ? OFFSET ?`,
    )
    .all(dashed(low), dashed(high), title, page.limit, page.offset - before)
    .map((r) => String(r['id']));
  const rows = db
    .prepare(
      `SELECT e.id AS id, e.date AS date, e.text AS text, x.own AS own
         FROM events e JOIN event_entities x ON x.event_id = e.id AND x.title = ?
        WHERE e.id IN (SELECT value FROM json_each(?))`,
    )
    .all(title, JSON.stringify(ordered));
  const byId = new Map(rows.map((r) => [String(r['id']), r] as const));
  return ordered.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [
      { id: asEventId(id), date: String(r['date']), text: String(r['text']), own: Number(r['own']) === 1 },
    ];
  });
}

/** How many events name an entity, per year, ascending. */
export function entityYears(db: DatabaseSync, title: string): { year: string; events: number }[] {
  return db
    .prepare(
      `SELECT substr(event_id, 1, 4) AS year, count(*) AS n
         FROM event_entities WHERE title = ? GROUP BY year ORDER BY year`,
    )
    .all(title)
    .map((r) => ({ year: String(r['year']), events: Number(r['n']) }));
}

/**
 * The entities named most often with `title`, counted over its `over` most recent events: at most
 * `limit`, most events first, then by title.
 */
export function cooccurringEntities(
  db: DatabaseSync,
  title: string,
  options: { over: number; limit: number },
): { title: string; events: number }[] {
  return db
    .prepare(
      `SELECT o.title AS title, count(*) AS n
         FROM (SELECT event_id FROM event_entities WHERE title = ?1 ORDER BY event_id DESC LIMIT ?2) x
         JOIN event_entities o ON o.event_id = x.event_id AND o.title <> ?1
        GROUP BY o.title ORDER BY n DESC, o.title LIMIT ?3`,
    )
    .all(title, options.over, options.limit)
    .map((r) => ({ title: String(r['title']), events: Number(r['n']) }));
}

/** `YYYYMMDD` (an id's date) as the store writes dates, `YYYY-MM-DD`. */
function dashed(day: string): string {
  return `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`;
}
