import type { DatabaseSync } from 'node:sqlite';
import { asEventId, type EventId, type IsoDate } from '../model/ids.ts';
import { eventPath } from '../publish/model.ts';
import { daySlugs, slugify } from '../publish/slug.ts';

/** Event page paths, remembered while the store does not change. */
export interface PathCache {
  /** The site path of every event on the given days ('/news/2016/04/28/<slug>', no extension). */
  paths(db: DatabaseSync, dates: Iterable<IsoDate>): Map<EventId, string>;
  /**
   * The site paths of the given events only: from the cache when it has them, else made for just
   * these events (see `somePaths`) and kept. Unknown ids are left out.
   */
  pathsOf(db: DatabaseSync, events: Iterable<{ id: EventId; date: IsoDate }>): Map<EventId, string>;
}

interface DayRow {
  id: EventId;
  position: number;
  text: string;
}

/**
 * A per-server cache of event page paths. Slugs follow the publish stage's rule (per day, in portal
 * order, `-2` for a repeated slug), so a path needs the whole day (`paths`) or the day up to the
 * events asked for (`pathsOf`). Everything is kept while the store is unchanged: SQLite's
 * `data_version` (commits by any other connection) and `total_changes()` (rows written through this
 * one) are read on each call, and any change empties the cache. (Checking each day's version row
 * instead cost a query per call, 0.45 ms for 20 days not in SQLite's cache, as `ingested_at` sits
 * after the raw page in the row.) At most `maxDays` days are kept, each whole or with the paths
 * asked for so far.
 * @example const cache = createPathCache(); cache.paths(db, ['2016-04-28'])
 */
export function createPathCache(maxDays = 4096): PathCache {
  /** Per day: the paths made so far (every event's when `complete`). */
  const days = new Map<IsoDate, { paths: Map<EventId, string>; complete: boolean }>();
  let seen: { db: DatabaseSync; version: string } | undefined;

  /** Empties the cache when the store (or the connection) is not the one it was made from. */
  function check(db: DatabaseSync): void {
    const version = storeVersion(db);
    if (seen?.db === db && seen.version === version) return;
    days.clear();
    seen = { db, version };
  }

  function keep(date: IsoDate, paths: Map<EventId, string>, complete: boolean): void {
    days.delete(date);
    days.set(date, { paths, complete });
    if (days.size > maxDays) days.delete(days.keys().next().value as IsoDate);
  }

  return {
    paths(db, dates) {
      const out = new Map<EventId, string>();
      const wanted = [...new Set(dates)];
      if (wanted.length === 0) return out;
      check(db);
      const stale = wanted.filter((date) => !days.get(date)?.complete);
      const rows = stale.length > 0 ? dayRows(db, stale) : new Map<IsoDate, DayRow[]>();
      for (const date of stale) {
        const paths = new Map<EventId, string>();
        for (const [id, slug] of daySlugs(rows.get(date) ?? [])) paths.set(id, eventPath(date, slug));
        keep(date, paths, true);
      }
      for (const date of wanted) {
        for (const [id, path] of days.get(date)?.paths ?? []) out.set(id, path);
      }
      return out;
    },

    pathsOf(db, events) {
      const out = new Map<EventId, string>();
      const byDay = new Map<IsoDate, Set<EventId>>();
      for (const e of events) {
        const ids = byDay.get(e.date) ?? new Set<EventId>();
        ids.add(e.id);
        byDay.set(e.date, ids);
      }
      if (byDay.size === 0) return out;
      check(db);
      const missing = new Map<IsoDate, Set<EventId>>();
      for (const [date, ids] of byDay) {
        const day = days.get(date);
        for (const id of ids) {
          const path = day?.paths.get(id);
          if (path !== undefined) out.set(id, path);
          else if (!day?.complete) missing.set(date, (missing.get(date) ?? new Set()).add(id));
        }
      }
      if (missing.size === 0) return out;
      const rows = rowsUpTo(
        db,
        [...missing.values()].flatMap((ids) => [...ids]),
      );
      for (const [date, ids] of missing) {
        const day = days.get(date);
        const paths = day?.paths ?? new Map<EventId, string>();
        for (const [id, path] of somePaths(date, rows.get(date) ?? [], ids)) {
          out.set(id, path);
          paths.set(id, path);
        }
        keep(date, paths, day?.complete ?? false);
      }
      return out;
    },
  };
}

