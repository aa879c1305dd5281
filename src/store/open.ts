import { existsSync, statSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { StoreError } from '../model/errors.ts';
import { sqliteFailureReason, storeFailure } from './failure.ts';
import { loadMigrations } from './migrations.ts';
import { fillSlugs, SLUGS_MIGRATION } from './slugs.ts';

/** SQLite page cache per connection, in KiB. */
const CACHE_KIB = 65_536;

/** `PRAGMA application_id` of a Currents store: "CURR" in ASCII. */
export const APPLICATION_ID = 0x43555252;

/** An open Currents store. Close it with `store.db.close()`. */
export interface Store {
  db: DatabaseSync;
  file: string;
  /** Schema version after migrations ran. */
  version: number;
}

/**
 * Opens (creating when missing) a Currents SQLite store and runs forward migrations.
 * Refuses a file written by a newer Currents or by another program.
 * @example const store = openStore('currents.db');
 */
export function openStore(file: string, options: { readonly?: boolean } = {}): Store {
  const isNew = file === ':memory:' || !existsSync(file) || statSync(file).size === 0;
  if (options.readonly && isNew) {
    throw new StoreError(
      file,
      `No Currents store at ${file}: run \`currents ingest\` first, or pass --db FILE`,
    );
  }
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(file, { readOnly: options.readonly ?? false, timeout: 10_000 });
  } catch (cause) {
    throw (
      storeFailure(cause, file) ??
      new StoreError(file, `Cannot open store ${file}: ${(cause as Error).message}`, { cause })
    );
  }
  try {
    const version = prepare(db, file, isNew, options.readonly ?? false);
    return { db, file, version };
  } catch (error) {
    db.close();
    throw error;
  }
}

function prepare(db: DatabaseSync, file: string, isNew: boolean, readonly: boolean): number {
  let appId: number;
  let userVersion: number;
  try {
    appId = Number((db.prepare('PRAGMA application_id').get() as { application_id: number }).application_id);
    userVersion = Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
  } catch (cause) {
    // Only a file SQLite cannot read as a database is "not a database"; a full disk or a folder
    // where SQLite cannot create its -shm file fails here too, and is named as what it is.
    const reason = sqliteFailureReason(cause);
    if (reason && reason !== 'corrupt') throw storeFailure(cause, file) ?? cause;
    throw new StoreError(file, `${file} is not a SQLite database (is it the right file? pass --db FILE)`, {
      cause,
    });
  }
  const tables = Number(
    (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n,
  );
  if (appId !== APPLICATION_ID && !(appId === 0 && tables === 0)) {
    throw new StoreError(
      file,
      `${file} is a SQLite database of another program (application_id ${appId}), not a Currents store; pass another --db FILE`,
    );
  }
  const migrations = loadMigrations();
  const latest = migrations.at(-1)?.version ?? 0;
  if (userVersion > latest) {
    throw new StoreError(
      file,
      `${file} was written by a newer Currents (schema v${userVersion}; this version reads up to v${latest}). Upgrade Currents, or pass another --db FILE`,
    );
  }
  if (!readonly) {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
  }
  db.exec('PRAGMA foreign_keys = ON');
  // 64 MiB of page cache instead of SQLite's 2 MiB: writing the 1.2M related rows of a 150k-event
  // archive took 23 s with the default and 17 s with this (docs/DESIGN.md, "Store page cache").
  db.exec(`PRAGMA cache_size = -${CACHE_KIB}`);
  if (readonly || userVersion === latest) return userVersion;
  for (const m of migrations) {
    if (m.version <= userVersion) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(m.sql);
      // Slugs need the SPEC.md rule (accent folding), not SQL: existing rows get theirs here.
      if (m.name === SLUGS_MIGRATION) fillSlugs(db);
      db.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
      db.exec(`PRAGMA user_version = ${m.version}`);
      db.exec('COMMIT');
    } catch (cause) {
      rollback(db);
      const outside = storeFailure(cause, file);
      if (outside) {
        throw new StoreError(
          file,
          `Cannot upgrade ${file} to schema v${m.version} (${m.name}), which this version needs: ${outside.message}`,
          { cause },
        );
      }
      throw new StoreError(
        file,
        `Cannot migrate ${file} to schema v${m.version} (${m.name}): ${(cause as Error).message}`,
        {
          cause,
        },
      );
    }
  }
  if (isNew) db.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
  return latest;
}

/**
 * Runs `fn` in one IMMEDIATE transaction: all of it is written, or none of it. The error thrown
 * is always the one that stopped the work (a full disk, a read-only file …), never the rollback's.
 */
export function transaction<T>(db: DatabaseSync, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    rollback(db);
    throw error;
  }
}

/**
 * Rolls back the open transaction, if any. SQLite rolls back by itself on some errors (SQLITE_FULL,
 * SQLITE_IOERR …), and then a ROLLBACK fails with "no transaction is active", hiding the cause;
 * a rollback that fails otherwise is left unreported for the same reason (the caller rethrows the cause).
 */
export function rollback(db: DatabaseSync): void {
  if (!db.isTransaction) return;
  try {
    db.exec('ROLLBACK');
  } catch {
    // The error that made us roll back is the one to report.
  }
}
