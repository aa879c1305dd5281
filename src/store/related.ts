import type { DatabaseSync } from 'node:sqlite';
import { asEntityTitle, asEventId, type EntityTitle, type EventId } from '../model/ids.ts';
import type { LinkEvent, RelatedEntry } from '../model/related.ts';
import { transaction } from './open.ts';

/** What a stored list was computed from: JSON of [date, position, context]. */
export function linkSignature(e: LinkEvent): string {
  return JSON.stringify([e.date, e.position, e.context]);
}

/** Every stored event as the link stage sees it (id, date, position, sorted context), in portal order. */
export function readLinkEvents(db: DatabaseSync): LinkEvent[] {
  const context = new Map<string, EntityTitle[]>();
  for (const r of db.prepare('SELECT event_id, title FROM event_entities').all()) {
    const id = String(r['event_id']);
    const list = context.get(id);
    const title = asEntityTitle(String(r['title']));
    if (list) list.push(title);
    else context.set(id, [title]);
  }
  return db
    .prepare('SELECT id, date, position FROM events ORDER BY date, position')
    .all()
    .map((r) => ({
      id: asEventId(String(r['id'])),
      date: String(r['date']),
      position: Number(r['position']),
      context: (context.get(String(r['id'])) ?? []).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    }));
}

/** The stored signatures and list generations of one ranking, by event id. */
export function readLinkInputs(
  db: DatabaseSync,
  rank: string,
): Map<EventId, { sig: string; generation: number }> {
  const out = new Map<EventId, { sig: string; generation: number }>();
  for (const r of db.prepare('SELECT event_id, sig, generation FROM link_inputs WHERE rank = ?').all(rank)) {
    out.set(asEventId(String(r['event_id'])), { sig: String(r['sig']), generation: Number(r['generation']) });
  }
  return out;
}

/** The last link run of a ranking (generation 0 and k 0 when never linked). */
export function readLinkRun(db: DatabaseSync, rank: string): { generation: number; k: number } {
  const row = db.prepare('SELECT generation, k FROM link_runs WHERE rank = ?').get(rank);
  return row ? { generation: Number(row['generation']), k: Number(row['k']) } : { generation: 0, k: 0 };
}

function parseShared(json: string): EntityTitle[] {
  const v: unknown = JSON.parse(json);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').map(asEntityTitle) : [];
}

/** Stored related lists of a ranking, by event id (all events, or only `ids`). */
export function readRelated(
  db: DatabaseSync,
  rank: string,
  ids?: readonly EventId[],
): Map<EventId, RelatedEntry[]> {
  const out = new Map<EventId, RelatedEntry[]>();
  const rows = ids
    ? db
        .prepare(
          `SELECT event_id, related_id, score, shared FROM related
            WHERE rank = ? AND event_id IN (SELECT value FROM json_each(?)) ORDER BY event_id, idx`,
        )
        .all(rank, JSON.stringify(ids))
    : db
        .prepare(
          'SELECT event_id, related_id, score, shared FROM related WHERE rank = ? ORDER BY event_id, idx',
        )
        .all(rank);
  for (const r of rows) {
    const id = asEventId(String(r['event_id']));
    const entry: RelatedEntry = {
      id: asEventId(String(r['related_id'])),
      score: Number(r['score']),
      shared: parseShared(String(r['shared'])),
    };
    const list = out.get(id);
    if (list) list.push(entry);
    else out.set(id, [entry]);
  }
  return out;
}

/** Ids and dates of events whose list (of a ranking) changed after link generation `generation`. */
export function readListsChangedSince(db: DatabaseSync, rank: string, generation: number): EventId[] {
  return db
    .prepare('SELECT event_id FROM link_inputs WHERE rank = ? AND generation > ?')
    .all(rank, generation)
    .map((r) => asEventId(String(r['event_id'])));
}

/** Ids of events whose stored list (of a ranking) names one of `ids`. */
export function readListing(db: DatabaseSync, rank: string, ids: readonly EventId[]): Set<EventId> {
  const rows = db
    .prepare(
      `SELECT DISTINCT event_id FROM related WHERE rank = ? AND related_id IN (SELECT value FROM json_each(?))`,
    )
    .all(rank, JSON.stringify(ids));
  return new Set(rows.map((r) => asEventId(String(r['event_id']))));
}

/** One event's new list and the signature it was computed from. */
export interface RelatedWrite {
  id: EventId;
  sig: string;
  entries: RelatedEntry[];
  /** Whether the list differs from the stored one (its generation is bumped). */
  changed: boolean;
}

/**
 * Replaces the lists of the given events and forgets removed events, in one transaction, and
 * records the run: a crash leaves the old lists or the new ones. With `all`, `writes` holds every
 * event's list: the ranking's rows are deleted at once and every list written again.
 * Writes go in event id order, the table's key order (random order cost 1.1 s more on 1.2M rows).
 */
export function writeRelated(
  db: DatabaseSync,
  run: { rank: string; k: number; generation: number; now: string; all?: boolean },
  unsorted: readonly RelatedWrite[],
  removed: readonly EventId[],
): void {
  const writes = [...unsorted].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  transaction(db, () => {
    if (run.all) db.prepare('DELETE FROM related WHERE rank = ?').run(run.rank);
    const delList = db.prepare('DELETE FROM related WHERE rank = ? AND event_id = ?');
    const delInput = db.prepare('DELETE FROM link_inputs WHERE rank = ? AND event_id = ?');
    for (const id of removed) {
      delList.run(run.rank, id);
      delInput.run(run.rank, id);
    }
    const insert = db.prepare(
      'INSERT INTO related (rank, event_id, idx, related_id, score, shared) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const putInput = db.prepare(
      `INSERT INTO link_inputs (rank, event_id, sig, generation) VALUES (?, ?, ?, ?)
       ON CONFLICT(rank, event_id) DO UPDATE SET sig = excluded.sig,
         generation = CASE WHEN ? THEN excluded.generation ELSE link_inputs.generation END`,
    );
    for (const w of writes) {
      if (run.all || w.changed) {
        if (!run.all) delList.run(run.rank, w.id);
        w.entries.forEach((e, i) => {
          insert.run(run.rank, w.id, i, e.id, e.score, JSON.stringify(e.shared));
        });
      }
      putInput.run(run.rank, w.id, w.sig, run.generation, w.changed ? 1 : 0);
    }
    db.prepare(
      `INSERT INTO link_runs (rank, generation, k, linked_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(rank) DO UPDATE SET generation = excluded.generation, k = excluded.k, linked_at = excluded.linked_at`,
    ).run(run.rank, run.generation, run.k, run.now);
  });
}
