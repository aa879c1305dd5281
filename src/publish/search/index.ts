import { createHash } from 'node:crypto';
import { eventWeights } from '../../model/search/rank.ts';
import { allTokens } from '../../model/search/tokens.ts';
import { eventSlugBase } from '../../model/slug.ts';
import type { EventPageModel } from '../model.ts';
import { encodeNumbers } from './_varint.ts';
import { SEARCH_DIR, SEARCH_ENTRY_FILE, SEARCH_INDEX_VERSION } from './format.ts';

/** The page file of a search result, as the search page builds it. */
export function resultFile(date: string, slug: string): string {
  return `news/${date.replaceAll('-', '/')}/${slug}.html`;
}

/** How a year's index is cut into files (measured in bench/search.bench.ts). */
export interface SearchLayout {
  /** Events per document shard (what the result list shows). */
  docShard: number;
  /** A term shard is closed once its terms and postings pass this many characters (one huge term may make a bigger shard). */
  termShardChars: number;
}

/** The layout the build uses. */
export const SEARCH_LAYOUT: SearchLayout = { docShard: 8, termShardChars: 2_000 };

/** What a year's meta file holds: its event count, the document shard size and where term shards start. */
export interface YearMeta {
  v: number;
  /** The year's stamp, also in each of its shards: a page that got files of two builds (a cache) sees it. */
  s: string;
  year: string;
  count: number;
  docShard: number;
  /**
   * Where term shards start, joined by spaces (terms have none): term shard i holds the terms t with
   * bounds[i] ≤ t < bounds[i+1] in code-unit order; bounds[0] is ''. Each bound is the shortest
   * prefix of its shard's first term that sorts after the previous shard's last term.
   */
  bounds: string;
}

/** A year's pair file (`pairs.js`, loaded for phrases only): where its pair shards `q<n>.js` start, as `bounds`. */
export interface PairMeta {
  v: number;
  s: string;
  bounds: string;
}

/**
 * A term shard: word → postings of the year's events holding it, as `encodeNumbers([doc, weight,
 * doc − previous doc, weight, …])` (doc = index in the year's order, weight from `eventWeights`).
 * A pair shard: `word_word` (two tokens next to each other in one field) → `encodeNumbers([doc,
 * doc − previous doc, …])`.
 */
export interface TermShard {
  v: number;
  s: string;
  terms: Record<string, string>;
}

/**
 * A document shard: [MM-DD, text] for `docShard` consecutive events of the year, with the event's
 * slug as a third item when it is not `eventSlugBase` of the text (a day's second event of the same
 * words, or a slug kept after the text changed); the page reads the base with the same function.
 */
