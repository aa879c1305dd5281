import type { DatabaseSync } from 'node:sqlite';
import { asEventId, type EventId, type IsoDate } from '../model/ids.ts';

/**
 * Reads of stored days for answers that page through them: the day list, one day's header and
 * neighbours, and one page of a day's event ids (portal order) with the day's total.
 */

/** A stored day and how many events it holds. */
export interface DayCount {
  date: IsoDate;
  events: number;
}

/** Every stored day with its event count, ascending. */
export function listDays(db: DatabaseSync): DayCount[] {
  return db
    .prepare(
      'SELECT d.date AS date, (SELECT count(*) FROM events e WHERE e.date = d.date) AS n FROM days d ORDER BY d.date',
    )
    .all()
    .map((r) => ({ date: String(r['date']), events: Number(r['n']) }));
}

/** What the store knows of a day's page: its title and revision; undefined when the day is not stored. */
export interface DayHeader {
  title: string;
  revision: { id: number; timestamp: string | null } | null;
}

/** The stored page title and revision of one day, or undefined. */
export function readDayHeader(db: DatabaseSync, date: IsoDate): DayHeader | undefined {
  const day = db.prepare('SELECT title, revision_id, revision_timestamp FROM days WHERE date = ?').get(date);
  if (!day) return undefined;
  return {
    title: String(day['title']),
    revision:
      day['revision_id'] === null
        ? null
        : {
            id: Number(day['revision_id']),
            timestamp: typeof day['revision_timestamp'] === 'string' ? day['revision_timestamp'] : null,
          },
  };
}

/** The nearest earlier (`prev`) or later (`next`) day that has events, or null. */
export function neighbourDay(db: DatabaseSync, date: IsoDate, dir: 'prev' | 'next'): IsoDate | null {
  const sql =
    dir === 'prev'
      ? 'SELECT max(date) AS d FROM events WHERE date < ?'
      : 'SELECT min(date) AS d FROM events WHERE date > ?';
  const d = db.prepare(sql).get(date)?.['d'];
  return typeof d === 'string' ? d : null;
}

/**
 * One page of a day's event ids in portal order, and how many events the day has: the page is read
 * through the `(date, position)` index, so a day of any size costs one page's rows.
 * @example readDayEventIds(db, '2016-04-28', { offset: 0, limit: 200 }) // { total: 26, ids: [...] }
 */
export function readDayEventIds(
  db: DatabaseSync,
  date: IsoDate,
  page: { offset: number; limit: number },
): { total: number; ids: EventId[] } {
  const total = Number(db.prepare('SELECT count(*) AS n FROM events WHERE date = ?').get(date)?.['n'] ?? 0);
  const ids = db
    .prepare('SELECT id FROM events WHERE date = ? ORDER BY position LIMIT ? OFFSET ?')
    .all(date, page.limit, page.offset)
    .map((r) => asEventId(String(r['id'])));
  return { total, ids };
}
