/** Longest excerpt kept with an article, in characters, `…` included (SPEC.md). */
export const EXCERPT_MAX = 220;

/**
 * The excerpt of a lede as SPEC.md defines it: the lede as published (dateline kept), whitespace
 * collapsed, at most 220 characters; a longer one is cut at a word boundary and `…` appended.
 * The same rule as `src/publish/excerpt.ts` (a test holds them equal), so the stored excerpt is
 * exactly what event pages print.
 * @example excerptOf('GENEVA (AP) — The U.N. envoy for Syria appealed …')
 */
export function excerptOf(text: string, max = EXCERPT_MAX): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  if (chars.length <= max) return chars.join('');
  // Room for max - 1 characters and the `…`; the word the limit falls into is dropped.
  const head = chars.slice(0, max - 1).join('');
  const wordEnds = chars[max - 1] === ' ';
  const space = head.lastIndexOf(' ');
  const kept = wordEnds || space <= 0 ? head : head.slice(0, space);
  return `${kept.replace(/[\s,;:]+$/u, '')}…`;
}
