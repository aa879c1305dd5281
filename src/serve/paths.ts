import type { DatabaseSync } from 'node:sqlite';
import { asEventId, type EventId, type IsoDate } from '../model/ids.ts';
import { eventPath } from '../publish/model.ts';
import { daySlugs } from '../publish/slug.ts';

/** Event page paths by day, remembered while the day's stored version does not change. */
export interface PathCache {
  /** The site path of every event on the given days ('/news/2016/04/28/<slug>', no extension). */
  paths(db: DatabaseSync, dates: Iterable<IsoDate>): Map<EventId, string>;
}

/**
 * A per-server cache of event page paths. Slugs follow the publish stage's rule (per day, in portal
 * order, `-2` for a repeated slug), so a path needs the whole day; a day is re-read only when its
 * stored version (sha256 and ingest time) changes. At most `maxDays` days are kept.
 * @example const cache = createPathCache(); cache.paths(db, ['2016-04-28'])
 */
export function createPathCache(maxDays = 4096): PathCache {
  const days = new Map<IsoDate, { stamp: string; paths: Map<EventId, string> }>();
  return {
    paths(db, dates) {
      const out = new Map<EventId, string>();
      const stampOf = db.prepare("SELECT sha256 || ' ' || ingested_at AS stamp FROM days WHERE date = ?");
      for (const date of new Set(dates)) {
        const stamp = String(stampOf.get(date)?.['stamp'] ?? '');
        let day = days.get(date);
        if (!day || day.stamp !== stamp) {
          day = { stamp, paths: eventPaths(db, [date]) };
          days.delete(date);
          days.set(date, day);
          if (days.size > maxDays) days.delete(days.keys().next().value as IsoDate);
        }
        for (const [id, path] of day.paths) out.set(id, path);
      }
      return out;
    },
  };
}

/**
 * The site path of every event on the given days ('/news/2016/04/28/<slug>', no extension), by the
 * publish stage's slug rule, so API links point at the built pages.
 */
export function eventPaths(db: DatabaseSync, dates: Iterable<IsoDate>): Map<EventId, string> {
  const out = new Map<EventId, string>();
  const list = [...new Set(dates)];
  if (list.length === 0) return out;
  const rows = db
    .prepare(
      'SELECT id, date, text FROM events WHERE date IN (SELECT value FROM json_each(?)) ORDER BY date, position',
    )
    .all(JSON.stringify(list));
  let day: { id: EventId; text: string }[] = [];
  let date = '';
  const flush = () => {
    for (const [id, slug] of daySlugs(day)) out.set(id, eventPath(date, slug));
  };
  for (const r of rows) {
    const d = String(r['date']);
    if (d !== date) {
      flush();
      day = [];
      date = d;
    }
    day.push({ id: asEventId(String(r['id'])), text: String(r['text']) });
  }
  flush();
  return out;
}
