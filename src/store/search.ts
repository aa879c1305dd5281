import type { DatabaseSync } from 'node:sqlite';
import { asEventId, type EventId, type IsoDate } from '../model/ids.ts';
import { MAX_QUERY_CHARS, parseQuery, phrasePairs, type QueryTerm } from '../model/search/query.ts';
import { eventScore, eventWeights, matchScore, type WantedWords } from '../model/search/rank.ts';
import { highlight, type SnippetPart } from '../model/search/snippet.ts';
import { allTokens, isWord } from '../model/search/tokens.ts';
import { isTypoOf, TYPO_PREFIX, typoEdits } from '../model/search/typo.ts';
import { sqliteFailureReason } from './failure.ts';
import { rollback } from './open.ts';
import {
  DIRTY_ROWS,
  decodeWeights,
  hasSearchWeights,
  leadExcerpt,
  writeSearchWeights,
} from './search-weights.ts';

export type { SnippetPart } from '../model/search/snippet.ts';
export { MAX_QUERY_CHARS };

/**
 * A query matching more events than this ranks only the most recently stored this many (each
 * candidate's weights are read: "United States" matches 18.5k of the 150k scale-corpus events).
 */
export const MAX_RANKED = 5000;

/** One search hit. */
export interface SearchHit {
  id: EventId;
  date: IsoDate;
  text: string;
  /** The best-matching passage (from the text, entities or ledes), split at matches. */
  snippet: SnippetPart[];
  /** The event's score for the query (src/model/search/rank.ts; higher is better), as the offline page computes it. */
  score: number;
}

/** A page of search results. */
export interface SearchPage {
  /** The FTS5 expression that found the candidates. */
  expression: string;
  total: number;
  /** How many matches were ranked: all of them, or the `MAX_RANKED` most recently stored. */
  ranked: number;
  hits: SearchHit[];
  /** Words of the archive a word of the query matched as typos (it occurs nowhere itself). */
  typos: string[];
}

