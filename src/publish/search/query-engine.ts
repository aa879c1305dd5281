import { parseQuery, phrasePairs, type QueryTerm } from '../../model/search/query.ts';
import { eventScore, type MatchKind, matchScore } from '../../model/search/rank.ts';
import { highlight, type SnippetPart, type SnippetQuery } from '../../model/search/snippet.ts';
import { isWord } from '../../model/search/tokens.ts';
import { isTypoOf, TYPO_PREFIX, typoEdits } from '../../model/search/typo.ts';
import { eventSlugBase } from '../../model/slug.ts';
import { decodeNumbers } from './_varint.ts';
import { SEARCH_INDEX_VERSION } from './format.ts';

/** Tokens of a result's text shown around its first match (the whole text when it is shorter). */
export const SNIPPET_TOKENS = 40;
/** Events of a year are numbered below this (a hit's key is year index × YEAR_KEY + event index). */
const YEAR_KEY = 1_048_576;

/** A hit: the event's year and index in the year's order, and its score (rank.ts). */
export interface EngineHit {
  year: string;
  doc: number;
  score: number;
}

/** A result as the page shows it: its date, text and page (slug), and its highlighted snippet. */
export interface EngineDoc {
  date: string;
  text: string;
  slug: string;
  snippet: SnippetPart[];
}

/** What a query found: its terms, the index words matched as typos, and every matching event, best first. */
export interface SearchOutcome {
  terms: QueryTerm[];
  typos: string[];
  hits: EngineHit[];
}

/** Loads the data of `assets/search/<key>.js` (by a script tag on the page, from memory in tests). */
export type IndexLoader = (key: string) => Promise<unknown>;

/** The offline engine over one site's index. */
export interface SearchEngine {
  search(query: string): Promise<SearchOutcome>;
  /** The documents of some hits, in their order, with snippets marking what `q` matched. */
  docs(hits: readonly EngineHit[], q: SnippetQuery): Promise<EngineDoc[]>;
}

interface Meta {
  count: number;
  stamp: string;
  docShard: number;
  bounds: string[];
}

interface Shard {
  stamp: string;
  terms: Record<string, unknown>;
}

/** Which words (or pairs) of a year's shards a lookup wants: those in [lo, hi] that pass `test`. */
interface Lookup {
  pairs: boolean;
  lo: string;
  hi: string;
  test: (term: string) => MatchKind | null;
}

function record(x: unknown): Record<string, unknown> | null {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : null;
}

function versioned(key: string, data: unknown): Record<string, unknown> {
  const r = record(data);
  if (!r || r['v'] !== SEARCH_INDEX_VERSION)
    throw new Error(
      `The search index file ${key} has another version; rebuild the site with currents build.`,
    );
  return r;
}

function malformed(key: string): Error {
  return new Error(`The search index file ${key} is malformed; rebuild the site with currents build.`);
}

/** A shard of another build than its year's meta file (one of them came from a cache) would point at the wrong events. */
function sameBuild(stamp: string, shard: { stamp: string }, key: string): void {
  if (shard.stamp !== stamp)
    throw new Error(
      `The search index file ${key} is from another build of the site than its year; reload the page.`,
    );
}

