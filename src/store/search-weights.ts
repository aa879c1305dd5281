import type { DatabaseSync } from 'node:sqlite';
import { excerptOf } from '../model/excerpt.ts';
import { eventWeights, type WantedWords } from '../model/search/rank.ts';

/**
 * The searched fields of the events noted in `search_dirty`, as the index holds them: text, context
 * entities joined by ' · ', and the lede of the first source that has one (its stored excerpt, else
 * the lede) — the one the pages show.
 */
export const DIRTY_ROWS = `
  SELECT e.rowid AS rowid, e.text AS text,
     coalesce((SELECT group_concat(x.title, ' · ') FROM event_entities x WHERE x.event_id = e.id), '') AS entities,
     coalesce((SELECT coalesce(a.excerpt, a.lede) FROM sources s JOIN articles a ON a.url = s.url
                WHERE s.event_id = e.id AND coalesce(a.excerpt, a.lede) <> '' ORDER BY s.idx LIMIT 1), '') AS ledes,
     e.id AS event_id, e.date AS date
  FROM events e WHERE e.rowid IN (SELECT rowid FROM search_dirty)`;

/** The lede as the pages show and index it: its excerpt (`excerptOf`). */
export function leadExcerpt(ledes: string): string {
  return ledes ? excerptOf(ledes) : '';
}

/** An event's weights as stored: ' word:weight word:weight … '. */
export function encodeWeights(weights: ReadonlyMap<string, number>): string {
  let out = ' ';
  for (const [w, n] of weights) out += `${w}:${n} `;
  return out;
}

/** The stored weights of the wanted words (words, and words starting with a prefix). */
export function decodeWeights(stored: string, only: WantedWords): Map<string, number> {
  const out = new Map<string, number>();
  const read = (at: number) => {
    const colon = stored.indexOf(':', at);
    const end = stored.indexOf(' ', colon);
    if (colon < 0 || end < 0) return;
    out.set(stored.slice(at + 1, colon), Number(stored.slice(colon + 1, end)));
  };
  for (const w of only.words) {
    const at = stored.indexOf(` ${w}:`);
    if (at >= 0) read(at);
  }
  for (const p of only.prefixes)
    for (let at = stored.indexOf(` ${p}`); at >= 0; at = stored.indexOf(` ${p}`, at + 1)) read(at);
  return out;
}

/** Whether the store has the weights table (schema v8; an older store opened read-only has not). */
export function hasSearchWeights(db: DatabaseSync): boolean {
  return (
    db
      .prepare("SELECT 1 AS x FROM main.sqlite_master WHERE type = 'table' AND name = 'search_weights'")
      .get() !== undefined
  );
}

/**
 * Rewrites the weights of the events noted in `search_dirty` (inside the caller's transaction,
 * before the dirty list is cleared): removed events lose theirs, the others get `eventWeights`.
 */
export function writeSearchWeights(db: DatabaseSync): void {
  if (!hasSearchWeights(db)) return;
  db.exec('DELETE FROM search_weights WHERE rowid IN (SELECT rowid FROM search_dirty)');
  const insert = db.prepare(
    'INSERT INTO search_weights (rowid, event_id, date, weights) VALUES (?, ?, ?, ?)',
  );
  for (const r of db.prepare(DIRTY_ROWS).iterate()) {
    const fields: [string, string, string] = [
      String(r['text']),
      String(r['entities'] ?? ''),
      leadExcerpt(String(r['ledes'] ?? '')),
    ];
    insert.run(
      Number(r['rowid']),
      String(r['event_id']),
      String(r['date']),
      encodeWeights(eventWeights(fields)),
    );
  }
}
