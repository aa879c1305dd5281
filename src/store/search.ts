import type { DatabaseSync } from 'node:sqlite';
import { asEventId, type EventId, type IsoDate } from '../model/ids.ts';
import { highlight, type SnippetPart } from './highlight.ts';

export type { SnippetPart } from './highlight.ts';

/** Longest query accepted, in characters. */
export const MAX_QUERY_CHARS = 200;
/** Most terms (words or quoted phrases) a query may hold. */
export const MAX_QUERY_TERMS = 12;

/**
 * A query matching more events than this ranks only the most recently stored this many (FTS5 scores
 * every candidate: "the" matches 92k of 150k events and took 167 ms to rank; capped, 12 ms).
 */
export const MAX_RANKED = 5000;

/** One search hit. */
export interface SearchHit {
  id: EventId;
  date: IsoDate;
  text: string;
  /** The best-matching passage (from the text, entities or ledes), split at matches. */
  snippet: SnippetPart[];
  /** bm25 score (lower is better, as SQLite returns it). */
  score: number;
}

/** A page of search results. */
export interface SearchPage {
  /** The FTS5 expression that was run. */
  expression: string;
  total: number;
  /** How many matches were ranked: all of them, or the `MAX_RANKED` most recently stored. */
  ranked: number;
  hits: SearchHit[];
}

/**
 * Words so common in the archive that requiring them filters nothing ("the" is in 61 % of the 150k
 * scale-corpus events, "in" 55 %) while intersecting their long lists costs most of a query's time.
 * Dropped from a query that has other words; kept inside "quoted phrases".
 */
const STOPWORDS = new Set('a an and are as at by for from in is of on or that the to with'.split(' '));

/** One term of a query: a word or a quoted phrase, and whether it is a prefix (`syr*`). */
export interface QueryTerm {
  text: string;
  prefix: boolean;
  phrase: boolean;
}

/**
 * The terms of what a user typed: words and "quoted phrases" (an unclosed quote runs to the end),
 * control characters and stray `*`/`"` removed, terms without a letter or digit dropped, duplicates
 * dropped, at most `MAX_QUERY_TERMS`. Very common words (`STOPWORDS`) are dropped when other terms
 * remain; a quoted phrase is always kept.
 * @example queryTerms('the "peace talks" syr*') // [{ text: 'peace talks', phrase: true, … }, { text: 'syr', prefix: true, … }]
 */
