import { createHash } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import type { IsoDate } from '../model/ids.ts';
import { readDayRedirects } from './redirects.ts';

/**
 * Every stored day's content signature (sha256 of its input and parser version, and the redirects
 * its links follow), by date.
 */
export function readDayStates(db: DatabaseSync): Map<IsoDate, string> {
  const out = new Map<IsoDate, string>();
  const redirects = readDayRedirects(db);
  for (const r of db.prepare('SELECT date, sha256, parser_version FROM days ORDER BY date').all()) {
    const date = String(r['date']);
    const used = redirects.get(date);
    out.set(date, `${String(r['sha256'])}:${String(r['parser_version'])}${used ? `:${hash(used)}` : ''}`);
  }
  return out;
}

function hash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 16);
}

/** Every day holding events, with its event count, dates ascending. */
export function readDayCounts(db: DatabaseSync): { date: IsoDate; events: number }[] {
  return db
    .prepare('SELECT date, count(*) AS n FROM events GROUP BY date ORDER BY date')
    .all()
    .map((r) => ({ date: String(r['date']), events: Number(r['n']) }));
}

/** Ids of the events stored on the given days. */
export function readEventIdsOn(db: DatabaseSync, dates: readonly IsoDate[]): string[] {
  return db
    .prepare('SELECT id FROM events WHERE date IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(dates))
    .map((r) => String(r['id']));
}

/** The date of each of the given event ids that still exists. */
export function readEventDates(db: DatabaseSync, ids: readonly string[]): Map<string, IsoDate> {
  const out = new Map<string, IsoDate>();
  for (const r of db
    .prepare('SELECT id, date FROM events WHERE id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(ids))) {
    out.set(String(r['id']), String(r['date']));
  }
  return out;
}

/** The latest enrichment time of any stored article ('' when none). */
export function readArticlesMark(db: DatabaseSync): string {
  const row = db.prepare('SELECT max(enriched_at) AS at FROM articles').get();
  return row && typeof row['at'] === 'string' ? row['at'] : '';
}

/** Ids of events citing a source enriched after `mark` (an ISO time; '' for any). */
export function readEventsEnrichedAfter(db: DatabaseSync, mark: string): string[] {
  return db
    .prepare(
      'SELECT DISTINCT s.event_id AS id FROM sources s JOIN articles a ON a.url = s.url WHERE a.enriched_at > ?',
    )
    .all(mark)
    .map((r) => String(r['id']));
}
