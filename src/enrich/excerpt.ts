/** Longest excerpt kept with an article (the page layout cuts its own, shorter one). */
export const EXCERPT_MAX = 300;

/**
 * A short excerpt of a lede: whole sentences up to `max` characters, else cut at a word with `…`.
 * @example excerptOf('GENEVA (AP) — The U.N. envoy … Wednesday. More text.', 60)
 */
export function excerptOf(text: string, max = EXCERPT_MAX): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const sentences = t.slice(0, max + 1).match(/^.*[.!?…]["'”’)]?(?=\s)/);
  if (sentences && sentences[0].length >= max / 2) return sentences[0];
  const cut = t.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:–—-]+$/, '')}…`;
}
