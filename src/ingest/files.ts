import {
  closeSync,
  constants,
  type Dirent,
  fstatSync,
  openSync,
  readdirSync,
  readSync,
  type Stats,
  statSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { InputError } from '../model/errors.ts';
import { MAX_PAGE_BYTES } from './decode.ts';
import { dateFromName } from './envelope.ts';
import type { DayInput } from './pipeline.ts';

const WIKITEXT = /\.(?:wiki|wikitext|txt|mediawiki)(?:\.gz)?$/i;

/**
 * Lists the wikitext files named by `paths` (files, or folders searched recursively for
 * `.wiki`, `.wikitext` and their `.gz`), sorted, failing with the path when one does not exist.
 * Entries of a folder are listed by name without being opened: a dangling or looping symlink,
 * a FIFO or a folder named `*.wiki` is listed too, and `fileInputs` reports and skips it.
 * A subfolder that cannot be read is listed as well, for the same reason.
 */
export function listInputFiles(paths: string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    let st: Stats;
    try {
      st = statSync(p);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file or folder' : reason(error, 'cannot read this path');
      throw new InputError(p, `${p}: ${why}`, { cause: error });
    }
    if (st.isDirectory()) {
      const found = walk(p, true);
      if (found.length === 0)
        throw new InputError(p, `${p}: no .wiki, .wikitext or .gz files in this folder`);
      files.push(...found);
    } else files.push(p);
  }
  return [...new Set(files)];
}

function walk(dir: string, top: boolean): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if (top)
      throw new InputError(dir, `${dir}: ${reason(error, 'cannot read this folder')}`, { cause: error });
    return [dir];
  }
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = join(dir, entry.name);
    // Symlinked folders are not followed (a link to a parent would loop); a link named *.wiki is read.
    if (entry.isDirectory()) out.push(...walk(full, false));
    else if (WIKITEXT.test(entry.name)) out.push(full);
  }
  return out;
}

/** Reads files lazily as day inputs (one file in memory at a time). */
export function* fileInputs(files: string[]): Generator<DayInput> {
  for (const file of files) {
    const read = readInputFile(file);
    const input: DayInput =
      read.status === 'ok'
        ? { origin: file, bytes: read.bytes }
        : { origin: file, bytes: new Uint8Array(), unreadable: read.reason };
    const hint = dateFromName(basename(file));
    if (hint) input.dateHint = hint;
    yield input;
  }
}

/** What reading one input file gave. */
export type FileRead = { status: 'ok'; bytes: Uint8Array } | { status: 'skipped'; reason: string };

/**
 * Reads one file without ever blocking or following it into something that is not a file:
 * dangling and looping symlinks, FIFOs, sockets, devices and folders are refused with the reason.
 * A FIFO is never opened (checked first; the open is O_NONBLOCK in case the path changes between).
 * A file over four times `MAX_PAGE_BYTES` is not read: a stand-in one byte over the cap is
 * handed on, so the pipeline reports it as too large, by name.
 */
export function readInputFile(file: string): FileRead {
  let st: Stats;
  try {
    st = statSync(file);
  } catch (error) {
    return { status: 'skipped', reason: reason(error, 'cannot read this file') };
  }
  if (!st.isFile()) return { status: 'skipped', reason: notAFile(file, st) };
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { status: 'skipped', reason: reason(error, 'cannot open this file') };
  }
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile()) return { status: 'skipped', reason: notAFile(file, opened) };
    if (opened.size > MAX_PAGE_BYTES * 4) return { status: 'ok', bytes: new Uint8Array(MAX_PAGE_BYTES + 1) };
    return { status: 'ok', bytes: readAll(fd, opened.size) };
  } catch (error) {
    return { status: 'skipped', reason: reason(error, 'cannot read this file') };
  } finally {
    closeSync(fd);
  }
}

/** Reads an open file to its end, however its size changed since it was measured (capped). */
function readAll(fd: number, size: number): Uint8Array {
  const cap = MAX_PAGE_BYTES * 4 + 1;
  let buf = Buffer.alloc(Math.min(Math.max(size, 64 * 1024), cap));
  let length = 0;
  for (;;) {
    if (length === buf.length) {
      if (buf.length >= cap) break;
      const bigger = Buffer.alloc(Math.min(buf.length * 2, cap));
      buf.copy(bigger);
      buf = bigger;
    }
    const n = readSync(fd, buf, length, buf.length - length, null);
    if (n === 0) break;
    length += n;
  }
  return buf.subarray(0, length);
}

function notAFile(file: string, st: Stats): string {
  const what = st.isDirectory()
    ? 'a folder'
    : st.isFIFO()
      ? 'a named pipe (FIFO)'
      : st.isSocket()
        ? 'a socket'
        : st.isCharacterDevice() || st.isBlockDevice()
          ? 'a device'
          : 'not a regular file';
  if (st.isDirectory()) {
    try {
      readdirSync(file);
    } catch (error) {
      return `cannot read this folder: ${reason(error, 'unreadable')}`;
    }
  }
  return `is ${what}, not a file; skipped`;
}

/** Says why a file-system call failed, by its error code. */
function reason(error: unknown, fallback: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder (a dangling symlink?)';
    case 'ELOOP':
      return 'symlink loop (too many levels of symbolic links)';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${code})`;
    case 'ENOTDIR':
      return 'a path component is not a folder (ENOTDIR)';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'EIO':
      return 'input/output error (EIO): the disk or network file system failed';
    case undefined:
      return fallback;
    default:
      return `${fallback} (${code})`;
  }
}
