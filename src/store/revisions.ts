import type { DatabaseSync } from 'node:sqlite';

/** What `currents update` needs to know of a stored day to decide whether to re-ingest it. */
export interface StoredRevision {
  /** MediaWiki revision id; null when the day came from a file. */
  revisionId: number | null;
  /** The parser version that produced the stored events. */
  parserVersion: number;
}

/**
 * Revision id and parser version of every stored day, by date.
 * @example readStoredRevisions(db).get('2016-04-28') // { revisionId: 1334920899, parserVersion: 1 }
 */
export function readStoredRevisions(db: DatabaseSync): Map<string, StoredRevision> {
  const rows = db.prepare('SELECT date, revision_id, parser_version FROM days').all();
  const out = new Map<string, StoredRevision>();
  for (const row of rows) {
    const revision = row['revision_id'];
    out.set(String(row['date']), {
      revisionId: revision === null || revision === undefined ? null : Number(revision),
      parserVersion: Number(row['parser_version']),
    });
  }
  return out;
}
