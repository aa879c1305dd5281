import type { DatabaseSync } from 'node:sqlite';
import { asEntityTitle, type EntityTitle, type IsoDate } from '../model/ids.ts';
import { transaction } from './open.ts';

/** What the wiki said of one linked title: where it redirects, or null when it is no redirect. */
export interface RedirectAnswer {
  title: string;
  target: string | null;
  fragment?: string;
}

/** What writing redirect answers did. */
export interface RedirectWrite {
  /** Titles whose target is new or changed (a title that stopped redirecting included). */
  changed: number;
  /** Events whose stored context was re-resolved. */
  events: number;
}

/**
 * Maps each of `titles` to its stored redirect target; titles that are no known redirect are absent.
 * @example readRedirects(db, ['Islamic State in Iraq and the Levant']).get('Islamic State in Iraq and the Levant')
 */
export function readRedirects(db: DatabaseSync, titles: Iterable<string>): Map<string, EntityTitle> {
  const list = [...new Set(titles)];
  const out = new Map<string, EntityTitle>();
  if (list.length === 0) return out;
  // Most stores (every one ingested from files) have no redirect: one index probe, no title list.
  if (!db.prepare('SELECT 1 FROM redirects WHERE target IS NOT NULL LIMIT 1').get()) return out;
  for (const r of db
    .prepare(
      `SELECT title, target FROM redirects
        WHERE target IS NOT NULL AND title IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(list))) {
    out.set(String(r['title']), asEntityTitle(String(r['target'])));
  }
  return out;
}

/** Every target with the other titles events linked it by (titles ascending), for entity pages. */
export function readAliases(db: DatabaseSync): Map<EntityTitle, string[]> {
  const out = new Map<EntityTitle, string[]>();
  for (const r of db
    .prepare('SELECT target, title FROM redirects WHERE target IS NOT NULL ORDER BY target, title')
    .all()) {
    const target = asEntityTitle(String(r['target']));
    const list = out.get(target);
    if (list) list.push(String(r['title']));
    else out.set(target, [String(r['title'])]);
  }
  return out;
}

/** The distinct titles linked by the events of `dates` (own text and storyline), as linked. */
export function readLinkedTitles(db: DatabaseSync, dates: readonly IsoDate[]): string[] {
  return db
    .prepare(
      `SELECT j.value AS title FROM events e, json_each(e.links) j
        WHERE e.date IN (SELECT value FROM json_each(?1))
       UNION
       SELECT l.value FROM events e, json_each(e.storyline) s, json_each(s.value, '$.links') l
        WHERE e.date IN (SELECT value FROM json_each(?1))
       ORDER BY 1`,
    )
    .all(JSON.stringify(dates))
    .map((r) => String(r['title']));
}

/**
 * Stores what the wiki said of linked titles and, in the same transaction, re-resolves the stored
 * context (event_entities) of every event that links a title whose target changed, so related
 * events, entity pages and the link stage's signatures see the target.
 */
export function writeRedirects(
  db: DatabaseSync,
  answers: readonly RedirectAnswer[],
  now: string,
): RedirectWrite {
  return transaction(db, () => {
    const get = db.prepare('SELECT target FROM redirects WHERE title = ?');
    const put = db.prepare(
      `INSERT INTO redirects (title, target, fragment, checked_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(title) DO UPDATE SET target = excluded.target, fragment = excluded.fragment,
         checked_at = excluded.checked_at`,
    );
    const touched = new Set<string>();
    for (const a of answers) {
      if (a.target === a.title) continue;
      const before = get.get(a.title);
      const old = before ? (before['target'] as string | null) : null;
      put.run(a.title, a.target, a.fragment ?? null, now);
      if (old === a.target) continue;
      touched.add(a.title);
      if (old !== null) touched.add(old);
    }
    if (touched.size === 0) return { changed: 0, events: 0 };
    const ids = db
      .prepare('SELECT DISTINCT event_id FROM event_entities WHERE title IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify([...touched]))
      .map((r) => String(r['event_id']));
    for (const id of ids) resolveEventContext(db, id);
    return { changed: answers.filter((a) => touched.has(a.title)).length, events: ids.length };
  });
}

/**
 * Rewrites one stored event's context rows from its links as written, through the redirect table:
 * a title that redirects counts as its target; `own` when any own link leads there.
 */
export function resolveEventContext(db: DatabaseSync, id: string): void {
  const row = db.prepare('SELECT links, storyline FROM events WHERE id = ?').get(id);
  if (!row) return;
  const own = titlesIn(JSON.parse(String(row['links'])));
  const storyline: unknown = JSON.parse(String(row['storyline']));
  const above = Array.isArray(storyline)
    ? storyline.flatMap((s: unknown) =>
        typeof s === 'object' && s !== null && 'links' in s ? titlesIn(s.links) : [],
      )
    : [];
  writeContexts(db, [{ id, own, above }]);
}

/** An event's titles as linked: in its own text, and in its storyline ancestors. */
export interface LinkedTitles {
  id: string;
  own: readonly string[];
  above: readonly string[];
}

/**
 * Replaces the context rows of events: own and storyline titles resolved through the redirect
 * table (one lookup for them all); `own` when any own link leads to the title.
 */
export function writeContexts(db: DatabaseSync, events: readonly LinkedTitles[]): void {
  if (events.length === 0) return;
  const redirects = readRedirects(
    db,
    events.flatMap((e) => [...e.own, ...e.above]),
  );
  const resolve = (t: string) => redirects.get(t) ?? t;
  const del = db.prepare('DELETE FROM event_entities WHERE event_id = ?');
  const ins = db.prepare('INSERT INTO event_entities (event_id, title, own) VALUES (?, ?, ?)');
  for (const e of events) {
    const own = new Set(e.own.map(resolve));
    del.run(e.id);
    for (const t of new Set([...own, ...e.above.map(resolve)])) ins.run(e.id, t, own.has(t) ? 1 : 0);
  }
}

function titlesIn(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * Per day whose events link a title that redirects: the redirects used, as one string (title→target
 * pairs in order), so a build sees a day whose shown links changed though its page did not.
 * Empty (one index probe) when no title redirects.
 */
export function readDayRedirects(db: DatabaseSync): Map<IsoDate, string> {
  const out = new Map<IsoDate, string>();
  if (!db.prepare('SELECT 1 FROM redirects WHERE target IS NOT NULL LIMIT 1').get()) return out;
  for (const r of db
    .prepare(
      `SELECT e.date AS date, group_concat(r.title || '>' || r.target, '|') AS used
         FROM (SELECT DISTINCT e.date AS date, j.value AS title FROM events e, json_each(e.links) j
                ORDER BY 1, 2) e
         JOIN redirects r ON r.title = e.title AND r.target IS NOT NULL
        GROUP BY e.date`,
    )
    .all()) {
    out.set(String(r['date']), String(r['used']));
  }
  return out;
}
