import { gunzipSync } from 'node:zlib';
import type { WarningKind } from '../model/warning.ts';

/** The largest day page accepted, after gunzip (the biggest real day is ~20 KB; monthly pages ~1 MB). */
export const MAX_PAGE_BYTES = 16 * 1024 * 1024;

export type Decoded =
  | { ok: true; text: string; problems: { kind: WarningKind; message: string; line?: number }[] }
  | { ok: false; kind: WarningKind; message: string };

/**
 * Turns an input's bytes into wikitext: gunzips `.gz`, strips a BOM, refuses empty input and
 * HTML, and decodes invalid UTF-8 with U+FFFD (reported with the first bad line) instead of failing.
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
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('utf-8').decode(bytes);
    const bad = text.indexOf('\uFFFD');
    const line = text.slice(0, Math.max(0, bad)).split('\n').length;
    problems.push({
      kind: 'invalid-utf8',
      message: 'input is not valid UTF-8; invalid bytes were replaced by U+FFFD (re-save the file as UTF-8)',
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
      message: 'input contains NUL bytes: a binary file, not wikitext',
    };
  return { ok: true, text, problems };
}