/** The shard holding `term`: the last whose bound is ≤ term. */
export function shardOf(bounds: readonly string[], term: string): number {
  let lo = 0;
  let hi = bounds.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((bounds[mid] ?? '') <= term) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function exactly(word: string): Lookup {
  return { pairs: false, lo: word, hi: word, test: (t) => (t === word ? 'exact' : null) };
}

/**
 * Runs the search language (src/model/search/query.ts) over the offline index and ranks by
 * rank.ts: every term must match; a word that occurs in no event of the archive matches words a
 * typo away; a phrase matches events holding each of its token pairs. The term with the longest
 * word is looked up in every year first, the others only in the years where it matched.
 * @example const engine = createEngine(CURRENTS_SEARCH_ENTRY, scriptLoader('assets/search/'))
 */
export function createEngine(entryData: unknown, load: IndexLoader): SearchEngine {
  const entry = versioned('entry', entryData);
  const list = entry['years'];
  if (!Array.isArray(list)) throw malformed('entry');
  const years = list.map((y) => String(Array.isArray(y) ? y[0] : ''));
  const cache = new Map<string, Promise<Record<string, unknown>>>();
  const get = (key: string): Promise<Record<string, unknown>> => {
    let p = cache.get(key);
    if (!p) {
      p = load(key).then((d) => versioned(key, d));
      cache.set(key, p);
    }
    return p;
  };
  const metaOf = async (yi: number, file: 'meta' | 'pairs'): Promise<Meta> => {
    const key = `${years[yi]}/${file}`;
    const m = await get(key);
    const bounds = m['bounds'];
    if (typeof bounds !== 'string' || typeof m['s'] !== 'string') throw malformed(key);
    return {
      count: Number(m['count'] ?? 0),
      stamp: m['s'],
      docShard: Number(m['docShard'] ?? 1),
      bounds: bounds.split(' '),
    };
  };
  const shardAt = async (key: string, stamp: string): Promise<Shard> => {
    const d = await get(key);
    const terms = record(d['terms']);
    if (!terms || typeof d['s'] !== 'string') throw malformed(key);
    const shard = { stamp: d['s'], terms };
    sameBuild(stamp, shard, key);
    return shard;
  };

  /** doc key → best score of a lookup in the years given (pairs: the docs holding it, score 0). */
  async function lookup(l: Lookup, yis: readonly number[]): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    await Promise.all(
      yis.map(async (yi) => {
        const meta = await metaOf(yi, l.pairs ? 'pairs' : 'meta');
        const from = shardOf(meta.bounds, l.lo);
        const to = shardOf(meta.bounds, l.hi);
        const kind = l.pairs ? 'q' : 't';
        const shards = [];
        for (let s = from; s <= to; s++) shards.push(shardAt(`${years[yi]}/${kind}${s}`, meta.stamp));
        for (const shard of await Promise.all(shards))
          for (const [term, postings] of Object.entries(shard.terms)) {
            if (term < l.lo || term > l.hi) continue;
            const how = l.test(term);
            if (how === null || typeof postings !== 'string') continue;
            const numbers = decodeNumbers(postings);
            const step = l.pairs ? 1 : 2;
            let doc = 0;
            for (let i = 0; i < numbers.length; i += step) {
              doc += numbers[i] ?? 0;
              const key = yi * YEAR_KEY + doc;
              const s = l.pairs ? 0 : matchScore(numbers[i + 1] ?? 0, how);
              const old = out.get(key);
              if (old === undefined || s > old) out.set(key, s);
            }
          }
      }),
    );
    return out;
  }

  const yearsOf = (keys: ReadonlyMap<number, number> | ReadonlySet<number>): number[] => [
    ...new Set([...keys.keys()].map((k) => Math.floor(k / YEAR_KEY))),
  ];

  /** A term's matching docs and their term score, in the years given; typos found are added to `typos`. */
  async function termDocs(
    term: QueryTerm,
    yis: readonly number[],
    typos: Set<string>,
  ): Promise<Map<number, number>> {
    if (term.kind === 'prefix')
      return lookup(
        {
          pairs: false,
          lo: term.prefix,
          hi: `${term.prefix}\uffff`,
          test: (t) => (t === term.prefix ? 'exact' : t.startsWith(term.prefix) ? 'prefix' : null),
        },
        yis,
      );
    if (term.kind === 'word') {
      const exact = await lookup(exactly(term.word), yis);
      if (exact.size > 0 || typoEdits(term.word) === 0) return exact;
      // A typo only when the word occurs nowhere: look in the years not looked in yet.
      const rest = years.map((_, yi) => yi).filter((yi) => !yis.includes(yi));
      if ((await lookup(exactly(term.word), rest)).size > 0) return exact;
      const start = term.word.slice(0, TYPO_PREFIX);
      const found = new Set<string>();
      const near = await lookup(
        {
          pairs: false,
          lo: start,
          hi: `${start}\uffff`,
          test: (t) => {
            if (!isTypoOf(term.word, t)) return null;
            found.add(t);
            return 'typo';
          },
        },
        yis,
      );
      for (const t of found) typos.add(t);
      return near;
    }
    // A phrase: the events holding every pair, scored by the weights of its words.
    const pairs = phrasePairs(term.tokens);
    let holding = new Set<number>();
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i] ?? '';
      const found = await lookup(
        { pairs: true, lo: pair, hi: pair, test: (t) => (t === pair ? 'exact' : null) },
        i === 0 ? yis : yearsOf(holding),
      );
      const before = holding;
      holding = new Set([...found.keys()].filter((k) => i === 0 || before.has(k)));
      if (holding.size === 0) return new Map();
    }
    const scores = new Map<number, number>([...holding].map((k) => [k, 0]));
    const within = yearsOf(scores);
    for (const token of term.tokens) {
      if (!isWord(token)) continue;
      const weights = await lookup(exactly(token), within);
      for (const [k, s] of scores) scores.set(k, s + (weights.get(k) ?? 0));
    }
    return scores;
  }

  async function search(query: string): Promise<SearchOutcome> {
    const terms = parseQuery(query);
    const typos = new Set<string>();
    if (terms.length === 0) return { terms, typos: [], hits: [] };
    const longest = (t: QueryTerm) =>
      t.kind === 'word'
        ? t.word.length
        : t.kind === 'prefix'
          ? t.prefix.length
          : Math.max(...t.tokens.map((x) => x.length));
    let anchor = 0;
    terms.forEach((t, i) => {
      if (longest(t) > longest(terms[anchor] as QueryTerm)) anchor = i;
    });
    const perTerm: Map<number, number>[] = new Array(terms.length);
    const first = await termDocs(
      terms[anchor] as QueryTerm,
      years.map((_, yi) => yi),
      typos,
    );
    perTerm[anchor] = first;
    let candidates = new Set(first.keys());
    for (let i = 0; i < terms.length && candidates.size > 0; i++) {
      if (i === anchor) continue;
      const docs = await termDocs(terms[i] as QueryTerm, yearsOf(first), typos);
      perTerm[i] = docs;
      candidates = new Set([...candidates].filter((k) => docs.has(k)));
    }
    const hits: { key: number; score: number }[] = [];
    for (const key of candidates)
      hits.push({ key, score: eventScore(perTerm.map((docs) => docs.get(key) ?? 0)) });
    hits.sort((a, b) => b.score - a.score || b.key - a.key);
    return {
      terms,
      typos: [...typos].sort(),
      hits: hits.map((h) => ({
        year: years[Math.floor(h.key / YEAR_KEY)] ?? '',
        doc: h.key % YEAR_KEY,
        score: h.score,
      })),
    };
  }

  async function docs(hits: readonly EngineHit[], q: SnippetQuery): Promise<EngineDoc[]> {
    return Promise.all(
      hits.map(async (h) => {
        const yi = years.indexOf(h.year);
        const meta = await metaOf(yi, 'meta');
        const key = `${h.year}/d${Math.floor(h.doc / meta.docShard)}`;
        const d = await get(key);
        if (d['s'] !== meta.stamp) sameBuild(meta.stamp, { stamp: String(d['s']) }, key);
        const all = d['docs'];
        const row = Array.isArray(all) ? all[h.doc % meta.docShard] : undefined;
        if (!Array.isArray(row) || row.length < 2) throw malformed(key);
        const text = String(row[1]);
        return {
          date: `${h.year}-${String(row[0])}`,
          text,
          slug: row.length > 2 ? String(row[2]) : eventSlugBase(text),
          snippet: highlight([text], q, SNIPPET_TOKENS),
        };
      }),
    );
  }

  return { search, docs };
}
