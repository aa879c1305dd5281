import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { ingestDays } from '../ingest/pipeline.ts';
import { writeArticle } from './articles.ts';
import { openStore, type Store } from './open.ts';
import { pendingSearch, rebuildSearch, searchEvents, syncSearch } from './search.ts';

const DAYS = new URL('../../../shared/data/wcep-wikitext/', import.meta.url);
const day = (date: string) => ({
  origin: `${date}.wiki`,
  bytes: readFileSync(new URL(`${date}.wiki`, DAYS)),
  dateHint: date,
});

describe('search index over the real days', () => {
  let dir: string;
  let store: Store;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'currents-search-'));
    store = openStore(join(dir, 'c.db'));
    await ingestDays(store.db, ['2016-04-28', '2016-04-21', '2015-10-27'].map(day));
  });
  after(() => {
    store.db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('an ingest notes its events as pending; a sync indexes exactly them', async () => {
    const events = Number(store.db.prepare('SELECT count(*) AS n FROM events').get()?.['n']);
    assert.equal(pendingSearch(store.db), events);
    assert.equal(syncSearch(store.db), events);
    assert.equal(pendingSearch(store.db), 0);
    assert.equal(syncSearch(store.db), 0);
    await ingestDays(store.db, [day('2016-04-16')]);
    const added = Number(
      store.db.prepare("SELECT count(*) AS n FROM events WHERE date = '2016-04-16'").get()?.['n'],
    );
    assert.equal(pendingSearch(store.db), added);
  });

  test('finds the de Mistura events, with the matched words highlighted', () => {
    const page = searchEvents(store.db, 'de Mistura', { limit: 10, offset: 0 });
    assert.deepEqual(page.hits.map((h) => h.date).sort(), [
      '2015-10-27',
      '2016-04-16',
      '2016-04-21',
      '2016-04-28',
    ]);
    assert.equal(page.total, 4);
    assert.equal(pendingSearch(store.db), 0);
    for (const hit of page.hits) {
      assert.deepEqual(
        hit.snippet.filter((p) => p.match).map((p) => p.text),
        ['de', 'Mistura'],
      );
    }
  });

  test('runs the search language in FTS5: every piece quoted, phrases as their pairs, prefixes with *', () => {
    const expr = (q: string) => searchEvents(store.db, q, { limit: 1, offset: 0 }).expression;
    assert.equal(expr('de Mistura OR NOT peace'), '"de" "mistura" "not" "peace"');
    assert.equal(expr('"peace talks" syr*'), '"peace talks" "syr"*');
    assert.equal(expr('"war in Syria" al-Assad'), '"war in" "in syria" "al assad"');
    assert.equal(expr('NEAR(a b) col:x -y ^z'), '"near a" "col x"');
    assert.equal(expr('the of ""  ***'), '');
  });

  test('"syr*" finds every event with a word starting with syr; "Syria" alone finds fewer', () => {
    const prefix = searchEvents(store.db, 'syr*', { limit: 100, offset: 0 });
    const word = searchEvents(store.db, 'Syria', { limit: 100, offset: 0 });
    assert.ok(prefix.total >= word.total && word.total > 0, `${prefix.total} ${word.total}`);
    const ids = new Set(prefix.hits.map((h) => h.id));
    assert.ok(word.hits.every((h) => ids.has(h.id)));
  });

  test('a word that occurs nowhere matches the words a typo away: "Mistrua" finds the de Mistura events', () => {
    const typo = searchEvents(store.db, 'Mistrua', { limit: 10, offset: 0 });
    const right = searchEvents(store.db, 'Mistura', { limit: 10, offset: 0 });
    assert.deepEqual(typo.typos, ['mistura']);
    assert.equal(typo.expression, '"mistura"');
    assert.deepEqual(
      typo.hits.map((h) => h.id),
      right.hits.map((h) => h.id),
    );
    assert.ok(typo.hits.every((h, i) => h.score < (right.hits[i]?.score ?? 0)));
    assert.deepEqual(
      typo.hits[0]?.snippet.filter((p) => p.match).map((p) => p.text),
      ['Mistura'],
    );
    assert.equal(searchEvents(store.db, 'Syira', { limit: 10, offset: 0 }).total, 0);
  });

  test('folds accents: "medecins" finds Médecins Sans Frontières', () => {
    const page = searchEvents(store.db, 'medecins', { limit: 5, offset: 0 });
    assert.ok(page.hits.some((h) => h.text.startsWith('Médecins Sans Frontières claims')));
    for (const hit of page.hits) {
      assert.deepEqual(
        hit.snippet.filter((p) => p.match).map((p) => p.text),
        ['Médecins'],
      );
    }
  });

  test('searches context entities: an event found by its storyline entity', () => {
    const page = searchEvents(store.db, '"Syrian peace process"', { limit: 50, offset: 0 });
    const hit = page.hits.find((h) => h.text.startsWith('United Nations envoy for Syria Staffan de Mistura'));
    assert.ok(hit, 'the 2016-04-28 event is found through its storyline entity');
    assert.doesNotMatch(hit.text, /Syrian peace process/);
  });

  test('a lede written by enrichment becomes searchable at once (trigger), and a re-ingest keeps it', async () => {
    assert.equal(searchEvents(store.db, 'sputtered', { limit: 5, offset: 0 }).total, 0);
    const url =
      'http://bigstory.ap.org/article/7da077a315944fdfbc31b377a380046e/un-envoy-appeals-us-russia-help-syria-peace-talks';
    writeArticle(store.db, {
      url,
      outcome: 'ok',
      reason: null,
      finalUrl: url,
      archiveUrl: null,
      title: null,
      siteName: 'AP',
      publishedTime: null,
      canonicalUrl: null,
      lang: 'en',
      byline: null,
      lede: 'GENEVA (AP) — The U.N. envoy for Syria appealed to the U.S. and Russia to intervene to help revive Syrian peace talks that sputtered to a pause Wednesday',
      excerpt: null,
      charset: null,
      enrichedAt: '2026-01-01T00:00:00Z',
    });
    const hits = searchEvents(store.db, 'sputtered', { limit: 5, offset: 0 }).hits;
    assert.deepEqual(
      hits.map((h) => h.id),
      ['20160428-b05e633a3066'],
    );
    assert.deepEqual(
      hits[0]?.snippet.filter((p) => p.match).map((p) => p.text),
      ['sputtered'],
    );
    // Changing the day's bytes replaces its events; the index follows.
    const changed = readFileSync(new URL('2016-04-28.wiki', DAYS), 'utf8').replace(
      'appeals to the [[United States]]',
      'appeals urgently to the [[United States]]',
    );
    await ingestDays(store.db, [
      { origin: 'x.wiki', bytes: new TextEncoder().encode(changed), dateHint: '2016-04-28' },
    ]);
    assert.equal(
      searchEvents(store.db, 'sputtered', { limit: 5, offset: 0 }).hits[0]?.text.includes('urgently'),
      true,
    );
    assert.equal(searchEvents(store.db, 'urgently', { limit: 5, offset: 0 }).total, 1);
    const indexed = Number(store.db.prepare('SELECT count(*) AS n FROM event_search').get()?.['n']);
    const events = Number(store.db.prepare('SELECT count(*) AS n FROM events').get()?.['n']);
    assert.equal(indexed, events);
  });

  test('regression: re-ingesting a day whose events moved (an upsert) does not fail on search_dirty', async () => {
    // Dropping the day's first bullet moves every other event up: same ids, new positions, so
    // writeDay upserts them; OR IGNORE in the triggers was overridden by the upsert's ABORT.
    const text = readFileSync(new URL('2016-04-21.wiki', DAYS), 'utf8');
    const lines = text.split('\n');
    const first = lines.findIndex((l) => l.startsWith('**') || (l.startsWith('*') && l.includes('[http')));
    lines.splice(first, 1);
    const report = await ingestDays(store.db, [
      { origin: 'moved.wiki', bytes: new TextEncoder().encode(lines.join('\n')), dateHint: '2016-04-21' },
    ]);
    assert.deepEqual(report.failed, []);
    assert.ok(pendingSearch(store.db) > 0);
    syncSearch(store.db);
    const indexed = Number(store.db.prepare('SELECT count(*) AS n FROM event_search').get()?.['n']);
    assert.equal(indexed, Number(store.db.prepare('SELECT count(*) AS n FROM events').get()?.['n']));
  });

  test('rebuildSearch gives the same answers as the triggers', () => {
    const before = searchEvents(store.db, 'Syria', { limit: 50, offset: 0 });
    assert.equal(
      rebuildSearch(store.db),
      Number(store.db.prepare('SELECT count(*) AS n FROM events').get()?.['n']),
    );
    assert.deepEqual(searchEvents(store.db, 'Syria', { limit: 50, offset: 0 }), before);
  });

  test('the stored weights give the answers that weighing the rows gives (a store without the table)', () => {
    const queries = ['Syria', 'syr*', '"peace talks"', 'Mistrua', 'de Mistura', 'al-Assad'];
    const stored = queries.map((q) => searchEvents(store.db, q, { limit: 50, offset: 0 }));
    const weights = store.db.prepare('SELECT weights FROM search_weights ORDER BY rowid LIMIT 1').get()?.[
      'weights'
    ];
    assert.match(String(weights), /^ (\S+:\d+ )+$/);
    store.db.exec('BEGIN; DROP TABLE search_weights');
    try {
      assert.deepEqual(
        queries.map((q) => searchEvents(store.db, q, { limit: 50, offset: 0, sync: false })),
        stored,
      );
    } finally {
      store.db.exec('ROLLBACK');
    }
    assert.ok(stored.filter((p) => p.hits.length > 0).length >= 5);
  });

  test('regression: every hit is a different event (FTS5 ignored a rowid bound as REAL and repeated one hit)', () => {
    const page = searchEvents(store.db, 'Syria', { limit: 100, offset: 0 });
    assert.equal(new Set(page.hits.map((h) => h.id)).size, page.hits.length);
    assert.equal(page.hits.length, page.total);
  });

  test('a broad query ranks only the most recently stored matches, and says how many', () => {
    const all = searchEvents(store.db, 'Syria', { limit: 100, offset: 0 });
    const capped = searchEvents(store.db, 'Syria', { limit: 100, offset: 0, maxRanked: 3 });
    assert.equal(capped.total, all.total);
    assert.equal(capped.ranked, 3);
    const newest = store.db
      .prepare(
        'SELECT event_id FROM event_search WHERE event_search MATCH \'"Syria"\' ORDER BY rowid DESC LIMIT 3',
      )
      .all()
      .map((r) => String(r['event_id']));
    assert.deepEqual(capped.hits.map((h) => h.id).sort(), newest.sort());
    assert.equal(searchEvents(store.db, 'Syria', { limit: 10, offset: 3, maxRanked: 3 }).hits.length, 0);
  });

  test('pages do not overlap and follow the ranking', () => {
    const all = searchEvents(store.db, 'Syria', { limit: 100, offset: 0 });
    const first = searchEvents(store.db, 'Syria', { limit: 3, offset: 0 });
    const second = searchEvents(store.db, 'Syria', { limit: 3, offset: 3 });
    assert.deepEqual(
      [...first.hits, ...second.hits].map((h) => h.id),
      all.hits.slice(0, 6).map((h) => h.id),
    );
    assert.equal(searchEvents(store.db, 'Syria', { limit: 3, offset: all.total }).hits.length, 0);
  });

  test('a search does not wait for a writer: it answers from the index as it is', async () => {
    store.db.exec("UPDATE events SET text = text || ' Quuxword' WHERE date = '2015-10-27'");
    const writer = new DatabaseSync(join(dir, 'c.db'), { timeout: 10_000 });
    try {
      writer.exec('BEGIN IMMEDIATE');
      writer.exec("UPDATE events SET text = text || ' Blorpword' WHERE date = '2015-10-27'");
      const started = performance.now();
      assert.equal(syncSearch(store.db, { wait: false }), -1);
      assert.equal(searchEvents(store.db, 'Syria', { limit: 1, offset: 0 }).hits.length, 1);
      assert.equal(searchEvents(store.db, 'quuxword', { limit: 1, offset: 0 }).total, 0);
      assert.ok(performance.now() - started < 1_000);
      writer.exec('COMMIT');
    } finally {
      writer.close();
    }
    assert.equal(
      searchEvents(store.db, 'quuxword blorpword', { limit: 5, offset: 0 }).hits[0]?.date,
      '2015-10-27',
    );
  });

  test('a read-only connection finds events changed since the last sync without writing the store', () => {
    const reader = new DatabaseSync(join(dir, 'c.db'), { readOnly: true });
    const n = Number(
      store.db.prepare("SELECT count(*) AS n FROM events WHERE date = '2016-04-21'").get()?.['n'],
    );
    try {
      store.db.exec("UPDATE events SET text = text || ' Frobword' WHERE date = '2016-04-21'");
      const page = searchEvents(reader, 'frobword', { limit: 5, offset: 0 });
      assert.equal(page.total, n);
      assert.ok(page.hits.every((h) => h.date === '2016-04-21' && h.text.endsWith(' Frobword')));
      assert.equal(pendingSearch(reader) > 0, true);
    } finally {
      reader.close();
    }
    assert.equal(searchEvents(store.db, 'frobword', { limit: 5, offset: 0 }).total, n);
  });

  test('regression: "de Mistura" ranks the 2016-04-28 event first (bm25 normalised by the whole row, ledes included, put it 4th)', () => {
    assert.equal(
      searchEvents(store.db, 'sputtered', { limit: 1, offset: 0 }).total,
      1,
      'its lede is indexed',
    );
    const page = searchEvents(store.db, 'de Mistura', { limit: 10, offset: 0 });
    assert.match(page.hits[0]?.text ?? '', /^United Nations envoy for Syria Staffan de Mistura appeals/);
    assert.equal(page.hits[0]?.date, '2016-04-28');
    const scores = page.hits.map((h) => h.score);
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
    );
  });

  test('property: no typed query makes SQLite throw', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80, unit: 'binary' }), (q) => {
        const page = searchEvents(store.db, q, { limit: 5, offset: 0 });
        assert.ok(page.total >= page.hits.length);
      }),
      { numRuns: 500 },
    );
    for (const q of [
      '"',
      '""',
      '*',
      'a*b*',
      'NEAR(',
      '(',
      ')',
      'AND',
      '^',
      ':',
      '-',
      '+',
      '\u0000',
      '\u0002x\u0003',
    ]) {
      searchEvents(store.db, q, { limit: 5, offset: 0 });
    }
  });
});
