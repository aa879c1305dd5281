import { runInNewContext } from 'node:vm';
import { SEARCH_SCRIPT } from './client.ts';
import { SEARCH_DIR, SEARCH_ENTRY_FILE } from './index.ts';

/** A hit of the page's engine: the event's year and index in the year's date order, and its score. */
export interface EngineHit {
  year: string;
  doc: number;
  score: number;
}

/** A result as the page shows it. */
export interface EngineDoc {
  date: string;
  text: string;
  slug: string;
}

/** The search page's own engine (client.ts), run in a node:vm context over index files held in memory. */
export interface OfflineSearch {
  search(
    q: string,
  ): Promise<{ words: { word: string; prefix: boolean; fuzzy?: true }[]; hits: EngineHit[]; all: boolean }>;
  docs(hits: readonly EngineHit[]): Promise<EngineDoc[]>;
  tokenize(text: string): string[];
  /** Index files loaded so far (site-relative paths, each once, in load order); the entry file first. */
  loaded: string[];
}

interface EngineGlobal {
  CURRENTS_SEARCH_ENTRY?: unknown;
  CURRENTS_SEARCH_LOAD?: (key: string, data: unknown) => void;
  CurrentsSearch?: {
    tokenize(text: string): string[];
    Engine: new (
      entry: unknown,
      load: (key: string) => Promise<unknown>,
    ) => Pick<OfflineSearch, 'search' | 'docs'>;
  };
}

/**
 * Runs the page's script and the entry file in a fresh context and loads index files from `read`
 * (as the page's injected script tags would: each file runs and calls CURRENTS_SEARCH_LOAD).
 * @example const s = offlineSearch((f) => files.get(f)); const { hits } = await s.search('de Mistura');
 */
export function offlineSearch(read: (file: string) => string | undefined): OfflineSearch {
  const g: EngineGlobal & Record<string, unknown> = {};
  g['globalThis'] = g;
  const context = g as object;
  runInNewContext(SEARCH_SCRIPT, context);
  const entry = read(SEARCH_ENTRY_FILE);
  if (entry === undefined) throw new Error(`Cannot search: ${SEARCH_ENTRY_FILE} is missing`);
  runInNewContext(entry, context);
  const api = g.CurrentsSearch;
  if (!api) throw new Error('Cannot search: the search script defined no CurrentsSearch');
  const loaded: string[] = [SEARCH_ENTRY_FILE];
  const cache = new Map<string, Promise<unknown>>();
  const load = (key: string): Promise<unknown> => {
    const hit = cache.get(key);
    if (hit) return hit;
    const file = `${SEARCH_DIR}${key}.js`;
    const p = new Promise<unknown>((resolve, reject) => {
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
    cache.set(key, p);
    return p;
  };
  const engine = new api.Engine(g.CURRENTS_SEARCH_ENTRY, load);
  return {
    // structuredClone: values made in the context become this realm's arrays and objects.
    search: async (q) => structuredClone(await engine.search(q)),
    docs: async (hits) => structuredClone(await engine.docs(hits)),
    tokenize: (text) => [...api.tokenize(text)],
    loaded,
  };
}
