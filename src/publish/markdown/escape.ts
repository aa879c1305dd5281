/**
 * Markdown escaping for text we did not write (event texts, titles, ledes, entity names): the
 * result renders as exactly the given characters, never as emphasis, links, HTML, code, a heading
 * or a list. CommonMark lets a backslash escape any ASCII punctuation, so escaping is lossless.
 */

/** Characters that start or close inline Markdown constructs anywhere in a line. */
const INLINE = /[\\`*_[\]<>~|]/g;

/**
 * Escapes inline text for a heading, paragraph, list item or link label (one line: runs of
 * whitespace become one space).
 * @example escapeText('a [b] *c*') // 'a \\[b\\] \\*c\\*'
 */
export function escapeText(text: string): string {
  let out = text.replace(/\s+/g, ' ').replace(INLINE, '\\$&');
  // An entity or numeric reference (&amp; &#233;) would be decoded: keep the `&` literal.
  out = out.replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&');
  // `#` at the start or after a space could open or close an ATX heading.
  out = out.replace(/(^|\s)#/g, '$1\\#');
  return out;
}

/**
 * Escapes text that starts a line (a paragraph, a heading's text, a list item's text): besides
 * inline escapes, a leading list marker (`1.`, `2)`, `-`, `+`), quote or thematic break is neutralised.
 */
export function escapeLine(text: string): string {
  const out = escapeText(text.trim());
  return out.replace(/^(\d{1,9})([.)])/, '$1\\$2').replace(/^([-+=])/, '\\$1');
}

/**
 * Escapes a URL for a link destination `(…)`: backslashes and parentheses are escaped, spaces and
 * control characters percent-encoded, so the link cannot end early or swallow the rest of the line.
 * @example escapeUrl('https://en.wikipedia.org/wiki/Foo_(bar)') // 'https://en.wikipedia.org/wiki/Foo_\\(bar\\)'
 */
export function escapeUrl(url: string): string {
  return url
    .replace(
      /[\u0000-\u0020\u007f<>]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .replace(/[\\()]/g, '\\$&');
}
