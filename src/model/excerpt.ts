/** Longest excerpt of a lede, in characters, `…` included. */
export const EXCERPT_CHARS = 220;

/**
 * The excerpt of a report's lede (SPEC.md): the lede as published, whitespace collapsed, at most
 * 220 characters; a longer one is cut at a word boundary and `…` appended (the dateline stays).
 * @example excerptOf('GENEVA (AP) — The U.N. envoy …')
 */
export function excerptOf(lede: string, max = EXCERPT_CHARS): string {
  const chars = Array.from(lede.replace(/\s+/g, ' ').trim());
  if (chars.length <= max) return chars.join('');
  // Room for max - 1 characters and the `…`; drop the word the limit falls into.
  const head = chars.slice(0, max - 1).join('');
  const wordEnds = chars[max - 1] === ' ';
  const space = head.lastIndexOf(' ');
  const kept = wordEnds || space <= 0 ? head : head.slice(0, space);
  return `${kept.replace(/[\s,;:]+$/u, '')}…`;
}