function quote(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

/**
 * The name of a TEMP FTS5 vocabulary table over the index this connection searches (the store's,
 * or the read-only connection's temp copy that shadows it), made on first use.
 */
function vocabulary(db: DatabaseSync): string {
  const schema = hasShadowIndex(db) ? 'temp' : 'main';
  const table = `event_search_vocab_${schema}`;
  if (!db.prepare('SELECT 1 AS x FROM temp.sqlite_master WHERE name = ?').get(table))
    db.exec(`CREATE VIRTUAL TABLE temp.${table} USING fts5vocab(${schema}, event_search, row)`);
  return `temp.${table}`;
}

/** Words of the archive a typo away from `word` (rule: src/model/search/typo.ts), when `word` itself occurs nowhere. */
function typosOf(db: DatabaseSync, word: string): string[] | null {
  const vocab = vocabulary(db);
  if (db.prepare(`SELECT 1 AS x FROM ${vocab} WHERE term = ?`).get(word)) return null;
  if (typoEdits(word) === 0) return [];
  const start = word.slice(0, TYPO_PREFIX);
  return db
    .prepare(`SELECT term FROM ${vocab} WHERE term >= ? AND term < ?`)
    .all(start, `${start}\uffff`)
    .map((r) => String(r['term']))
    .filter((t) => isTypoOf(word, t));
}

/** A term as FTS5 syntax (every piece quoted: FTS5 operators are only ever searched as words). */
function ftsTerm(term: QueryTerm, typos: readonly string[] | null): string {
  if (term.kind === 'prefix') return `${quote(term.prefix)}*`;
  if (term.kind === 'phrase')
    return phrasePairs(term.tokens)
      .map((p) => quote(p.replace('_', ' ')))
      .join(' ');
  if (typos === null) return quote(term.word);
  return typos.length === 1 ? quote(typos[0] ?? '') : `(${typos.map(quote).join(' OR ')})`;
}

/**
 * A term's score in an event (src/model/search/rank.ts) from the event's word weights and tokens,
 * or null when the shared tokenizer does not see the term there (FTS5 matched it otherwise).
 */
function termScore(
  term: QueryTerm,
  typos: readonly string[] | null,
  weights: ReadonlyMap<string, number>,
  fields: readonly string[] | null,
): number | null {
  if (term.kind === 'word') {
    if (typos === null) {
      const w = weights.get(term.word);
      return w === undefined ? null : matchScore(w, 'exact');
    }
    let best: number | null = null;
    for (const t of typos) {
      const w = weights.get(t);
      if (w !== undefined && (best === null || matchScore(w, 'typo') > best)) best = matchScore(w, 'typo');
    }
    return best;
  }
  if (term.kind === 'prefix') {
    let best: number | null = null;
    for (const [t, w] of weights) {
      if (!t.startsWith(term.prefix)) continue;
      const s = matchScore(w, t === term.prefix ? 'exact' : 'prefix');
      if (best === null || s > best) best = s;
    }
    return best;
  }
  // Pairs are checked when the fields are at hand; otherwise FTS5's own phrase match stands.
  if (fields) {
    const held = new Set<string>();
    for (const f of fields) {
      const tokens = allTokens(f);
      for (let i = 0; i + 1 < tokens.length; i++) held.add(`${tokens[i]}_${tokens[i + 1]}`);
    }
    if (!phrasePairs(term.tokens).every((p) => held.has(p))) return null;
  }
  let sum = 0;
  for (const t of term.tokens) if (isWord(t)) sum += weights.get(t) ?? 0;
  return sum;
}

/** The words whose weights a query's terms can use: its words (or their typos), phrase words, words starting with a prefix. */
function wantedWords(terms: readonly QueryTerm[], typos: readonly (readonly string[] | null)[]): WantedWords {
  const words = new Set<string>();
  const prefixes: string[] = [];
  terms.forEach((t, i) => {
    if (t.kind === 'word') for (const w of typos[i] ?? [t.word]) words.add(w);
    else if (t.kind === 'phrase') for (const w of t.tokens) words.add(w);
    else prefixes.push(t.prefix);
  });
  return { words, prefixes };
}

/** The searched fields of an index row, the lede cut as the pages show it. */
function fieldsOf(r: Record<string, unknown>): [string, string, string] {
  return [String(r['text']), String(r['entities'] ?? ''), leadExcerpt(String(r['ledes'] ?? ''))];
}

/** One index row by rowid (CAST: node:sqlite binds a JS number as REAL, and FTS5 then ignores a rowid constraint). */
function detail(
  db: DatabaseSync,
  rowid: number,
): { rowid: number; id: string; date: string; fields: [string, string, string] } | null {
  const r = db
    .prepare(
      'SELECT event_id, date, text, entities, ledes FROM event_search WHERE rowid = CAST(? AS INTEGER)',
    )
    .get(rowid);
  return r ? { rowid, id: String(r['event_id']), date: String(r['date']), fields: fieldsOf(r) } : null;
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Full-text search over event texts, context entities and ledes in the search language of
 * src/model/search/query.ts, ranked by src/model/search/rank.ts: the same results, in the same
 * order, as the offline search page. FTS5 finds the candidates (quoted terms: what a user types is
 * never FTS5 syntax); each is weighed in JavaScript. Events changed since the last search are
 * re-indexed first (`syncSearch`, without waiting for a writer) unless `sync: false`.
 * @example searchEvents(db, 'de Mistura', { limit: 10, offset: 0 })
 */
export function searchEvents(
  db: DatabaseSync,
  query: string,
  options: { limit: number; offset: number; sync?: boolean; maxRanked?: number },
): SearchPage {
  const terms = parseQuery(query);
  const empty = { expression: '', total: 0, ranked: 0, hits: [], typos: [] };
  if (terms.length === 0) return empty;
  if (options.sync !== false) syncSearch(db, { wait: false });
  const typos = terms.map((t) => (t.kind === 'word' ? typosOf(db, t.word) : null));
  if (typos.some((t) => t !== null && t.length === 0)) return empty;
  const expression = terms.map((t, i) => ftsTerm(t, typos[i] ?? null)).join(' ');
  const cap = Math.floor(options.maxRanked ?? MAX_RANKED);
  const found = typos.flatMap((t) => t ?? []).sort();
  // The newest cap + 1 matches: when there are more than cap, they are counted (ranked: the newest cap).
  const limit = `ORDER BY rowid DESC LIMIT ${cap + 1}`;
  const wanted = wantedWords(terms, typos);
  const scored: { rowid: number; id: string; date: string; score: number }[] = [];
  const weigh = (
    rowid: number,
    id: string,
    date: string,
    weights: Map<string, number>,
    fields: string[] | null,
  ) => {
    const scores: number[] = [];
    for (let i = 0; i < terms.length && scores.length === i; i++) {
      const s = termScore(terms[i] as QueryTerm, typos[i] ?? null, weights, fields);
      if (s !== null) scores.push(s);
    }
    if (scores.length === terms.length) scored.push({ rowid, id, date, score: eventScore(scores) });
  };
  // With a temp copy of the index (a read-only connection, see shadowIndex) the stored weights may be
  // older than the rows: weigh the rows themselves then.
  let total = 0;
  if (hasSearchWeights(db) && !hasShadowIndex(db)) {
    const rows = db
      .prepare(
        `SELECT c.rowid AS rowid, w.event_id, w.date, w.weights
           FROM (SELECT rowid FROM event_search WHERE event_search MATCH ? ${limit}) c
           LEFT JOIN search_weights w ON w.rowid = c.rowid`,
      )
      .all(expression);
    total = rows.length;
    for (const r of rows.slice(0, cap)) {
      if (typeof r['weights'] === 'string')
        weigh(
          Number(r['rowid']),
          String(r['event_id']),
          String(r['date']),
          decodeWeights(r['weights'], wanted),
          null,
        );
      else {
        const row = detail(db, Number(r['rowid']));
        if (row) weigh(row.rowid, row.id, row.date, eventWeights(row.fields, wanted), row.fields);
      }
    }
  } else {
    const rows = db
      .prepare(
        `SELECT rowid, event_id, date, text, entities, ledes FROM event_search WHERE event_search MATCH ? ${limit}`,
      )
      .all(expression);
    total = rows.length;
    for (const r of rows.slice(0, cap)) {
      const fields = fieldsOf(r);
      weigh(
        Number(r['rowid']),
        String(r['event_id']),
        String(r['date']),
        eventWeights(fields, wanted),
        fields,
      );
    }
  }
  if (total > cap)
    total = Number(
      db.prepare('SELECT count(*) AS n FROM event_search WHERE event_search MATCH ?').get(expression)?.[
        'n'
      ] ?? 0,
    );
  const rankedCount = Math.min(total, cap);
  scored.sort((a, b) => b.score - a.score || byCodeUnit(b.date, a.date) || byCodeUnit(b.id, a.id));
  const marked = { terms, typos: found };
  const hits = scored
    .slice(options.offset, options.offset + options.limit)
    .flatMap(({ rowid, score }): SearchHit[] => {
      const row = detail(db, rowid);
      if (!row) return [];
      return [
        {
          id: asEventId(row.id),
          date: row.date,
          text: row.fields[0],
          snippet: highlight(row.fields, marked),
          score,
        },
      ];
    });
  return { expression, total, ranked: rankedCount, hits, typos: found };
}

/**
 * SQL that re-indexes the events noted in `search_dirty` (removed ones just leave the index). The
 * lede column holds the lede of the event's first source that has one (its stored excerpt, else the
 * lede), as the pages show it; a search weighs it as `excerptOf` cuts it (index rows written before
 * held every source's lede: still a superset, and weighed the same way).
 */
const SYNC = `
  DELETE FROM event_search WHERE rowid IN (SELECT rowid FROM search_dirty);
  INSERT INTO event_search (rowid, text, entities, ledes, event_id, date)
  SELECT rowid, text, entities, ledes, event_id, date FROM (${DIRTY_ROWS});
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
  if (hasShadowIndex(db)) return shadowIndex(db);
  const pending = pendingSearch(db);
  if (pending === 0) return 0;
  const timeout = Number(db.prepare('PRAGMA busy_timeout').get()?.['timeout'] ?? 0);
  if (options.wait === false) db.exec('PRAGMA busy_timeout = 0');
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (error) {
    if (sqliteFailureReason(error) === 'readonly') return shadowIndex(db);
    if (options.wait === false && /busy|locked/i.test(String((error as Error).message))) return -1;
    throw error;
  } finally {
    if (options.wait === false) db.exec(`PRAGMA busy_timeout = ${timeout}`);
  }
  try {
    writeSearchWeights(db);
    db.exec(SYNC);
    db.exec('COMMIT');
  } catch (error) {
    rollback(db);
    if (sqliteFailureReason(error) === 'readonly') return shadowIndex(db);
    throw error;
  }
  return pending;
}

function hasShadowIndex(db: DatabaseSync): boolean {
  return db.prepare("SELECT 1 AS x FROM temp.sqlite_master WHERE name = 'search_shadow'").get() !== undefined;
}

/**
 * On a store this connection cannot write (a read-only file or mount), events changed since the
 * last sync cannot be re-indexed in the store. They are indexed in a TEMP copy of the index instead,
 * which shadows `event_search` for this connection only, so searches stay right (a search of the
 * stale index found nothing of a freshly ingested store). Rebuilt when another connection changes
 * the store (`PRAGMA data_version`); dropped once the store's own index is current. Returns how
 * many events were indexed in memory (0 when the copy was already current).
 */
function shadowIndex(db: DatabaseSync): number {
  const version = Number(db.prepare('PRAGMA data_version').get()?.['data_version'] ?? 0);
  const shadow = hasShadowIndex(db)
    ? db.prepare('SELECT version FROM temp.search_shadow').get()?.['version']
    : undefined;
  if (shadow !== undefined && Number(shadow) === version) return 0;
  db.exec('DROP TABLE IF EXISTS temp.event_search; DROP TABLE IF EXISTS temp.search_shadow');
  const pending = pendingSearch(db);
  if (pending === 0) return 0;
  const definition = String(
    db.prepare("SELECT sql FROM main.sqlite_master WHERE name = 'event_search'").get()?.['sql'] ?? '',
  ).replace(/^CREATE VIRTUAL TABLE\s+"?event_search"?/i, 'CREATE VIRTUAL TABLE temp.event_search');
  db.exec(`${definition};
    INSERT INTO temp.event_search (rowid, text, entities, ledes, event_id, date)
      SELECT rowid, text, entities, ledes, event_id, date FROM main.event_search;
    ${SYNC.replace('DELETE FROM search_dirty;', '')}
    CREATE TEMP TABLE search_shadow (version INTEGER NOT NULL);
    INSERT INTO temp.search_shadow VALUES (${Math.floor(version)});`);
  return pending;
}

/** Rebuilds the whole search index from the stored events (a repair; `syncSearch` keeps it current). */
export function rebuildSearch(db: DatabaseSync): number {
  db.exec(`BEGIN IMMEDIATE; DELETE FROM event_search;
    INSERT OR IGNORE INTO search_dirty (rowid) SELECT rowid FROM events;`);
  try {
    if (hasSearchWeights(db)) db.exec('DELETE FROM search_weights');
    writeSearchWeights(db);
    db.exec(`${SYNC} COMMIT;`);
  } catch (error) {
    rollback(db);
    throw error;
  }
  return Number(db.prepare('SELECT count(*) AS n FROM event_search').get()?.['n'] ?? 0);
}