/** What changes whenever the store does: commits by other connections, and rows written through this one. */
function storeVersion(db: DatabaseSync): string {
  const other = db.prepare('PRAGMA data_version').get()?.['data_version'];
  const own = db.prepare('SELECT total_changes() AS n').get()?.['n'];
  return `${String(other)} ${String(own)}`;
}

/**
 * The site path of every event on the given days ('/news/2016/04/28/<slug>', no extension), by the
 * publish stage's slug rule, so API links point at the built pages.
 */
export function eventPaths(db: DatabaseSync, dates: Iterable<IsoDate>): Map<EventId, string> {
  const out = new Map<EventId, string>();
  for (const [date, rows] of dayRows(db, dates)) {
    for (const [id, slug] of daySlugs(rows)) out.set(id, eventPath(date, slug));
  }
  return out;
}

/**
 * The paths of some events of one day (`rows`: all its events in portal order), making the slugs
 * of as few of the day's events as the rule allows. `daySlugs` gives an event its base slug or
 * base-2, base-3 …, all starting with the base's first character, and only compares slugs for
 * equality; so events whose bases start with different characters never change each other's slugs,
 * and no event changes the slug of one before it. The events that matter to the wanted ones are
 * those up to the last wanted one whose bases start as one of theirs does. A text that begins with
 * an ASCII letter or digit has a base starting with that character lower-cased (accents fold and
 * marks go only after it), so only the other texts need `slugify` to be sorted. Tested equal to
 * `daySlugs` on every real day.
 */
export function somePaths(
  date: IsoDate,
  rows: readonly DayRow[],
  wanted: ReadonlySet<EventId>,
): Map<EventId, string> {
  const out = new Map<EventId, string>();
  let last = -1;
  const initials = new Set<string>();
  for (const [i, row] of rows.entries()) {
    if (!wanted.has(row.id)) continue;
    last = i;
    initials.add(initialOf(row.text));
  }
  const group = rows.slice(0, last + 1).filter((row) => initials.has(initialOf(row.text)));
  for (const [id, slug] of daySlugs(group)) if (wanted.has(id)) out.set(id, eventPath(date, slug));
  return out;
}

/** The first character of the base slug `daySlugs` gives a text ('event' when the slug is empty). */
function initialOf(text: string): string {
  const c = text.charCodeAt(0);
  if ((c >= 48 && c <= 57) || (c >= 97 && c <= 122)) return text.charAt(0);
  if (c >= 65 && c <= 90) return String.fromCharCode(c + 32);
  return (slugify(text) || 'event').charAt(0);
}

/**
 * The events of the days of the given events, from each day's first event to the last given one
 * (the later ones cannot change their slugs), in portal order, by day. Half the rows of `dayRows`
 * on the scale corpus (20 random events: 0.45–0.56 vs 0.76–0.99 ms with nothing cached).
 */
function rowsUpTo(db: DatabaseSync, ids: readonly EventId[]): Map<IsoDate, DayRow[]> {
  if (ids.length === 0) return new Map();
  const rows = db
    .prepare(
      `WITH last(date, position) AS (
         SELECT date, max(position) FROM events WHERE id IN (SELECT value FROM json_each(?)) GROUP BY date)
       SELECT e.id AS id, e.date AS date, e.position AS position, e.text AS text
         FROM last JOIN events e ON e.date = last.date AND e.position <= last.position`,
    )
    .all(JSON.stringify(ids));
  return byDay(rows);
}

/** The events of each given day (one query for all of them) in portal order, by day. */
function dayRows(db: DatabaseSync, dates: Iterable<IsoDate>): Map<IsoDate, DayRow[]> {
  const list = [...new Set(dates)];
  if (list.length === 0) return new Map();
  // No ORDER BY: with it SQLite took 3× longer for 20 days (1.15 vs 0.37 ms); sorted below instead.
  const rows = db
    .prepare('SELECT id, date, position, text FROM events WHERE date IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(list));
  return byDay(rows);
}

/** Rows of `id, date, position, text` grouped by day, each day in portal order. */
function byDay(rows: Record<string, unknown>[]): Map<IsoDate, DayRow[]> {
  const out = new Map<IsoDate, DayRow[]>();
  for (const r of rows) {
    const date = String(r['date']);
    const day = out.get(date) ?? [];
    day.push({ id: asEventId(String(r['id'])), position: Number(r['position']), text: String(r['text']) });
    out.set(date, day);
  }
  for (const day of out.values()) day.sort((a, b) => a.position - b.position);
  return out;
}
