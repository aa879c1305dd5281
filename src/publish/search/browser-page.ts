import { MAX_QUERY_CHARS, parseQuery } from '../../model/search/query.ts';
import type { SnippetQuery } from '../../model/search/snippet.ts';
import { tokenize } from '../../model/search/tokens.ts';
import { decodeNumbers } from './_varint.ts';
import { createEngine, type EngineHit, type SearchEngine } from './query-engine.ts';
import { type LoaderGlobal, scriptLoader } from './script-loader.ts';

/** Results shown at once; "More results" shows the next ones (and loads their document shards). */
export const RESULTS_PER_PAGE = 25;

/** What the page script puts on (and reads from) the global object. */
export interface PageGlobal extends LoaderGlobal {
  CURRENTS_SEARCH_ENTRY?: unknown;
  CurrentsSearch?: {
    createEngine: typeof createEngine;
    tokenize: typeof tokenize;
    parseQuery: typeof parseQuery;
    decodeNumbers: typeof decodeNumbers;
  };
}

/** The page file of a result, or null for anything that is not a date and a slug. */
function pageOf(date: string, slug: string): string | null {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(date) || !/^[a-z0-9-]+$/.test(slug)) return null;
  return `news/${date.replace(/-/g, '/')}/${slug}.html`;
}

function element<T extends HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null;
}

/** The search page: reads `?q=`, shows results (DOM methods and textContent only), pages them. */
function startPage(g: PageGlobal): void {
  const form = element<HTMLFormElement>('search-form');
  const input = element<HTMLInputElement>('q');
  const status = element('search-status');
  const list = element('results');
  const more = element<HTMLButtonElement>('more-results');
  if (!form || !input || !status || !list || !more) return;
  const entry = g.CURRENTS_SEARCH_ENTRY;
  if (!entry) {
    status.textContent =
      'The search index could not be loaded (assets/search/entry.js is missing); rebuild the site with currents build.';
    return;
  }
  let engine: SearchEngine;
  try {
    const here = document.currentScript instanceof HTMLScriptElement ? document.currentScript.src : '';
    engine = createEngine(entry, scriptLoader(here ? new URL('search/', here).href : 'assets/search/', g));
  } catch (e) {
    status.textContent = e instanceof Error ? e.message : 'The search index could not be read.';
    return;
  }
  let current = 0;
  let hits: EngineHit[] = [];
  let shown = 0;
  let marked: SnippetQuery = { terms: [], typos: [] };
  const show = async (run: number): Promise<void> => {
    const part = hits.slice(shown, shown + RESULTS_PER_PAGE);
    more.hidden = true;
    const docs = await engine.docs(part, marked);
    if (run !== current) return;
    for (const r of docs) {
      const href = pageOf(r.date, r.slug);
      if (!href) continue;
      const li = document.createElement('li');
      const time = document.createElement('time');
      time.dateTime = r.date;
      time.textContent = r.date;
      const a = document.createElement('a');
      a.href = href;
      for (const p of r.snippet) {
        if (!p.match) a.appendChild(document.createTextNode(p.text));
        else {
          const mark = document.createElement('mark');
          mark.textContent = p.text;
          a.appendChild(mark);
        }
      }
      li.append(time, document.createTextNode(' '), a);
      list.appendChild(li);
    }
    shown += part.length;
    more.hidden = shown >= hits.length;
  };
  const fail = (e: unknown) => {
    status.textContent = e instanceof Error ? e.message : 'The search failed.';
  };
  const run = async (typed: string): Promise<void> => {
    const me = ++current;
    list.textContent = '';
    more.hidden = true;
    hits = [];
    shown = 0;
    const q = typed.trim().slice(0, MAX_QUERY_CHARS);
    if (!q) {
      status.textContent =
        'Type words to search event texts, entities and ledes: syr* for a prefix, "peace talks" for a phrase.';
      return;
    }
    if (parseQuery(q).length === 0) {
      status.textContent = `Only very common words in “${q}”; add a name or a rarer word.`;
      return;
    }
    status.textContent = 'Searching…';
    const r = await engine.search(q);
    if (me !== current) return;
    hits = r.hits;
    marked = { terms: r.terms, typos: r.typos };
    const alike = r.typos.map((w) => `“${w}”`).join(', ');
    status.textContent = `${hits.length} ${hits.length === 1 ? 'event' : 'events'} for “${q}”${alike ? ` (as ${alike})` : ''}`;
    await show(me);
  };
  more.addEventListener('click', () => {
    show(current).catch(fail);
  });
  const q0 = new URLSearchParams(location.search).get('q') ?? '';
  input.value = q0;
  run(q0).catch(fail);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    try {
      history.replaceState(null, '', `?q=${encodeURIComponent(input.value)}`);
    } catch {
      // file:// may refuse
    }
    run(input.value).catch(fail);
  });
}

/**
 * The entry of assets/search.js: exposes the engine as `CurrentsSearch` (tests and the benchmark run
 * the built script in node:vm), then starts the page when there is one.
 */
export function main(g: PageGlobal): void {
  g.CurrentsSearch = { createEngine, tokenize, parseQuery, decodeNumbers };
  if (typeof document !== 'undefined') startPage(g);
}
