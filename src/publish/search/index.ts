import { createHash } from 'node:crypto';
import type { EventPageModel } from '../model.ts';
import { slugify } from '../slug.ts';
import { tokenize } from './_tokens.ts';
import { encodeNumbers } from './_varint.ts';

/** Characters of an event's text kept for the result list (the page has all of it); more than SLUG_CHARS + 1, so the page can rebuild the slug. */
export const SHOWN_CHARS = 160;

function shown(text: string): string {
  const chars = Array.from(text);
  return chars.length <= SHOWN_CHARS
    ? text
    : `${chars
        .slice(0, SHOWN_CHARS - 1)
        .join('')
        .trimEnd()}…`;
}

/** The page file of a search result, as the search page builds it. */
export function resultFile(date: string, slug: string): string {
  return `news/${date.replaceAll('-', '/')}/${slug}.html`;
}

/** Version of the index's files (1 was the single MiniSearch file); the page refuses files of another version. */
export const SEARCH_INDEX_VERSION = 2;
/** Folder of the split index; each year's files are under `<folder><year>/`. */
export const SEARCH_DIR = 'assets/search/';
/** The entry script search.html loads first (years and their event counts). */
export const SEARCH_ENTRY_FILE = `${SEARCH_DIR}entry.js`;
/** Field boosts: the event's own words count most, then its entities, then the cited report's lede. */
export const FIELD_BOOST = { text: 2, entities: 1.5, lede: 1 } as const;
/** BM25's term-frequency saturation and length normalisation. */
const K1 = 1.2;
const B = 0.75;
/** Weights are stored as integers: round(weight × WEIGHT_SCALE), at least 1. */
export const WEIGHT_SCALE = 10;

/** How a year's index is cut into files (measured in bench/search.bench.ts). */
export interface SearchLayout {
  /** Events per document shard (what the result list shows). */
  docShard: number;
  /** A term shard is closed once its terms and postings pass this many characters (one huge term may make a bigger shard). */
  termShardChars: number;
}

/** The layout the build uses. */
export const SEARCH_LAYOUT: SearchLayout = { docShard: 16, termShardChars: 2_000 };

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

/**
 * A term shard: term → postings of the year's events containing it, as `encodeNumbers([doc,
 * weight, doc − previous doc, weight, …])` (doc = index in the year's date order).
 */
export interface TermShard {
  v: number;
  s: string;
  terms: Record<string, string>;
}

/**
 * A document shard: [MM-DD, text cut at SHOWN_CHARS] for `docShard` consecutive events of the year,
 * with the slug as a third item only when it is not `slugify` of the text (a day's second event of
 * the same words gets `-2`).
 */
export interface DocShard {
  v: number;
  s: string;
  docs: ([string, string] | [string, string, string])[];
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A year's events in the index's order: date, then slug (unique within a day). */
function yearOrder(a: EventPageModel, b: EventPageModel): number {
  return byCodeUnit(a.date, b.date) || byCodeUnit(a.slug, b.slug);
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

function counts(tokens: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of tokens) out.set(t, (out.get(t) ?? 0) + 1);
  return out;
}

type Field = keyof typeof FIELD_BOOST;
const FIELDS = Object.keys(FIELD_BOOST) as Field[];

function fieldText(e: EventPageModel, field: Field): string {
  return field === 'text' ? e.text : field === 'entities' ? e.context.join(' ') : (e.excerpt ?? '');
}

/**
 * Every file of the offline index for one year's events (all events of that year, any order):
 * `assets/search/<year>/meta.js`, term shards `t<n>.js`, document shards `d<n>.js`. A pure function
 * of the year's events, so a build rewrites only the years whose events changed.
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
  const tokens = docs.map((e) => FIELDS.map((f) => tokenize(fieldText(e, f))));
  const avg = FIELDS.map((_, f) =>
    Math.max(1, tokens.reduce((n, t) => n + (t[f]?.length ?? 0), 0) / (docs.length || 1)),
  );
  const postings = new Map<string, number[]>();
  const last = new Map<string, number>();
  tokens.forEach((fields, doc) => {
    const weights = new Map<string, number>();
    fields.forEach((ts, f) => {
      const norm = 1 - B + (B * ts.length) / (avg[f] ?? 1);
      const boost = FIELD_BOOST[FIELDS[f] as Field];
      for (const [t, tf] of counts(ts))
        weights.set(t, (weights.get(t) ?? 0) + (boost * tf * (K1 + 1)) / (tf + K1 * norm));
    });
    for (const [t, w] of weights) {
      const list = postings.get(t) ?? [];
      if (list.length === 0) postings.set(t, list);
      list.push(doc - (last.get(t) ?? 0), Math.max(1, Math.round(w * WEIGHT_SCALE)));
      last.set(t, doc);
    }
  });
  const bounds: string[] = [];
  let shard: Record<string, string> = {};
  let chars = 0;
  let previous = '';
  const flush = function* (): Generator<[string, string]> {
    const key = `${year}/t${bounds.length - 1}`;
    yield [
      `${SEARCH_DIR}${key}.js`,
      loadScript(key, { v: SEARCH_INDEX_VERSION, s: stamp, terms: shard } satisfies TermShard),
    ];
    shard = {};
    chars = 0;
  };
  for (const term of [...postings.keys()].sort(byCodeUnit)) {
    if (bounds.length === 0) bounds.push('');
    else if (chars >= layout.termShardChars) {
      yield* flush();
      bounds.push(separator(previous, term));
    }
    const encoded = encodeNumbers(postings.get(term) ?? []);
    shard[term] = encoded;
    chars += term.length + encoded.length + 6;
    previous = term;
  }
  if (bounds.length > 0) yield* flush();
  for (let i = 0; i * layout.docShard < docs.length; i++) {
    const key = `${year}/d${i}`;
    const part = docs.slice(i * layout.docShard, (i + 1) * layout.docShard);
    const data: DocShard = {
      v: SEARCH_INDEX_VERSION,
      s: stamp,
      docs: part.map((e) => {
        const text = shown(e.text);
        return e.slug === (slugify(text) || 'event')
          ? [e.date.slice(5), text]
          : [e.date.slice(5), text, e.slug];
      }),
    };
    yield [`${dir}d${i}.js`, loadScript(key, data)];
  }
  const meta: YearMeta = {
    v: SEARCH_INDEX_VERSION,
    s: stamp,
    year,
    count: docs.length,
    docShard: layout.docShard,
    bounds: bounds.join(' '),
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