export function queryTerms(query: string): QueryTerm[] {
  const clean = query.replace(/[\u0000-\u001f\u007f]/g, ' ');
  const terms: QueryTerm[] = [];
  for (const m of clean.matchAll(/"([^"]*)"?|(\S+)/g)) {
    const phrase = m[1];
    const word = m[2];
    let term: QueryTerm | null = null;
    if (phrase !== undefined) {
      const t = phrase.trim().replace(/\s+/g, ' ');
      if (hasWordChar(t)) term = { text: t, prefix: false, phrase: true };
    } else if (word !== undefined) {
      const w = word.replace(/[*"]/g, '');
      const prefix = word.endsWith('*') && hasWordChar(w);
      if (hasWordChar(w)) term = { text: w, prefix, phrase: false };
    }
    if (term && !terms.some((t) => t.text === term.text && t.prefix === term.prefix)) terms.push(term);
    if (terms.length === MAX_QUERY_TERMS) break;
  }
  const kept = terms.filter((t) => t.phrase || t.prefix || !STOPWORDS.has(t.text.toLowerCase()));
  return kept.length > 0 ? kept : terms;
}

/**
 * Turns what a user typed into a safe FTS5 expression: every term of `queryTerms` becomes a quoted
 * FTS5 string (so `AND`, `NEAR`, `-`, `:`, `(`, `*` and stray quotes are text, never syntax),
 * joined by spaces (all must match); a prefix term keeps its `*` outside the quotes.
 * Returns null when nothing searchable is left.
 * @example ftsExpression('de Mistura "peace talks" syr*') // '"de" "Mistura" "peace talks" "syr"*'
 */
export function ftsExpression(query: string): string | null {
  const terms = queryTerms(query);
  return terms.length ? terms.map((t) => (t.prefix ? `${quote(t.text)}*` : quote(t.text))).join(' ') : null;
}

function hasWordChar(s: string): boolean {
  return /[\p{L}\p{N}]/u.test(s);
}

function quote(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

/** Column weights of bm25(): a match in the event text counts most, then entities, then ledes. */
const WEIGHTS = 'bm25(event_search, 10.0, 4.0, 1.0)';

/**
 * Full-text search over event texts, context entities and ledes, best first (bm25), paged.
 * The query is what a user typed; it is made safe by `ftsExpression`. Events changed since the
 * last search are re-indexed first (`syncSearch`, without waiting for a writer) unless `sync: false`.
 * @example searchEvents(db, 'de Mistura', { limit: 10, offset: 0 })
 */
export function searchEvents(
  db: DatabaseSync,
  query: string,
  options: { limit: number; offset: number; sync?: boolean; maxRanked?: number },
): SearchPage {
  const expression = ftsExpression(query);
  if (!expression) return { expression: '', total: 0, ranked: 0, hits: [] };
  if (options.sync !== false) syncSearch(db, { wait: false });
  const total = Number(
    db.prepare('SELECT count(*) AS n FROM event_search WHERE event_search MATCH ?').get(expression)?.['n'] ??
      0,
  );
  const cap = options.maxRanked ?? MAX_RANKED;
  const rankedCount = Math.min(total, cap);
  if (total === 0 || options.offset >= rankedCount)
    return { expression, total, ranked: rankedCount, hits: [] };
  // Rank first (bm25 only), then read the page's rows by rowid and highlight them in JavaScript:
  // snippet() re-reads every term's list per row (docs/DESIGN.md, "Search index").
  const candidates =
    total > cap
      ? `(SELECT rowid, ${WEIGHTS} AS score FROM event_search WHERE event_search MATCH ?
          ORDER BY rowid DESC LIMIT ${Math.floor(cap)})`
      : `(SELECT rowid, ${WEIGHTS} AS score FROM event_search WHERE event_search MATCH ?)`;
  const ranked = db
    .prepare(`SELECT rowid, score FROM ${candidates} ORDER BY score, rowid LIMIT ? OFFSET ?`)
    .all(expression, options.limit, options.offset);
  // CAST: node:sqlite binds a JS number as REAL, and FTS5 then ignores a rowid constraint.
  const detail = db.prepare(
    'SELECT event_id, date, text, entities, ledes FROM event_search WHERE rowid = CAST(? AS INTEGER)',
  );
  const terms = queryTerms(query);
  const hits: SearchHit[] = ranked.flatMap((r) => {
    const row = detail.get(Number(r['rowid']));
    if (!row) return [];
    const text = String(row['text']);
    return [
      {
        id: asEventId(String(row['event_id'])),
        date: String(row['date']),
        text,
        snippet: highlight([text, String(row['entities'] ?? ''), String(row['ledes'] ?? '')], terms),
        score: Number(r['score']),
      },
    ];
  });
  return {
    expression,
    total,
    ranked: rankedCount,
    hits,
  };
}

/** SQL that re-indexes the events noted in `search_dirty` (removed ones just leave the index). */
const SYNC = `
  DELETE FROM event_search WHERE rowid IN (SELECT rowid FROM search_dirty);
  INSERT INTO event_search (rowid, text, entities, ledes, event_id, date)
  SELECT e.rowid, e.text,
     coalesce((SELECT group_concat(x.title, ' · ') FROM event_entities x WHERE x.event_id = e.id), ''),
     coalesce((SELECT group_concat(a.lede, ' ') FROM sources s JOIN articles a ON a.url = s.url
                WHERE s.event_id = e.id AND a.lede IS NOT NULL), ''),
     e.id, e.date
  FROM events e WHERE e.rowid IN (SELECT rowid FROM search_dirty);
  DELETE FROM search_dirty;`;

/** How many events wait to be re-indexed (0 on a store whose index is kept by the first 004 triggers). */
export function pendingSearch(db: DatabaseSync): number {
  const table = db
    .prepare("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'search_dirty'")
    .get();
  if (!table) return 0;
  return Number(db.prepare('SELECT count(*) AS n FROM search_dirty').get()?.['n'] ?? 0);
}

/**
 * Re-indexes the events changed since the last sync, in one transaction, and returns how many.
 * With `wait: false` it gives up at once (returning -1) when another connection is writing, so a
 * search is never held up by an ingest in progress: it answers from the index as it is.
 * @example syncSearch(store.db) // 149449 after a first bulk ingest, 0 when up to date
 */
export function syncSearch(db: DatabaseSync, options: { wait?: boolean } = {}): number {
  const pending = pendingSearch(db);
  if (pending === 0) return 0;
  const timeout = Number(db.prepare('PRAGMA busy_timeout').get()?.['timeout'] ?? 0);
  if (options.wait === false) db.exec('PRAGMA busy_timeout = 0');
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (error) {
    if (options.wait === false && /busy|locked|readonly/i.test(String((error as Error).message))) return -1;
    throw error;
  } finally {
    if (options.wait === false) db.exec(`PRAGMA busy_timeout = ${timeout}`);
  }
  try {
    db.exec(SYNC);
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    if (options.wait === false && /readonly/i.test(String((error as Error).message))) return -1;
    throw error;
  }
  return pending;
}

/** Rebuilds the whole search index from the stored events (a repair; `syncSearch` keeps it current). */
export function rebuildSearch(db: DatabaseSync): number {
  db.exec(`BEGIN IMMEDIATE; DELETE FROM event_search;
    INSERT OR IGNORE INTO search_dirty (rowid) SELECT rowid FROM events;
    ${SYNC} COMMIT;`);
  return Number(db.prepare('SELECT count(*) AS n FROM event_search').get()?.['n'] ?? 0);
}
