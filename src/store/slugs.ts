import type { DatabaseSync } from 'node:sqlite';
import type { PortalEvent } from '../model/event.ts';
import { asEventId, type EventId, type IsoDate } from '../model/ids.ts';
import { daySlugs, type PageSlugs, pageSlugBase, type SlugLedger, takeSlug } from '../model/slug.ts';

/**
 * Page slugs, stored once (migration `slugs`). Every function here writes or reads inside the caller's
 * transaction (writeDay's, or the migration's): none opens one itself.
 */

/** The migration that added stored slugs (`migrations/NNN-slugs.sql`); an older store gets them when it runs. */
export const SLUGS_MIGRATION = 'slugs';

/** Kinds of titled pages. */
type PageKind = 'entity' | 'storyline';

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The slugs of a day's events about to be written (portal order): events already stored keep
 * theirs; the others take their base slug or its next free suffix on that day. Call before the
 * day's removed events are deleted or its new ones inserted.
 */
export function slugsForDay(
  db: DatabaseSync,
  date: IsoDate,
  events: readonly PortalEvent[],
): Map<EventId, string> {
  const kept = new Map<EventId, string>();
  for (const r of db.prepare('SELECT id, slug FROM events WHERE date = ? AND slug IS NOT NULL').all(date)) {
    kept.set(asEventId(String(r['id'])), String(r['slug']));
  }
  return daySlugs(events, kept);
}

/** Stores the slugs of events just inserted (their rows exist). */
export function writeEventSlugs(db: DatabaseSync, slugs: Iterable<[EventId, string]>): void {
  const set = db.prepare('UPDATE events SET slug = ? WHERE id = ? AND slug IS NULL');
  for (const [id, slug] of slugs) set.run(slug, id);
}

/** A ledger of one kind of page slugs in the store, plus the slugs taken since it was made. */
function pageLedger(db: DatabaseSync, kind: PageKind): SlugLedger {
  const has = db.prepare('SELECT 1 FROM page_slugs WHERE kind = ? AND slug = ?');
  const get = db.prepare('SELECT next FROM page_slug_counters WHERE kind = ? AND base = ?');
  const set = db.prepare(
    `INSERT INTO page_slug_counters (kind, base, next) VALUES (?, ?, ?)
     ON CONFLICT(kind, base) DO UPDATE SET next = excluded.next`,
  );
  const pending = new Set<string>();
  return {
    has: (slug) => pending.has(slug) || has.get(kind, slug) !== undefined,
    add: (slug) => {
      pending.add(slug);
    },
    counter: (base) => Number(get.get(kind, base)?.['next'] ?? 2),
    setCounter: (base, next) => {
      set.run(kind, base, next);
    },
  };
}

/** Gives every title of `titles` that has no slug of `kind` yet its slug, titles in code-unit order. */
function assignKind(db: DatabaseSync, kind: PageKind, titles: Iterable<string>): void {
  const known = db.prepare('SELECT 1 FROM page_slugs WHERE kind = ? AND title = ?');
  const fresh = [...new Set(titles)].filter((t) => known.get(kind, t) === undefined).sort(byCodeUnit);
  if (fresh.length === 0) return;
  const ledger = pageLedger(db, kind);
  const put = db.prepare('INSERT INTO page_slugs (kind, title, slug) VALUES (?, ?, ?)');
  for (const title of fresh) put.run(kind, title, takeSlug(ledger, pageSlugBase(title)));
}

/**
 * Gives entity and storyline titles seen for the first time their page slugs (kept for good
 * after): new titles in code-unit order take their base slug or its next free suffix.
 * @example assignPageSlugs(db, { entities: e.context, storylines: e.storyline.map((s) => s.text) })
 */
export function assignPageSlugs(
  db: DatabaseSync,
  titles: { entities: Iterable<string>; storylines: Iterable<string> },
): void {
  assignKind(db, 'entity', titles.entities);
  assignKind(db, 'storyline', titles.storylines);
}

/**
 * Gives every stored entity and storyline title that has no page slug yet its slug, titles in
 * code-unit order: run after each ingest run (and by the migration), so a run that brings many new
 * titles gives them what the publish stage gave them before slugs were stored. (Per day, in a
 * day's transaction, 'Brasília' first seen a day before 'Brasilia' would take 'brasilia' from it.)
 */
export function assignMissingPageSlugs(db: DatabaseSync): void {
  const entities = db
    .prepare(
      `SELECT DISTINCT x.title AS title FROM event_entities x
        WHERE NOT EXISTS (SELECT 1 FROM page_slugs p WHERE p.kind = 'entity' AND p.title = x.title)`,
    )
    .all();
  const storylines = db
    .prepare(
      `SELECT DISTINCT json_extract(j.value, '$.text') AS title FROM events e, json_each(e.storyline) j
        WHERE NOT EXISTS (SELECT 1 FROM page_slugs p
                           WHERE p.kind = 'storyline' AND p.title = json_extract(j.value, '$.text'))`,
    )
    .all();
  assignPageSlugs(db, {
    entities: entities.map((r) => String(r['title'])),
    storylines: storylines.map((r) => String(r['title'])),
  });
}

/**
 * Gives every stored event, entity and storyline without a slug its slug, as the publish stage made
 * them before slugs were stored: events per day in portal order, titles over the whole archive in
 * code-unit order. Run by the `slugs` migration, inside its transaction.
 */
export function fillSlugs(db: DatabaseSync): void {
  const rows = db
    .prepare('SELECT id, date, text, slug FROM events ORDER BY date, position')
    .all()
    .map((r) => ({
      id: asEventId(String(r['id'])),
      date: String(r['date']),
      text: String(r['text']),
      slug: r['slug'] === null ? null : String(r['slug']),
    }));
  const set = db.prepare('UPDATE events SET slug = ? WHERE id = ?');
  let start = 0;
  for (let i = 1; i <= rows.length; i++) {
    if (i < rows.length && rows[i]?.date === rows[start]?.date) continue;
    const day = rows.slice(start, i);
    const kept = new Map(day.flatMap((r) => (r.slug === null ? [] : [[r.id, r.slug] as const])));
    for (const [id, slug] of daySlugs(day, kept)) if (!kept.has(id)) set.run(slug, id);
    start = i;
  }
  assignMissingPageSlugs(db);
}

/**
 * Every stored entity and storyline page slug, by title.
 * @example readPageSlugs(db).entities.get('Syria') // 'syria'
 */
export function readPageSlugs(db: DatabaseSync): PageSlugs {
  const entities = new Map<string, string>();
  const storylines = new Map<string, string>();
  for (const r of db.prepare('SELECT kind, title, slug FROM page_slugs').all()) {
    (r['kind'] === 'entity' ? entities : storylines).set(String(r['title']), String(r['slug']));
  }
  return { entities, storylines };
}

/** The stored slugs of the given events (unknown ids are left out). */
export function readEventSlugs(db: DatabaseSync, ids: Iterable<EventId>): Map<EventId, string> {
  const out = new Map<EventId, string>();
  const list = [...new Set(ids)];
  if (list.length === 0) return out;
  for (const r of db
    .prepare('SELECT id, slug FROM events WHERE id IN (SELECT value FROM json_each(?)) AND slug IS NOT NULL')
    .all(JSON.stringify(list))) {
    out.set(asEventId(String(r['id'])), String(r['slug']));
  }
  return out;
}
