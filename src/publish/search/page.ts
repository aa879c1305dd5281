import { layout } from '../html/layout.ts';
import { SEARCH_SCRIPT_FILE } from './client.ts';
import { SEARCH_ENTRY_FILE } from './format.ts';

/**
 * /search.html: a form, a live region for the count, a result list, a "More results" button, and two
 * scripts: the index's entry file (years and counts) and the engine, which loads the rest on demand.
 */
export function renderSearchPage(): string {
  const body = `<h1>Search</h1>
<form id="search-form" role="search" action="search.html" method="get">
<label for="q">Words from an event, an entity or a lede</label>
<p><input id="q" type="search" name="q" autocomplete="off"> <button type="submit">Search</button></p>
</form>
<p id="search-status" role="status" aria-live="polite">Loading the search index…</p>
<ol id="results" class="timeline"></ol>
<p><button id="more-results" type="button" hidden>More results</button></p>
<noscript><p>Search runs in the browser and needs JavaScript. Browse by <a href="index.html#years">year</a> instead.</p></noscript>
<script src="${SEARCH_ENTRY_FILE}"></script>
<script src="${SEARCH_SCRIPT_FILE}"></script>
`;
  return layout({ path: '/search', title: 'Search', body });
}
