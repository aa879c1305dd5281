import { runInNewContext } from 'node:vm';
import type { SnippetQuery } from '../../model/search/snippet.ts';
import type { PageGlobal } from './browser-page.ts';
import { searchScript } from './client.ts';
import { SEARCH_DIR, SEARCH_ENTRY_FILE } from './format.ts';
import type { EngineDoc, EngineHit, SearchOutcome } from './query-engine.ts';

/** The search page's own engine (the built assets/search.js), run in a node:vm context over index files held in memory. */
export interface OfflineSearch {
  search(q: string): Promise<SearchOutcome>;
  docs(hits: readonly EngineHit[], q: SnippetQuery): Promise<EngineDoc[]>;
  tokenize(text: string): string[];
  /** Index files loaded so far (site-relative paths, each once, in load order); the entry file first. */
  loaded: string[];
}

/**
 * Runs the page's built script and the entry file in a fresh context and loads index files from
 * `read` (as the page's injected script tags would: each file runs and calls CURRENTS_SEARCH_LOAD).
 * `script` is the built page script (built once and passed in by callers that make many engines).
 * @example const s = offlineSearch((f) => files.get(f)); const { hits } = await s.search('de Mistura');
 */
export function offlineSearch(
  read: (file: string) => string | undefined,
  options: { script?: string } = {},
): OfflineSearch {
  const g: PageGlobal & Record<string, unknown> = {};
  g['globalThis'] = g;
  const context = g as object;
  runInNewContext(options.script ?? searchScript(), context);
  const entry = read(SEARCH_ENTRY_FILE);
  if (entry === undefined) throw new Error(`Cannot search: ${SEARCH_ENTRY_FILE} is missing`);
  runInNewContext(entry, context);
  const api = g.CurrentsSearch;
  if (!api) throw new Error('Cannot search: the search script defined no CurrentsSearch');
  const loaded: string[] = [SEARCH_ENTRY_FILE];
  const load = (key: string): Promise<unknown> =>
    new Promise<unknown>((resolve, reject) => {
      const file = `${SEARCH_DIR}${key}.js`;
      const script = read(file);
      if (script === undefined) return reject(new Error(`Cannot search: ${file} is missing`));
      let data: unknown;
      let called = false;
      g.CURRENTS_SEARCH_LOAD = (k, d) => {
        if (k === key) {
          called = true;
          data = d;
        }
      };
      runInNewContext(script, context);
      loaded.push(file);
      if (called) resolve(data);
      else reject(new Error(`Cannot search: ${file} did not register ${key}`));
    });
  const engine = api.createEngine(g.CURRENTS_SEARCH_ENTRY, load);
  return {
    // structuredClone: values made in the context become this realm's arrays and objects.
    search: async (q) => structuredClone(await engine.search(q)),
    docs: async (hits, q) => structuredClone(await engine.docs(hits, q)),
    tokenize: (text) => [...api.tokenize(text)],
    loaded,
  };
}
