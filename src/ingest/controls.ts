import type { WarningKind } from '../model/warning.ts';

/** A line of the page that held control characters, as a warning to report. */
export interface ControlProblem {
  kind: WarningKind;
  message: string;
  line: number;
}

/** Lines reported one by one per page; the rest are summed up in one more warning. */
export const MAX_CONTROL_WARNINGS = 20;

/**
 * What must not reach any output: C0 controls but tab and line feed, DEL, C1 controls, lone
 * surrogates and U+FFFE/U+FFFF (not characters in XML 1.0), raw or written as numeric
 * references (`&#1;`, `&#x1b;`, `&#xD800;`). `&#128;`–`&#159;` are read as HTML reads them
 * (windows-1252: `&#128;` is €) and kept; the five that name no windows-1252 character are not.
 */
const BAD =
  /&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** C1 code points that HTML's windows-1252 table leaves undefined. */
const UNMAPPED_C1 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/** Controls that separate words: replaced by a space instead of U+FFFD. */
const SPACING = new Set([0x0b, 0x0c, 0x0d, 0x85]);

/** Whether a numeric reference to `cp` decodes to something that must not reach an output. */
function badReference(cp: number): boolean {
  if (cp === 0x09 || cp === 0x0a) return false;
  if (cp >= 0x80 && cp <= 0x9f) return UNMAPPED_C1.has(cp);
  return (
    cp < 0x20 ||
    cp === 0x7f ||
    (cp >= 0xd800 && cp <= 0xdfff) ||
    cp === 0xfffe ||
    cp === 0xffff ||
    cp > 0x10ffff
  );
}

function hex(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Makes page text clean where it enters: every control character but tab and line feed (raw,
 * or from a numeric reference) becomes U+FFFD, or a space for the spacing ones (VT, FF, CR,
 * NEL); a CR before a line feed is dropped. Line breaks are kept, so line numbers stay true; each
 * line that held one is reported (the first `MAX_CONTROL_WARNINGS`, then one warning for the rest).
 * @example cleanControls('a\u001b]0;x\u0007b &#1;').text // 'a\uFFFD]0;x\uFFFDb \uFFFD'
 */
export function cleanControls(input: string): { text: string; problems: ControlProblem[] } {
  const text = input.includes('\r\n') ? input.replace(/\r\n/g, '\n') : input;
  const byLine = new Map<number, string[]>();
  let line = 1;
  let scanned = 0;
  const out = text.replace(
    BAD,
    (match: string, hexDigits: string | undefined, decimal: string | undefined, offset: number) => {
      let cp: number;
      if (hexDigits !== undefined || decimal !== undefined) {
        cp = hexDigits !== undefined ? Number.parseInt(hexDigits, 16) : Number(decimal);
        if (!badReference(cp)) return match;
      } else cp = match.charCodeAt(0);
      for (let i = text.indexOf('\n', scanned); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
      scanned = offset;
      const seen = byLine.get(line) ?? [];
      if (seen.length < 5) seen.push(match.startsWith('&#') ? `"${match}"` : hex(cp));
      else if (seen.length === 5) seen.push('…');
      byLine.set(line, seen);
      return SPACING.has(cp) ? ' ' : '\uFFFD';
    },
  );
  const problems: ControlProblem[] = [];
  for (const [at, found] of byLine) {
    if (problems.length === MAX_CONTROL_WARNINGS) {
      problems.push({
        kind: 'control-character',
        message: `${byLine.size - MAX_CONTROL_WARNINGS} more lines hold control characters, replaced the same way`,
        line: at,
      });
      break;
    }
    problems.push({
      kind: 'control-character',
      message: `control characters (${found.join(', ')}) replaced by U+FFFD or a space: they are not text, and break XML feeds and terminals`,
      line: at,
    });
  }
  return { text: out, problems };
}
