import type { DatabaseSync } from 'node:sqlite';

/**
 * Merges `fields` into the report of the latest recorded run of `command` (the row an ingest just
 * wrote), so the run report carries what the command did around the ingest.
 * @example addToLastRun(db, 'update', { fetch: { requested: 7 } })
 */
export function addToLastRun(db: DatabaseSync, command: string, fields: Record<string, unknown>): void {
  db.prepare(
    `UPDATE runs SET report = json_patch(coalesce(report, '{}'), json(?))
     WHERE id = (SELECT max(id) FROM runs WHERE command = ?)`,
  ).run(JSON.stringify(fields), command);
}
