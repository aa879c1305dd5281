import { accessSync, constants } from 'node:fs';
import { dirname } from 'node:path';
import { StoreError } from '../model/errors.ts';

/** Why the store could not be used, when the cause lies outside Currents (disk, permissions, locks). */
export type StoreFailureReason = 'full' | 'readonly' | 'cannot-open' | 'io' | 'busy' | 'corrupt';

/** SQLite primary result codes (the low byte of an extended code) that name an outside cause. */
const SQLITE_REASONS: Record<number, StoreFailureReason> = {
  3: 'readonly', // SQLITE_PERM
  5: 'busy', // SQLITE_BUSY
  6: 'busy', // SQLITE_LOCKED
  8: 'readonly', // SQLITE_READONLY
  10: 'io', // SQLITE_IOERR
  11: 'corrupt', // SQLITE_CORRUPT
  13: 'full', // SQLITE_FULL
  14: 'cannot-open', // SQLITE_CANTOPEN
  23: 'readonly', // SQLITE_AUTH
  26: 'corrupt', // SQLITE_NOTADB
};

/** The reason behind a `node:sqlite` error (by its result code), or null when it is not an outside cause. */
export function sqliteFailureReason(error: unknown): StoreFailureReason | null {
  const e = error as { code?: unknown; errcode?: unknown };
  if (e === null || typeof e !== 'object' || e.code !== 'ERR_SQLITE_ERROR' || typeof e.errcode !== 'number')
    return null;
  return SQLITE_REASONS[e.errcode & 0xff] ?? null;
}

/**
 * Turns a SQLite error caused by the disk, the permissions or another process into a `StoreError`
 * that names the cause and what to do; null for any other error (a bug, to be reported as one).
 * @example storeFailure(error, 'currents.db')?.message // 'The disk holding the store currents.db is full …'
 */
export function storeFailure(error: unknown, file: string): StoreError | null {
  const reason = sqliteFailureReason(error);
  if (!reason) return null;
  const detail = (error as { errstr?: unknown }).errstr ?? (error as Error).message;
  const code = `SQLite: ${String(detail)}, code ${(error as { errcode: number }).errcode}`;
  const message = MESSAGES[reason](file, folderProblem(file));
  return new StoreError(file, `${message} (${code})`, { cause: error });
}

const MESSAGES: Record<StoreFailureReason, (file: string, folder: string) => string> = {
  full: (f) =>
    `The disk holding the store ${f} is full. Nothing stored was lost: the change in progress was rolled back. Free some space (or move the store and pass --db FILE) and run the command again`,
  readonly: (f, folder) =>
    `The store ${f} is read-only${folder}: this command writes to it. Make the file and its folder writable (SQLite also writes ${f}-wal and ${f}-shm beside it), or work on a writable copy with --db FILE`,
  'cannot-open': (f, folder) =>
    `Cannot open the store ${f}${folder}. SQLite must be able to create ${f}-wal and ${f}-shm beside it: check that the folder exists and is writable, or copy the store to a writable folder and pass --db FILE`,
  io: (f) =>
    `Disk input/output error on the store ${f}: the disk may be full or failing. Free some space or check the disk, then run the command again`,
  busy: (f) =>
    `The store ${f} is locked by another process (another currents command still writing?). Wait for it to finish, then run the command again`,
  corrupt: (f) =>
    `The store ${f} is damaged or not a SQLite database. Restore it from a backup, or pass another --db FILE`,
};

/** ' (its folder … is on a read-only file system)' when the folder cannot be written; else ''. */
function folderProblem(file: string): string {
  if (file === ':memory:' || file === '') return '';
  try {
    accessSync(dirname(file), constants.W_OK);
    return '';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EROFS') return ` (its folder ${dirname(file)} is on a read-only file system)`;
    if (code === 'EACCES' || code === 'EPERM')
      return ` (its folder ${dirname(file)} is not writable: ${code})`;
    if (code === 'ENOENT') return ` (its folder ${dirname(file)} does not exist)`;
    return '';
  }
}
