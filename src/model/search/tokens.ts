/**
 * English function words that are not searched as words: nearly every event has them, so their
 * postings would be the biggest files a query fetches while ranking nothing. Inside a quoted phrase
 * they still count ("war in Syria"). Names that look like function words in other languages
 * ("de", "al", "la") are words: "de Mistura" must be searchable.
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

const STOP: ReadonlySet<string> = new Set(STOP_WORDS);

/** Longer runs (URLs, junk) are not words anyone types. */
export const MAX_TOKEN = 40;

/** Lower case, accents removed (NFKD without marks): how every text and query is compared. */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '');
}

/**
 * Every token of a text, in order: its folded form split at each run of characters that are neither
 * letters nor digits (what a quoted phrase is matched against: function words and lone letters included).
 * @example allTokens("Assad's forces") // ['assad', 's', 'forces']
 */
export function allTokens(text: string): string[] {
  // The same tokens without Unicode normalisation and regexes, several times faster.
  if (isPlainText(text)) return asciiTokens(text.toLowerCase());
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t !== '');
}

/**
 * Whether a text is ASCII and common punctuation only (most event texts, and entity lists joined by
 * ' · '): its tokens are then the runs of [a-z0-9] of its lower case.
 */
export function isPlainText(text: string): boolean {
  return /^[\x00-\x7f\u00a0\u00b7\u2013\u2014\u2018\u2019\u201c\u201d\u2026]*$/.test(text);
}

/** The runs of [a-z0-9] of a lower-case text whose other characters are all separators. */
function asciiTokens(lower: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 0;
    const word = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    if (word && start < 0) start = i;
    else if (!word && start >= 0) {
      out.push(lower.slice(start, i));
      start = -1;
    }
  }
  return out;
}

/** Whether a token is a searchable word: not a function word, not a lone letter, not over MAX_TOKEN. */
export function isWord(token: string): boolean {
  return (
    token !== '' &&
    token.length <= MAX_TOKEN &&
    !STOP.has(token) &&
    (token.length > 1 || (token >= '0' && token <= '9'))
  );
}

/**
 * The searchable words of a text (`allTokens` that are `isWord`): what both the offline index and
 * the server's ranking count.
 * @example tokenize("Staffan de Mistura's talks") // ['staffan', 'de', 'mistura', 'talks']
 */
export function tokenize(text: string): string[] {
  return allTokens(text).filter(isWord);
}
