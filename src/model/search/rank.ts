import { isPlainText, tokenize } from './tokens.ts';

/** The fields of an event that are searched, in this order: its text, its context entities, its lede. */
export const FIELDS = ['text', 'entities', 'lede'] as const;
/** A searched field. */
export type SearchField = (typeof FIELDS)[number];
/** Field boosts: the event's own words count most, then its entities, then the cited report's lede. */
export const FIELD_BOOST: Readonly<Record<SearchField, number>> = { text: 2, entities: 1.5, lede: 1 };
/**
 * Typical words per field (the 25 real days: text 22.4, entities 11.0 per event; lede 24, the AP
 * lede of the de Mistura event), fixed rather than counted per corpus so that a word's weight in an
 * event depends on that event alone: a year of the page's index and the server's whole archive then
 * give every event the same score.
 */
export const TYPICAL_WORDS: Readonly<Record<SearchField, number>> = { text: 22, entities: 11, lede: 24 };
/** BM25's term-frequency saturation and length normalisation. */
export const K1 = 1.2;
export const B = 0.75;
/** Weights are integers: round(weight × WEIGHT_SCALE), at least 1 (so the page's index stores them exactly). */
export const WEIGHT_SCALE = 10;
/** Score factor of a word that only starts with a typed prefix (`syr*` → syrian). */
export const PREFIX_FACTOR = 0.5;
/** Score factor of a word a typo away from a typed word that occurs nowhere. */
export const TYPO_FACTOR = 0.3;

/**
 * The weight of each word of an event: BM25 per field (term frequency saturated by K1, normalised
 * by the field's length against TYPICAL_WORDS) times the field's boost, summed over fields, scaled
 * to an integer. No inverse document frequency: every result holds every word of the query, and a
 * weight that needs no corpus statistics is the same in a year's index and in the whole archive.
 * `only` limits the words weighed (a search weighs only the words its query can match).
 * @example eventWeights(['Staffan de Mistura appeals', 'Staffan de Mistura · Syria', '']).get('mistura') // 50
 */
export function eventWeights(
  fields: readonly [string, string, string],
  only?: WantedWords,
): Map<string, number> {
  const sums = new Map<string, number>();
  FIELDS.forEach((field, f) => {
    const text = fields[f] ?? '';
    if (only && !mayHold(text, only)) return;
    const words = tokenize(text);
    const counts = new Map<string, number>();
    for (const w of words) if (!only || wants(only, w)) counts.set(w, (counts.get(w) ?? 0) + 1);
    if (counts.size === 0) return;
    const norm = 1 - B + (B * words.length) / TYPICAL_WORDS[field];
    for (const [w, tf] of counts)
      sums.set(w, (sums.get(w) ?? 0) + (FIELD_BOOST[field] * tf * (K1 + 1)) / (tf + K1 * norm));
  });
  const out = new Map<string, number>();
  for (const [w, s] of sums) out.set(w, Math.max(1, Math.round(s * WEIGHT_SCALE)));
  return out;
}

/** The words a search weighs: these words, and every word starting with one of the prefixes. */
export interface WantedWords {
  words: ReadonlySet<string>;
  prefixes: readonly string[];
}

function wants(only: WantedWords, w: string): boolean {
  return only.words.has(w) || only.prefixes.some((p) => w.startsWith(p));
}

/** False when a plain text cannot hold a wanted word (not even as a substring): no need to tokenize it. */
function mayHold(text: string, only: WantedWords): boolean {
  if (text === '') return false;
  if (!isPlainText(text)) return true;
  const lower = text.toLowerCase();
  for (const w of only.words) if (lower.includes(w)) return true;
  return only.prefixes.some((p) => lower.includes(p));
}

/** How a word of the index matched a query term: as the typed word or phrase word, by prefix, or as a typo. */
export type MatchKind = 'exact' | 'prefix' | 'typo';

/** What a matched word adds to its term's score: its weight times the factor of how it matched. */
export function matchScore(weight: number, kind: MatchKind): number {
  return kind === 'exact' ? weight : kind === 'prefix' ? weight * PREFIX_FACTOR : weight * TYPO_FACTOR;
}

/**
 * An event's score for a query, from each term's score in it (in query order): a word or prefix
 * term scores its best-matching word (`matchScore`), a phrase the sum of its words' weights.
 * Ranking: higher score first; equal scores, the later date first; same day, the larger event id
 * (code-unit order) first. Both the page and /api/search rank by exactly this rule.
 */
export function eventScore(termScores: readonly number[]): number {
  let s = 0;
  for (const t of termScores) s += t;
  return s / WEIGHT_SCALE;
}
