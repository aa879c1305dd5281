import { allTokens, isWord } from './tokens.ts';

/** Longest query read, in characters (the rest is ignored). */
export const MAX_QUERY_CHARS = 200;
/** Most terms (words, prefixes, phrases) of a query; later ones are ignored. */
export const MAX_QUERY_TERMS = 8;
/** Most words of a quoted phrase (later ones are ignored). */
export const MAX_PHRASE_WORDS = 8;
/** A prefix (`syr*`) needs this many characters; a shorter one is searched as a whole word. */
export const MIN_PREFIX = 3;

/**
 * One term of a query. `word`: a searchable word (typo-tolerant, see typo.ts). `prefix`: every word
 * starting with it (`syr*`). `phrase`: tokens that must follow each other ("peace talks"; a word
 * written with inner punctuation, `al-Assad`, is a phrase too).
 */
export type QueryTerm =
  | { kind: 'word'; word: string }
  | { kind: 'prefix'; prefix: string }
  | { kind: 'phrase'; tokens: string[] };

function termKey(t: QueryTerm): string {
  return t.kind === 'word'
    ? `w ${t.word}`
    : t.kind === 'prefix'
      ? `p ${t.prefix}`
      : `q ${t.tokens.join(' ')}`;
}

/** The term of one quoted or bare piece of a query, or null when it holds nothing searchable. */
function pieceTerm(text: string, star: boolean): QueryTerm | null {
  const tokens = allTokens(text).slice(0, MAX_PHRASE_WORDS);
  const only = tokens[0];
  if (tokens.length > 1) return { kind: 'phrase', tokens };
  if (only === undefined) return null;
  if (star && only.length >= MIN_PREFIX) return { kind: 'prefix', prefix: only };
  return isWord(only) ? { kind: 'word', word: only } : null;
}

/**
 * The search language, the same on the offline page and in /api/search: bare words (all must match;
 * function words and lone letters are dropped), `word*` for every word starting with it (at least
 * MIN_PREFIX characters), `"quoted phrases"` (an unclosed quote runs to the end). Case and accents do
 * not matter; other punctuation separates words; duplicates are dropped; at most MAX_QUERY_TERMS.
 * @example parseQuery('the "peace talks" syr*') // [{ kind: 'phrase', tokens: ['peace', 'talks'] }, { kind: 'prefix', prefix: 'syr' }]
 */
export function parseQuery(query: string): QueryTerm[] {
  const clean = query.slice(0, MAX_QUERY_CHARS);
  const terms: QueryTerm[] = [];
  const seen = new Set<string>();
  for (const m of clean.matchAll(/"([^"]*)"?|([^\s"]+)/g)) {
    const quoted = m[1];
    const bare = m[2] ?? '';
    const term = quoted !== undefined ? pieceTerm(quoted, false) : pieceTerm(bare, bare.endsWith('*'));
    if (term === null || seen.has(termKey(term))) continue;
    seen.add(termKey(term));
    terms.push(term);
    if (terms.length === MAX_QUERY_TERMS) break;
  }
  return terms;
}

/**
 * Adjacent token pairs of a phrase, as the offline index keys them (`peace_talks`): a phrase matches
 * an event holding each pair in one field (FTS5 runs the same test as `"peace talks"`).
 */
export function phrasePairs(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) out.push(`${tokens[i]}_${tokens[i + 1]}`);
  return out;
}
