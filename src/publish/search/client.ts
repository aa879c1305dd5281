import { SLUG_CHARS } from '../slug.ts';
import { STOP_WORDS } from './_tokens.ts';
import { FINAL_DIGITS, MORE_DIGITS } from './_varint.ts';
import { SEARCH_INDEX_VERSION, WEIGHT_SCALE } from './index.ts';

/** The search page's script (assets/search.js): the query engine and the page around it. */
export const SEARCH_SCRIPT_FILE = 'assets/search.js';
/** Results shown at once; "More results" shows the next ones (and loads their document shards). */
export const RESULTS_PER_PAGE = 25;
/** A prefix shorter than this is matched as a whole word only (a one- or two-letter prefix would load half the index). */
export const MIN_PREFIX = 3;
/** A prefix whose terms span more term shards of one year than this is matched as a whole word there. */
export const MAX_PREFIX_SHARDS = 3;
/** Words of a query looked up (the first ones): each costs up to one term shard per year. */
export const MAX_WORDS = 8;
/** A word of at least this many letters that matches nothing is matched to words a typo away (in the same term shards). */
export const FUZZY_MIN = 5;
/** Score factor of a word a typo away (one edit; two from eight letters on). */
export const FUZZY_FACTOR = 0.3;
/** Score factor of a word that only starts with the typed last word. */
export const PREFIX_FACTOR = 0.5;

/**
 * Plain browser JavaScript (no dependencies), also run by the tests and the benchmark in a
 * node:vm context. It defines `globalThis.CurrentsSearch = { tokenize, Engine, scriptLoader }`;
 * on a page with `#search-form` it reads `?q=` and shows results. Index files are loaded by
 * injected `<script>` tags (allowed under file://, where fetch is not), each calling
 * `CURRENTS_SEARCH_LOAD(key, data)`. Results are built with DOM methods and textContent only, and
 * link only to `news/YYYY/MM/DD/<slug>.html`.
 */
