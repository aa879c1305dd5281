/**
 * What a terminal acts on instead of printing: C0 controls (ESC starts escape sequences that can
 * retitle the window, move the cursor or rewrite the screen; BEL; CR overwrites the line), DEL,
 * C1 controls (U+009B is an 8-bit CSI on some terminals), bidi overrides and isolates (they
 * reorder what is shown), lone surrogates and U+FFFE/U+FFFF. Tab and line feed are kept by
 * `terminalText`; `terminalLine` escapes line feeds too.
 */
const CONTROL =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function escapeControl(c: string): string {
  const cp = c.charCodeAt(0);
  return cp <= 0xff ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
}

/**
 * Makes text from input (wikitext, file names, URLs, server answers, error messages) safe to print
 * on a terminal: every control character but tab and line feed is shown as a `\xNN`/`\uNNNN` escape.
 * The one escape for terminal output; every place the CLI prints input-derived text uses it.
 * @example terminalText('a\u001b]0;pwned\u0007b') // 'a\\x1b]0;pwned\\x07b'
 */
export function terminalText(s: string): string {
  return s.replace(CONTROL, escapeControl);
}

/** As `terminalText`, for one line of output: line feeds and tabs are escaped too. */
export function terminalLine(s: string): string {
  return terminalText(s).replace(/[\n\t]/g, escapeControl);
}
