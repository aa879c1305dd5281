import { readFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import type { EventPageModel } from '../model.ts';

/** Version of the search index file; the page refuses an index of another version. */
export const SEARCH_INDEX_VERSION = 1;
/** The index as a script (loaded by a <script> tag, so search works under file:// too). */
export const SEARCH_INDEX_FILE = 'assets/search-index.js';
/** MiniSearch's browser build, copied from the dependency (no CDN). */
export const MINISEARCH_FILE = 'assets/minisearch.js';

/** The MiniSearch options shared by the builder and the page: fields indexed and fields stored. */
export const SEARCH_OPTIONS = {
  fields: ['text', 'entities', 'lede'],
  storeFields: ['d', 't', 's'],
} as const;

interface SearchDoc {
  id: number;
  text: string;
  entities: string;
  lede: string;
  /** Shown in results: date, text (cut at SHOWN_CHARS), slug (the page is news/YYYY/MM/DD/<slug>.html). */
  d: string;
  t: string;
  s: string;
}

/** Characters of an event's text kept in the index for the result list (the page has all of it). */
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

/** The MiniSearch index over event texts, context entities and lede excerpts. */
export function buildSearchIndex(events: readonly EventPageModel[]): MiniSearch<SearchDoc> {
  const ms = new MiniSearch<SearchDoc>({
    fields: [...SEARCH_OPTIONS.fields],
    storeFields: [...SEARCH_OPTIONS.storeFields],
  });
  ms.addAll(
    events.map((e, i) => ({
      id: i,
      text: e.text,
      entities: e.context.join(' '),
      lede: e.excerpt ?? '',
      d: e.date,
      t: shown(e.text),
      s: e.slug,
    })),
  );
  return ms;
}

/**
 * The index as a JavaScript file: one global holding the serialised index as a JSON string
 * (JSON.stringify of a string is a valid JS string literal; the file is never parsed as HTML).
 */
export function searchIndexScript(events: readonly EventPageModel[]): string {
  const json = JSON.stringify(buildSearchIndex(events));
  return `/* Currents search index v${SEARCH_INDEX_VERSION}: ${events.length} events */\nglobalThis.CURRENTS_SEARCH = ${JSON.stringify({ version: SEARCH_INDEX_VERSION, options: SEARCH_OPTIONS })};\nglobalThis.CURRENTS_SEARCH.index = ${JSON.stringify(json)};\n`;
}

/** MiniSearch's UMD build (defines the global MiniSearch). */
export function miniSearchScript(): string {
  return readFileSync(new URL('../umd/index.js', import.meta.resolve('minisearch')), 'utf8');
}