export const SEARCH_SCRIPT = `(function (g) {
  'use strict';
  var VERSION = ${SEARCH_INDEX_VERSION};
  var SLUG_CHARS = ${SLUG_CHARS};
  var SCALE = ${WEIGHT_SCALE};
  var MIN_PREFIX = ${MIN_PREFIX};
  var MAX_PREFIX_SHARDS = ${MAX_PREFIX_SHARDS};
  var PREFIX_FACTOR = ${PREFIX_FACTOR};
  var PER_PAGE = ${RESULTS_PER_PAGE};
  var MAX_WORDS = ${MAX_WORDS};
  var FUZZY_MIN = ${FUZZY_MIN};
  var FUZZY_FACTOR = ${FUZZY_FACTOR};
  var STOP = {};
  ${JSON.stringify(STOP_WORDS)}.forEach(function (w) { STOP[w] = true; });

  /* The index's words of a text: the same rule as src/publish/search/_tokens.ts. */
  function tokenize(text) {
    return String(text).toLowerCase().normalize('NFKD').replace(/\\p{M}+/gu, '').split(/[^\\p{L}\\p{N}]+/u)
      .filter(function (t) { return t !== '' && t.length <= 40 && !STOP[t] && (t.length > 1 || (t >= '0' && t <= '9')); });
  }

  /* Postings as numbers (src/publish/search/_varint.ts): base-32 digits, the last one from FINAL. */
  var DIGIT = {};
  ${JSON.stringify(FINAL_DIGITS)}.split('').forEach(function (c, i) { DIGIT[c] = i + 32; });
  ${JSON.stringify(MORE_DIGITS)}.split('').forEach(function (c, i) { DIGIT[c] = i; });
  function decode(s) {
    var out = [];
    var v = 0;
    for (var i = 0; i < s.length; i++) {
      var d = DIGIT[s[i]];
      if (d === undefined) throw new Error('The search index has a malformed posting list; rebuild the site with currents build.');
      if (d >= 32) { out.push(v * 32 + d - 32); v = 0; } else v = v * 32 + d;
    }
    return out;
  }

  /* The slug of an event text: the same rule as src/publish/slug.ts (SPEC.md). */
  var LETTERS = { 'ß': 'ss', 'æ': 'ae', 'Æ': 'ae', 'œ': 'oe', 'Œ': 'oe', 'ø': 'o', 'Ø': 'o', 'ł': 'l', 'Ł': 'l', 'đ': 'd', 'Đ': 'd', 'ð': 'd', 'Ð': 'd', 'þ': 'th', 'Þ': 'th', 'ı': 'i' };
  function slugify(text) {
    var head = Array.from(String(text)).slice(0, SLUG_CHARS).join('');
    var folded = head.normalize('NFKD').replace(/\\p{M}/gu, '').replace(/[ßæÆœŒøØłŁđĐðÐþÞı]/g, function (c) { return LETTERS[c] || c; });
    return folded.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  }

  /* The query's words (the first MAX_WORDS); the last one is also a prefix when the query ends with it. */
  function parseQuery(q) {
    var words = tokenize(q);
    var seen = {};
    var out = [];
    words.forEach(function (w) { if (!seen[w] && out.length < MAX_WORDS) { seen[w] = true; out.push({ word: w, prefix: false }); } });
    /* The query's own last word, as typed up to its end (nothing after it). */
    var tail = String(q).toLowerCase().normalize('NFKD').replace(/\\p{M}+/gu, '').match(/[\\p{L}\\p{N}]+$/u);
    var last = out.length > 0 ? out[out.length - 1] : null;
    if (last && tail && tail[0] === last.word && last.word.length >= MIN_PREFIX) last.prefix = true;
    return out;
  }

  /* Whether a and b are at most k edits apart (insert, delete, replace, or swap two neighbours). */
  function near(a, b, k) {
    if (Math.abs(a.length - b.length) > k) return false;
    var before = null;
    var prev = [];
    for (var j = 0; j <= b.length; j++) prev.push(j);
    for (var i = 1; i <= a.length; i++) {
      var cur = [i];
      var best = i;
      for (var jj = 1; jj <= b.length; jj++) {
        var v = Math.min(prev[jj] + 1, cur[jj - 1] + 1, prev[jj - 1] + (a[i - 1] === b[jj - 1] ? 0 : 1));
        if (before && jj > 1 && a[i - 1] === b[jj - 2] && a[i - 2] === b[jj - 1]) v = Math.min(v, before[jj - 2] + 1);
        cur.push(v);
        if (v < best) best = v;
      }
      if (best > k) return false;
      before = prev;
      prev = cur;
    }
    return prev[b.length] <= k;
  }

  function shardOf(bounds, term) {
    var lo = 0, hi = bounds.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (bounds[mid] <= term) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  function checked(key, data) {
    if (!data || data.v !== VERSION) throw new Error('The search index file ' + key + ' has another version; rebuild the site with currents build.');
    return data;
  }

  /* A shard of another build than its year's meta file (one of them came from a cache) would point at the wrong events. */
  function same(stamp, shard, key) {
    if (shard.s !== stamp) throw new Error('The search index file ' + key + ' is from another build of the site than its year; reload the page.');
  }

  /* entry: { v, years: [[year, count], …] }; load(key) resolves to the data of assets/search/<key>.js. */
  function Engine(entry, load) {
    checked('entry', entry);
    this.years = entry.years.map(function (y) { return String(y[0]); });
    this.total = entry.years.reduce(function (n, y) { return n + y[1]; }, 0);
    this.load = function (key) { return load(key).then(function (d) { return checked(key, d); }); };
  }

  /*
   * Every event matching the query, best first: { words, hits: [{ year, doc, score }], all }.
   * The longest word (likely the rarest) is looked up in every year first; the other words only in
   * the years where it occurs, since an event must hold every word. Only when no event holds them
   * all are the other words looked up everywhere (all: false, events holding some of the words).
   * A word of FUZZY_MIN letters or more that matches nothing is matched to the words a typo away in
   * the shards it was looked up in (so typos after the first letters; words[i].fuzzy says so).
   * Scores are BM25: idf from the events counted in the years looked up, scaled to the archive.
   */
  Engine.prototype.search = function (q) {
    var self = this;
    var words = parseQuery(String(q).slice(0, 200));
    if (words.length === 0) return Promise.resolve({ words: [], hits: [], all: true });
    var metas;
    /* word index → term → [{ yi, postings }]; word index → events in the years looked up */
    var found = words.map(function () { return {}; });
    var covered = words.map(function () { return 0; });
    /* word index → the term shards looked up for it, and how many of them fuzz() has seen */
    var shardsOf = words.map(function () { return []; });
    var fuzzed = words.map(function () { return 0; });
    var fuzzy = words.map(function () { return {}; });
    function gather(wis, yis) {
      var wanted = [];
      wis.forEach(function (wi) {
        var w = words[wi];
        yis.forEach(function (yi) {
          var meta = metas[yi];
          covered[wi] += meta.count;
          var first = shardOf(meta.bounds, w.word);
          var lastShard = first;
          var usePrefix = w.prefix;
          if (usePrefix) {
            lastShard = shardOf(meta.bounds, w.word + '\\uffff');
            if (lastShard - first + 1 > MAX_PREFIX_SHARDS) { usePrefix = false; lastShard = first; }
          }
          for (var s = first; s <= lastShard; s++) wanted.push({ yi: yi, wi: wi, prefix: usePrefix, key: self.years[yi] + '/t' + s });
        });
      });
      return Promise.all(wanted.map(function (x) { return self.load(x.key); })).then(function (shards) {
        shards.forEach(function (shard, i) {
          var x = wanted[i];
          same(metas[x.yi].stamp, shard, x.key);
          shardsOf[x.wi].push({ yi: x.yi, shard: shard });
          var w = words[x.wi].word;
          var add = function (term) {
            var list = found[x.wi][term] || (found[x.wi][term] = []);
            list.push({ yi: x.yi, postings: decode(shard.terms[term]) });
          };
          if (Object.prototype.hasOwnProperty.call(shard.terms, w)) add(w);
          if (x.prefix) Object.keys(shard.terms).forEach(function (t) { if (t !== w && t.lastIndexOf(w, 0) === 0) add(t); });
        });
      });
    }
    /* A long word that matched nothing itself or as a prefix: the words a typo away in its shards. */
    function fuzz(wis) {
      wis.forEach(function (wi) {
        var w = words[wi].word;
        var exact = Object.keys(found[wi]).some(function (t) { return !fuzzy[wi][t]; });
        if (exact || w.length < FUZZY_MIN) return;
        var k = w.length >= 8 ? 2 : 1;
        shardsOf[wi].slice(fuzzed[wi]).forEach(function (x) {
          Object.keys(x.shard.terms).forEach(function (t) {
            if (!near(w, t, k)) return;
            fuzzy[wi][t] = true;
            words[wi].fuzzy = true;
            (found[wi][t] || (found[wi][t] = [])).push({ yi: x.yi, postings: decode(x.shard.terms[t]) });
          });
        });
        fuzzed[wi] = shardsOf[wi].length;
      });
    }
    /* per word: doc key → best score of that word (over the terms it matched) */
    function scoresOf(wi) {
      var n = self.total;
      var scores = new Map();
      var terms = found[wi];
      Object.keys(terms).forEach(function (term) {
        var lists = terms[term];
        var df = lists.reduce(function (k, l) { return k + l.postings.length / 2; }, 0) * n / Math.max(1, covered[wi]);
        var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        var factor = term === words[wi].word ? 1 : fuzzy[wi][term] ? FUZZY_FACTOR : PREFIX_FACTOR;
        lists.forEach(function (l) {
          var doc = 0;
          for (var i = 0; i < l.postings.length; i += 2) {
            doc += l.postings[i];
            var key = l.yi * 1048576 + doc;
            var s = idf * factor * l.postings[i + 1] / SCALE;
            var old = scores.get(key);
            if (old === undefined || s > old) scores.set(key, s);
          }
        });
      });
      return scores;
    }
    function combine(all) {
      var perWord = words.map(function (_, wi) { return scoresOf(wi); });
      var total = new Map();
      perWord.forEach(function (scores) {
        scores.forEach(function (s, key) { total.set(key, (total.get(key) || 0) + s); });
      });
      var hits = [];
      total.forEach(function (s, key) {
        if (all && !perWord.every(function (m) { return m.has(key); })) return;
        hits.push({ key: key, year: self.years[Math.floor(key / 1048576)], doc: key % 1048576, score: s });
      });
      hits.sort(function (a, b) { return b.score - a.score || b.key - a.key; });
      return hits.map(function (h) { return { year: h.year, doc: h.doc, score: h.score }; });
    }
    var anchor = 0;
    words.forEach(function (w, wi) { if (w.word.length >= words[anchor].word.length) anchor = wi; });
    var others = words.map(function (_, wi) { return wi; }).filter(function (wi) { return wi !== anchor; });
    var everyYear = self.years.map(function (_, yi) { return yi; });
    return Promise.all(self.years.map(function (y) { return self.load(y + '/meta'); }))
      .then(function (m) {
        metas = m.map(function (meta) { return { count: meta.count, stamp: meta.s, bounds: meta.bounds.split(' ') }; });
        return gather([anchor], everyYear);
      })
      .then(function () {
        fuzz([anchor]);
        if (others.length === 0) return { words: words, hits: combine(true), all: true };
        var seen = {};
        Object.keys(found[anchor]).forEach(function (t) { found[anchor][t].forEach(function (l) { seen[l.yi] = true; }); });
        var withAnchor = everyYear.filter(function (yi) { return seen[yi]; });
        return gather(others, withAnchor).then(function () {
          fuzz(others);
          var hits = combine(true);
          if (hits.length > 0) return { words: words, hits: hits, all: true };
          return gather(others, everyYear.filter(function (yi) { return !seen[yi]; })).then(function () {
            fuzz(others);
            return { words: words, hits: combine(false), all: false };
          });
        });
      });
  };

  /* What the result list shows for some hits: [{ date, text, slug }], in the hits' order. */
  Engine.prototype.docs = function (hits) {
    var self = this;
    return Promise.all(hits.map(function (h) {
      return self.load(h.year + '/meta').then(function (meta) {
        var key = h.year + '/d' + Math.floor(h.doc / meta.docShard);
        return self.load(key).then(function (shard) {
          same(meta.s, shard, key);
          var d = shard.docs[h.doc % meta.docShard];
          return { date: h.year + '-' + d[0], text: d[1], slug: d.length > 2 ? d[2] : slugify(d[1]) || 'event' };
        });
      });
    }));
  };

  /* A loader that injects <script src="<base><key>.js"> once per key; the file calls CURRENTS_SEARCH_LOAD. */
  function scriptLoader(base) {
    var loaded = {};
    var waiting = {};
    var promises = {};
    g.CURRENTS_SEARCH_LOAD = function (key, data) {
      loaded[key] = data;
      if (waiting[key]) waiting[key](data);
    };
    return function (key) {
      if (promises[key]) return promises[key];
      promises[key] = new Promise(function (resolve, reject) {
        var s = document.createElement('script');
        s.src = base + key + '.js';
        waiting[key] = resolve;
        s.onload = function () {
          s.remove();
          if (!(key in loaded)) reject(new Error('The search index file ' + s.src + ' did not register itself.'));
        };
        s.onerror = function () {
          s.remove();
          reject(new Error('The search index file ' + s.src + ' could not be loaded; rebuild the site with currents build.'));
        };
        document.head.appendChild(s);
      });
      return promises[key];
    };
  }

  g.CurrentsSearch = { VERSION: VERSION, tokenize: tokenize, slugify: slugify, decode: decode, parseQuery: parseQuery, Engine: Engine, scriptLoader: scriptLoader };

  if (typeof document === 'undefined') return;
  var form = document.getElementById('search-form');
  if (!form) return;
  var input = document.getElementById('q');
  var status = document.getElementById('search-status');
  var list = document.getElementById('results');
  var more = document.getElementById('more-results');
  var entry = g.CURRENTS_SEARCH_ENTRY;
  if (!entry) {
    status.textContent = 'The search index could not be loaded (assets/search/entry.js is missing); rebuild the site with currents build.';
    return;
  }
  var engine;
  try {
    var here = document.currentScript && document.currentScript.src;
    engine = new Engine(entry, scriptLoader(here ? new URL('search/', here).href : 'assets/search/'));
  } catch (e) {
    status.textContent = e.message;
    return;
  }
  function pageOf(r) {
    if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(String(r.date)) || !/^[a-z0-9-]+$/.test(String(r.slug))) return null;
    return 'news/' + String(r.date).replace(/-/g, '/') + '/' + r.slug + '.html';
  }
  var current = 0;
  var hits = [];
  var shownCount = 0;
  function show(run) {
    var part = hits.slice(shownCount, shownCount + PER_PAGE);
    more.hidden = true;
    return engine.docs(part).then(function (docs) {
      if (run !== current) return;
      docs.forEach(function (r) {
        var href = pageOf(r);
        if (!href) return;
        var li = document.createElement('li');
        var time = document.createElement('time');
        time.dateTime = String(r.date);
        time.textContent = String(r.date);
        var a = document.createElement('a');
        a.href = href;
        a.textContent = String(r.text);
        li.appendChild(time);
        li.appendChild(document.createTextNode(' '));
        li.appendChild(a);
        list.appendChild(li);
      });
      shownCount += part.length;
      more.hidden = shownCount >= hits.length;
    });
  }
  function fail(e) { status.textContent = e && e.message ? e.message : 'The search failed.'; }
  function run(q) {
    var me = ++current;
    list.textContent = '';
    more.hidden = true;
    hits = [];
    shownCount = 0;
    q = q.trim().slice(0, 200);
    if (!q) { status.textContent = 'Type words to search event texts, entities and ledes.'; return; }
    if (parseQuery(q).length === 0) { status.textContent = 'Only very common words in “' + q + '”; add a name or a rarer word.'; return; }
    status.textContent = 'Searching…';
    engine.search(q).then(function (r) {
      if (me !== current) return;
      hits = r.hits;
      var alike = r.words.filter(function (w) { return w.fuzzy; }).map(function (w) { return '“' + w.word + '”'; });
      status.textContent = hits.length + (hits.length === 1 ? ' event' : ' events') + ' for “' + q + '”' +
        (r.all ? '' : ' (not all words found in one event)') + (alike.length ? ' (with words spelt like ' + alike.join(', ') + ')' : '');
      return show(me);
    }).catch(fail);
  }
  more.addEventListener('click', function () { show(current).catch(fail); });
  var q0 = new URLSearchParams(location.search).get('q') || '';
  input.value = q0;
  run(q0);
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var v = input.value;
    try { history.replaceState(null, '', '?q=' + encodeURIComponent(v)); } catch (e) { /* file:// may refuse */ }
    run(v);
  });
})(globalThis);
`;
