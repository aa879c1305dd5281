import type { DatabaseSync } from 'node:sqlite';
import type { Source, StoredEvent, StorylineNode } from '../model/event.ts';
import { asEntityTitle, asEventId, type EntityTitle, type IsoDate } from '../model/ids.ts';
import { parseSpans, resolveRedirects } from './spans.ts';

interface EventRow {
  id: string;
  date: string;
  position: number;
  category: string | null;
  storyline: string;
  text: string;
  links: string;
  line: number;
  raw: string;
  spans: string;
  slug: string | null;
}

interface SourceRow {
  event_id: string;
  url: string;
  publisher: string;
  archive_url: string | null;
  dead_link: number;
}

/** Which events to read: a date range (inclusive), a list of dates, or ids; all when empty. */
export interface EventQuery {
  from?: IsoDate;
  to?: IsoDate;
  dates?: IsoDate[];
  ids?: string[];
}

/**
 * Reads stored events in portal order (date, then position), with their context and sources.
 * @example readEvents(db, { from: '2016-04-01', to: '2016-04-30' })
 */
export function readEvents(db: DatabaseSync, query: EventQuery = {}): StoredEvent[] {
  const where: string[] = [];
  const args: string[] = [];
  if (query.from) {
    where.push('e.date >= ?');
    args.push(query.from);
  }
  if (query.to) {
    where.push('e.date <= ?');
    args.push(query.to);
  }
  if (query.dates) {
    where.push(`e.date IN (SELECT value FROM json_each(?))`);
    args.push(JSON.stringify(query.dates));
  }
  if (query.ids) {
    where.push(`e.id IN (SELECT value FROM json_each(?))`);
    args.push(JSON.stringify(query.ids));
  }
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const rows = db
    .prepare(`SELECT e.id, e.date, e.position, e.category, e.storyline, e.text, e.links, e.line, e.raw, e.spans, e.slug
              FROM events e ${filter} ORDER BY e.date, e.position`)
    .all(...args) as unknown as EventRow[];
  const context = new Map<string, EntityTitle[]>();
  for (const r of db
    .prepare(`SELECT x.event_id, x.title FROM event_entities x JOIN events e ON e.id = x.event_id ${filter}`)
    .all(...args) as { event_id: string; title: string }[]) {
    const list = context.get(r.event_id) ?? [];
    list.push(asEntityTitle(r.title));
    context.set(r.event_id, list);
  }
  const sources = new Map<string, Source[]>();
  for (const r of db
    .prepare(`SELECT s.event_id, s.url, s.publisher, s.archive_url, s.dead_link
              FROM sources s JOIN events e ON e.id = s.event_id ${filter} ORDER BY s.event_id, s.idx`)
    .all(...args) as unknown as SourceRow[]) {
    const list = sources.get(r.event_id) ?? [];
    const s: Source = { url: r.url, publisher: r.publisher, deadLink: r.dead_link === 1 };
    if (r.archive_url) s.archiveUrl = r.archive_url;
    list.push(s);
    sources.set(r.event_id, list);
  }
  const events = rows.map((r) => ({
    id: asEventId(r.id),
    date: r.date,
    category: r.category,
    storyline: JSON.parse(r.storyline) as StorylineNode[],
    text: r.text,
    links: JSON.parse(r.links) as EntityTitle[],
    spans: parseSpans(r.spans),
    context: (context.get(r.id) ?? []).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    sources: sources.get(r.id) ?? [],
    position: Number(r.position),
    line: Number(r.line),
    raw: r.raw,
    slug: r.slug ?? '',
  }));
  return resolveRedirects(db, events);
}

/** One event by id, or undefined. */
export function readEvent(db: DatabaseSync, id: string): StoredEvent | undefined {
  return readEvents(db, { ids: [id] })[0];
}

/** Every stored day's date, ascending. */
export function readDayDates(db: DatabaseSync): IsoDate[] {
  return (db.prepare('SELECT date FROM days ORDER BY date').all() as { date: string }[]).map((r) => r.date);
}

/** Totals of the archive: days, events, distinct entities, sources. */
export function countArchive(db: DatabaseSync): {
  days: number;
  events: number;
  entities: number;
  sources: number;
} {
  const n = (sql: string) => Number((db.prepare(sql).get() as { n: number }).n);
  return {
    days: n('SELECT count(*) AS n FROM days'),
    events: n('SELECT count(*) AS n FROM events'),
    entities: n('SELECT count(DISTINCT title) AS n FROM event_entities'),
    sources: n('SELECT count(*) AS n FROM sources'),
  };
}
