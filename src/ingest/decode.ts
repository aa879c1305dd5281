import { gunzipSync } from 'node:zlib';
import type { WarningKind } from '../model/warning.ts';
import { cleanControls } from './controls.ts';

/** The largest day page accepted, after gunzip (the biggest real day is ~20 KB; monthly pages ~1 MB). */
export const MAX_PAGE_BYTES = 16 * 1024 * 1024;

export type Decoded =
  | { ok: true; text: string; problems: { kind: WarningKind; message: string; line?: number }[] }
  | { ok: false; kind: WarningKind; message: string };

/**
 * Turns an input's bytes into wikitext: gunzips `.gz`, reads UTF-8 or (after its byte-order mark)
 * UTF-16 LE/BE, strips the BOM, refuses empty input, HTML and binary files, decodes invalid bytes
 * as U+FFFD (reported with the first bad line) instead of failing, and replaces control
 * characters (`cleanControls`), reporting each line that held one.
 */
export function decodeWikitext(input: Uint8Array): Decoded {
  let bytes = input;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_PAGE_BYTES });
    } catch (error) {
      // Only the size cap is "too large"; a corrupt or truncated .gz is unreadable input.
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        return {
          ok: false,
          kind: 'too-large',
          message: `gunzipped input is over the ${MAX_PAGE_BYTES}-byte limit`,
        };
      }
      return {
        ok: false,
        kind: 'not-wikitext',
        message: `cannot gunzip (corrupt or truncated .gz file): ${(error as Error).message}`,
      };
    }
  }
  if (bytes.length > MAX_PAGE_BYTES) {
    return {
      ok: false,
      kind: 'too-large',
      message: `input is ${bytes.length} bytes; the limit is ${MAX_PAGE_BYTES}`,
    };
  }
  const problems: { kind: WarningKind; message: string; line?: number }[] = [];
  const encoding = sniffEncoding(bytes);
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder(encoding).decode(bytes);
    const bad = text.indexOf('\uFFFD');
    const line = text.slice(0, Math.max(0, bad)).split('\n').length;
    problems.push({
      kind: 'invalid-utf8',
      message: `input is not valid ${encoding === 'utf-8' ? 'UTF-8' : encoding.toUpperCase()}; invalid bytes were replaced by U+FFFD (re-save the file as UTF-8)`,
      line,
    });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return { ok: false, kind: 'empty-input', message: 'input is empty' };
  const head = text.slice(0, 2048).trimStart().toLowerCase();
  if (
    head.startsWith('<!doctype html') ||
    head.startsWith('<html') ||
    (/<(?:head|body)[\s>]/.test(head) && !text.includes('{{'))
  ) {
    return {
      ok: false,
      kind: 'not-wikitext',
      message:
        'input is an HTML page, not wikitext; fetch the page source with ?action=raw or use `currents ingest --api`',
    };
  }
  if (text.includes('\0'))
    return {
      ok: false,
      kind: 'not-wikitext',
      message:
        'input contains NUL bytes: a binary file, not wikitext (UTF-16 without a byte-order mark? re-save it as UTF-8)',
    };
  const clean = cleanControls(text);
  problems.push(...clean.problems);
  text = clean.text;
  return { ok: true, text, problems };
}

/** The encoding a byte-order mark names: UTF-16 LE (FF FE) or BE (FE FF); else UTF-8. */
function sniffEncoding(bytes: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}
