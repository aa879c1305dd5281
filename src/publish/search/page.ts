import { layout } from '../html/layout.ts';
import { MINISEARCH_FILE, SEARCH_INDEX_FILE } from './index.ts';

/** The search page's script (assets/search.js): reads ?q=, searches the loaded index, shows links. */
export const SEARCH_SCRIPT_FILE = 'assets/search.js';

/**
 * Plain browser JavaScript, no dependencies but MiniSearch. Results are built with DOM methods and
 * textContent only (never innerHTML), and only links to the index's own relative .html pages.
 */
export const SEARCH_SCRIPT = `(function () {
  'use strict';
  var form = document.getElementById('search-form');
  var input = document.getElementById('q');
  var status = document.getElementById('search-status');
  var list = document.getElementById('results');
  var data = globalThis.CURRENTS_SEARCH;
  var ms = null;
  if (!data || typeof MiniSearch === 'undefined') {
    status.textContent = 'The search index could not be loaded (assets/search-index.js is missing).';
    return;
  }
  if (data.version !== 1) {
    status.textContent = 'The search index has an unknown version; rebuild the site with currents build.';
    return;
  }
  function load() {
    if (!ms) ms = MiniSearch.loadJSON(data.index, data.options);
    return ms;
  }
  function pageOf(r) {
    if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(String(r.d)) || !/^[a-z0-9-]+$/.test(String(r.s))) return null;
    return 'news/' + String(r.d).replace(/-/g, '/') + '/' + r.s + '.html';
  }
  function run(q) {
    list.textContent = '';
    q = q.trim().slice(0, 200);
    if (!q) { status.textContent = 'Type words to search event texts, entities and ledes.'; return; }
    var results = load().search(q, { prefix: true, fuzzy: 0.2, combineWith: 'AND', boost: { text: 2, entities: 1.5 } });
    if (results.length === 0) results = load().search(q, { prefix: true, fuzzy: 0.2, boost: { text: 2 } });
    status.textContent = results.length + (results.length === 1 ? ' event' : ' events') + ' for “' + q + '”' + (results.length > 100 ? ', first 100 shown' : '');
    results.slice(0, 100).forEach(function (r) {
      var href = pageOf(r);
      if (!href) return;
      var li = document.createElement('li');
      var time = document.createElement('time');
      time.dateTime = String(r.d);
      time.textContent = String(r.d);
      var a = document.createElement('a');
      a.href = href;
      a.textContent = String(r.t);
      li.appendChild(time);
      li.appendChild(document.createTextNode(' '));
      li.appendChild(a);
      list.appendChild(li);
    });
  }
  var q = new URLSearchParams(location.search).get('q') || '';
  input.value = q;
  run(q);
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var v = input.value;
    try { history.replaceState(null, '', '?q=' + encodeURIComponent(v)); } catch (e) { /* file:// may refuse */ }
    run(v);
  });
})();
`;

/** /search.html: a form, a live region for the count, a result list, and the three scripts. */
export function renderSearchPage(): string {
  const body = `<h1>Search</h1>
<form id="search-form" role="search" action="search.html" method="get">
<label for="q">Words from an event, an entity or a lede</label>
<p><input id="q" type="search" name="q" autocomplete="off"> <button type="submit">Search</button></p>
</form>
<p id="search-status" role="status" aria-live="polite">Loading the search index…</p>
<ol id="results" class="timeline"></ol>
<noscript><p>Search runs in the browser and needs JavaScript. Browse by <a href="index.html#years">year</a> instead.</p></noscript>
<script src="${MINISEARCH_FILE}"></script>
<script src="${SEARCH_INDEX_FILE}"></script>
<script src="${SEARCH_SCRIPT_FILE}"></script>
`;
  return layout({ path: '/search', title: 'Search', body });
}
