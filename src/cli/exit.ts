import { accessSync, constants, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { FetchError, InputError, StoreError, UsageError } from '../model/errors.ts';
import { storeFailure } from '../store/failure.ts';
import { terminalText } from './terminal.ts';

/** Exit codes: 0 success (warnings allowed), 1 failure, 2 bad usage. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** File-system errors whose cause is outside Currents: what happened, and what to do. */
const SYSTEM: Record<string, [string, string]> = {
  ENOSPC: ['No space left on the disk', 'Free some space and run the command again'],
  EDQUOT: ['Disk quota exceeded', 'Free some space and run the command again'],
  EROFS: ['The file system is read-only', 'Choose a writable place (--out DIR, --db FILE)'],
  EACCES: ['Permission denied', 'Check the permissions, or choose another place (--out DIR, --db FILE)'],
  EPERM: ['Operation not permitted', 'Check the permissions, or choose another place (--out DIR, --db FILE)'],
  EIO: ['Input/output error', 'The disk or network file system failed; check it and run the command again'],
  EMFILE: ['Too many open files', 'Raise the limit (ulimit -n) and run the command again'],
};

/**
 * Maps any thrown value to an exit code and a message for stderr; the one place that does so.
 * Failures of the environment (a full disk, a read-only store, permissions, a locked store) are
 * named with what to do and exit 1; only what is left (a bug) gets "please report it" and a stack.
 * Messages are escaped for the terminal: they carry file names and text from input.
 */
export function describeFailure(
  error: unknown,
  context: { dbFile?: string } = {},
): { code: number; message: string } {
  const described = describe(error, context);
  return { code: described.code, message: terminalText(described.message) };
}

function describe(error: unknown, context: { dbFile?: string }): { code: number; message: string } {
  if (error instanceof UsageError) {
    return { code: EXIT.usage, message: `${error.message}\nRun \`currents --help\` for usage.` };
  }
  if (error instanceof InputError || error instanceof StoreError || error instanceof FetchError) {
    return { code: EXIT.failure, message: error.message };
  }
  if (error instanceof Error && String((error as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS')) {
    return { code: EXIT.usage, message: `${error.message}\nRun \`currents --help\` for usage.` };
  }
  const store = storeFailure(error, context.dbFile ?? 'currents.db');
  if (store) return { code: EXIT.failure, message: store.message };
  const errno = error instanceof Error ? (error as NodeJS.ErrnoException) : undefined;
  const code = errno?.code ? systemCode(errno) : '';
  const system = SYSTEM[code];
  if (errno && system) {
    const where = errno.path ? ` (${code}, ${errno.syscall ?? 'access'} ${errno.path})` : ` (${code})`;
    return { code: EXIT.failure, message: `${system[0]}${where}. ${system[1]}` };
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { code: EXIT.failure, message: `Unexpected error (please report it): ${detail}` };
}

/**
 * The code that names the cause. Node's recursive mkdir reports ENOENT where the file system is
 * read-only (or not writable): the parent it could not create in is asked again.
 */
function systemCode(e: NodeJS.ErrnoException): string {
  if (e.code !== 'ENOENT' || e.syscall !== 'mkdir' || !e.path) return e.code ?? '';
  for (let dir = dirname(e.path); ; dir = dirname(dir)) {
    if (existsSync(dir)) {
      try {
        accessSync(dir, constants.W_OK);
        return 'ENOENT';
      } catch (error) {
        return (error as NodeJS.ErrnoException).code ?? 'ENOENT';
      }
    }
    if (dir === dirname(dir)) return 'ENOENT';
  }
}
