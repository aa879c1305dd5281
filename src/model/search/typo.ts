/** A word of at least this many characters that occurs nowhere in the archive is matched to words a typo away. */
export const TYPO_MIN = 5;
/** Words a typo away share this many first characters with the typed word (typos come later in a word). */
export const TYPO_PREFIX = 3;

/** Edits a typo may take: one, or two from eight characters on; 0 under TYPO_MIN. */
export function typoEdits(word: string): number {
  return word.length >= 8 ? 2 : word.length >= TYPO_MIN ? 1 : 0;
}

/**
 * Whether a and b are at most k edits apart (insert, delete, replace, or swap two neighbours:
 * optimal string alignment distance), stopping early once every path costs more than k.
 * @example near('mistrua', 'mistura', 1) // true
 */
export function near(a: string, b: string, k: number): boolean {
  if (Math.abs(a.length - b.length) > k) return false;
  let before: number[] = [];
  let prev: number[] = [];
  for (let j = 0; j <= b.length; j++) prev.push(j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(
        (prev[j] ?? 0) + 1,
        (cur[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, (before[j - 2] ?? 0) + 1);
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > k) return false;
    before = prev;
    prev = cur;
  }
  return (prev[b.length] ?? k + 1) <= k;
}

/**
 * Whether `term` (a word of the index) is a typo of `word` that occurs nowhere: the same first
 * TYPO_PREFIX characters and at most `typoEdits(word)` edits apart, and not the word itself.
 */
export function isTypoOf(word: string, term: string): boolean {
  const k = typoEdits(word);
  return k > 0 && term !== word && term.startsWith(word.slice(0, TYPO_PREFIX)) && near(word, term, k);
}
