import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError } from '../model/errors.ts';
import { MAX_PAGE_BYTES } from './decode.ts';
import { dateFromName } from './envelope.ts';
import type { DayInput } from './pipeline.ts';

const WIKITEXT = /\.(?:wiki|wikitext|txt|mediawiki)(?:\.gz)?$/i;

/**
 * Lists the wikitext files named by `paths` (files, or folders searched recursively for
 * `.wiki`, `.wikitext` and their `.gz`), sorted, failing with the path when one does not exist.
 */
export function listInputFiles(paths: string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch {
      throw new InputError(p, `${p}: no such file or folder`);
    }
    if (st.isDirectory()) {
      const found = walk(p);
      if (found.length === 0)
        throw new InputError(p, `${p}: no .wiki, .wikitext or .gz files in this folder`);
      files.push(...found);
    } else files.push(p);
  }
  return [...new Set(files)];
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (WIKITEXT.test(entry.name)) out.push(full);
  }
  return out;
}

/** Reads files lazily as day inputs (one file in memory at a time). */
export function* fileInputs(files: string[]): Generator<DayInput> {
  for (const file of files) {
    const size = statSync(file).size;
    // Oversized files are still handed on (truncated read), so the pipeline reports them by name.
    const bytes = size > MAX_PAGE_BYTES * 4 ? new Uint8Array(MAX_PAGE_BYTES + 1) : readFileSync(file);
    const input: DayInput = { origin: file, bytes };
    const hint = dateFromName(basename(file));
    if (hint) input.dateHint = hint;
    yield input;
  }
}
