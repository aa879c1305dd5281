import type { DatabaseSync } from 'node:sqlite';
import { asEventId, type EventId, type IsoDate } from '../model/ids.ts';
import { eventPath } from '../publish/model.ts';
import { daySlugs } from '../publish/slug.ts';

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
