import { readFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import { htmlFile } from '../html/paths.ts';
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
  storeFields: ['d', 't', 'u'],
} as const;

interface SearchDoc {
  id: number;
  text: string;
  entities: string;
  lede: string;
  /** Date, text and page file (site-relative) shown in results. */
  d: string;
  t: string;
  u: string;
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
      t: e.text,
      u: htmlFile(e.path),
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
