/**
 * English function words left out of the index: nearly every event has them, so their postings
 * would be the biggest files a query fetches while ranking nothing. Names that look like function
 * words in other languages ("de", "al", "la") stay in: "de Mistura" must be searchable.
 */
export const STOP_WORDS: readonly string[] = [
  'a',
  'an',
  'and',
  'are',
  'as',
  'at',
  'be',
  'been',
  'but',
  'by',
  'for',
  'from',
  'had',
  'has',
  'have',
  'he',
  'her',
  'his',
  'in',
  'is',
  'it',
  'its',
  'of',
  'on',
  'or',
  'that',
  'the',
  'their',
  'they',
  'this',
  'to',
  'was',
  'were',
  'which',
  'with',
];

const STOP = new Set(STOP_WORDS);
/** Longer runs (URLs, junk) are not words anyone types. */
export const MAX_TOKEN = 40;

/** A kept token: not a function word, and not a lone letter (the "s" of "Assad's"). */
function keep(t: string): boolean {
  return t !== '' && t.length <= MAX_TOKEN && !STOP.has(t) && (t.length > 1 || (t >= '0' && t <= '9'));
}

/**
 * The index's words of a text: lower case, accents removed (NFKD without marks), split at every
 * run of characters that are neither letters nor digits, function words and lone letters dropped.
 * The search page's script has the same rule in plain JavaScript (client.ts); a test holds them equal.
 * @example tokenize("Staffan de Mistura's talks") // ['staffan', 'de', 'mistura', 'talks']
 */
export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(keep);
}
