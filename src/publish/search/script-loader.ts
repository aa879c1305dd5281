import type { IndexLoader } from './query-engine.ts';

/** The global the index files call: `CURRENTS_SEARCH_LOAD(key, data)`. */
export interface LoaderGlobal {
  CURRENTS_SEARCH_LOAD?: (key: string, data: unknown) => void;
}

/**
 * A loader that injects `<script src="<base><key>.js">` once per key (script tags load under
 * file://, where fetch is refused); each index file calls `CURRENTS_SEARCH_LOAD(key, data)`.
 */
export function scriptLoader(base: string, g: LoaderGlobal): IndexLoader {
  const loaded = new Map<string, unknown>();
  const waiting = new Map<string, (data: unknown) => void>();
  g.CURRENTS_SEARCH_LOAD = (key, data) => {
    loaded.set(key, data);
    waiting.get(key)?.(data);
  };
  return (key) =>
    new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = `${base}${key}.js`;
      waiting.set(key, resolve);
      s.onload = () => {
        s.remove();
        if (!loaded.has(key)) reject(new Error(`The search index file ${s.src} did not register itself.`));
      };
      s.onerror = () => {
        s.remove();
        reject(
          new Error(
            `The search index file ${s.src} could not be loaded; rebuild the site with currents build.`,
          ),
        );
      };
      document.head.appendChild(s);
    });
}