export interface DocShard {
  v: number;
  s: string;
  docs: ([string, string] | [string, string, string])[];
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A year's events in the index's order: date, then id. Equal scores rank the later of two events
 * in this order first, as /api/search does (src/model/search/rank.ts).
 */
function yearOrder(a: EventPageModel, b: EventPageModel): number {
  return byCodeUnit(a.date, b.date) || byCodeUnit(a.id, b.id);
}

/** The script of one index file: it hands its data to the loader the page's script installed. */
function loadScript(key: string, data: unknown): string {
  return `CURRENTS_SEARCH_LOAD(${JSON.stringify(key)},${JSON.stringify(data)});\n`;
}

/** 12 hex digits of SHA-256 over what the year's files are made of (its sorted events' indexed and shown fields). */
function yearStamp(docs: readonly EventPageModel[]): string {
  const hash = createHash('sha256');
  for (const e of docs) hash.update(JSON.stringify([e.date, e.slug, e.text, e.context, e.excerpt]));
  return hash.digest('hex').slice(0, 12);
}

/** The shortest prefix of `term` that sorts after `previous` (term > previous). */
function separator(previous: string, term: string): string {
  for (let n = 1; n < term.length; n++) if (term.slice(0, n) > previous) return term.slice(0, n);
  return term;
}

/** The searched fields of an event, in rank.ts's FIELDS order. */
function eventFields(e: EventPageModel): [string, string, string] {
  return [e.text, e.context.join(' '), e.excerpt ?? ''];
}

function append(postings: Map<string, number[]>, term: string, numbers: readonly number[]): void {
  const list = postings.get(term);
  if (list) list.push(...numbers);
  else postings.set(term, [...numbers]);
}

/**
 * Term shards of a posting map, cut at `chars` characters: yields the files, returns the bounds
 * (see YearMeta). `key(n)` names shard n.
 */
function* shards(
  postings: ReadonlyMap<string, number[]>,
  o: { stamp: string; chars: number; key: (n: number) => string },
): Generator<[string, string], string> {
  const bounds: string[] = [];
  let shard: Record<string, string> = {};
  let chars = 0;
  let previous = '';
  const flush = (): [string, string] => {
    const key = o.key(bounds.length - 1);
    const file: [string, string] = [
      `${SEARCH_DIR}${key}.js`,
      loadScript(key, { v: SEARCH_INDEX_VERSION, s: o.stamp, terms: shard } satisfies TermShard),
    ];
    shard = {};
    chars = 0;
    return file;
  };
  for (const term of [...postings.keys()].sort(byCodeUnit)) {
    if (bounds.length === 0) bounds.push('');
    else if (chars >= o.chars) {
      yield flush();
      bounds.push(separator(previous, term));
    }
    const encoded = encodeNumbers(postings.get(term) ?? []);
    shard[term] = encoded;
    chars += term.length + encoded.length + 6;
    previous = term;
  }
  if (bounds.length > 0) yield flush();
  return bounds.join(' ');
}

/**
 * Every file of the offline index for one year's events (all events of that year, any order):
 * `assets/search/<year>/meta.js`, term shards `t<n>.js`, `pairs.js` and pair shards `q<n>.js`,
 * document shards `d<n>.js`. A pure function of the year's events, so a build rewrites only the
 * years whose events changed.
 */
export function* searchYearFiles(
  year: string,
  events: readonly EventPageModel[],
  layout: SearchLayout = SEARCH_LAYOUT,
): Generator<[file: string, content: string]> {
  if (!/^\d{4}$/.test(year))
    throw new Error(`Cannot index search year ${JSON.stringify(year)}: not four digits`);
  const docs = [...events].sort(yearOrder);
  for (const e of docs)
    if (!e.date.startsWith(`${year}-`))
      throw new Error(`Cannot index search year ${year}: event ${e.id} is dated ${e.date}`);
  const dir = `${SEARCH_DIR}${year}/`;
  const stamp = yearStamp(docs);
  const words = new Map<string, number[]>();
  const pairs = new Map<string, number[]>();
  const lastWord = new Map<string, number>();
  const lastPair = new Map<string, number>();
  docs.forEach((e, doc) => {
    const fields = eventFields(e);
    for (const [w, weight] of eventWeights(fields)) {
      append(words, w, [doc - (lastWord.get(w) ?? 0), weight]);
      lastWord.set(w, doc);
    }
    const seen = new Set<string>();
    for (const field of fields) {
      const tokens = allTokens(field);
      for (let i = 0; i + 1 < tokens.length; i++) seen.add(`${tokens[i]}_${tokens[i + 1]}`);
    }
    for (const p of seen) {
      append(pairs, p, [doc - (lastPair.get(p) ?? 0)]);
      lastPair.set(p, doc);
    }
  });
  const chars = layout.termShardChars;
  const bounds = yield* shards(words, { stamp, chars, key: (n) => `${year}/t${n}` });
  const pairBounds = yield* shards(pairs, { stamp, chars, key: (n) => `${year}/q${n}` });
  yield [
    `${dir}pairs.js`,
    loadScript(`${year}/pairs`, { v: SEARCH_INDEX_VERSION, s: stamp, bounds: pairBounds } satisfies PairMeta),
  ];
  for (let i = 0; i * layout.docShard < docs.length; i++) {
    const key = `${year}/d${i}`;
    const part = docs.slice(i * layout.docShard, (i + 1) * layout.docShard);
    const data: DocShard = {
      v: SEARCH_INDEX_VERSION,
      s: stamp,
      docs: part.map((e) =>
        e.slug === eventSlugBase(e.text) ? [e.date.slice(5), e.text] : [e.date.slice(5), e.text, e.slug],
      ),
    };
    yield [`${dir}d${i}.js`, loadScript(key, data)];
  }
  const meta: YearMeta = {
    v: SEARCH_INDEX_VERSION,
    s: stamp,
    year,
    count: docs.length,
    docShard: layout.docShard,
    bounds,
  };
  yield [`${dir}meta.js`, loadScript(`${year}/meta`, meta)];
}

/**
 * The entry script search.html loads first: the index version and every year with its event count
 * (a year's term shards are found through its meta file, loaded on the first query).
 */
export function searchEntryFile(years: ReadonlyMap<string, number>): [file: string, content: string] {
  const list = [...years].filter(([, n]) => n > 0).sort((a, b) => byCodeUnit(a[0], b[0]));
  const data = { v: SEARCH_INDEX_VERSION, years: list };
  return [SEARCH_ENTRY_FILE, `globalThis.CURRENTS_SEARCH_ENTRY = ${JSON.stringify(data)};\n`];
}

/** The index files of a whole site: every year's files, then the entry file (what the HTML build writes). */
export function* searchFiles(events: Iterable<EventPageModel>): Generator<[file: string, content: string]> {
  const byYear = new Map<string, EventPageModel[]>();
  for (const e of events) {
    const y = e.date.slice(0, 4);
    const list = byYear.get(y) ?? [];
    if (list.length === 0) byYear.set(y, list);
    list.push(e);
  }
  for (const [year, list] of byYear) yield* searchYearFiles(year, list);
  yield searchEntryFile(new Map([...byYear].map(([y, list]) => [y, list.length])));
}
