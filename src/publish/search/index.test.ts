import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runInNewContext, Script } from 'node:vm';
import fc from 'fast-check';
import { AP_LEDE } from '../../../test/fixtures/ap.ts';
import { type SiteFixture, siteFixture } from '../../../test/fixtures/site.ts';
import { allTokens, tokenize } from '../../model/search/tokens.ts';
import { readEvents } from '../../store/events.ts';
import { enrichedEventPages } from '../engine/site.ts';
import type { EventPageModel } from '../model.ts';
import { decodeNumbers, encodeNumbers } from './_varint.ts';
import { searchScript } from './client.ts';
import { type OfflineSearch, offlineSearch } from './engine.ts';
import { SEARCH_DIR, SEARCH_ENTRY_FILE, SEARCH_INDEX_VERSION } from './format.ts';
import { searchEntryFile, searchFiles, searchYearFiles } from './index.ts';

const fields = (e: EventPageModel) => [e.text, e.context.join(' '), e.excerpt ?? ''];
const SCRIPT = searchScript();

describe('the offline search index over the real days', () => {
  let f: SiteFixture;
  let events: EventPageModel[];
  let files: Map<string, string>;
  let search: OfflineSearch;
  /** Events whose text, entities or lede hold a word (the index's tokenizer). */
  let df: Map<string, Set<EventPageModel>>;

  before(async () => {
    f = await siteFixture();
    events = enrichedEventPages(f.store.db, readEvents(f.store.db));
    files = new Map(searchFiles(events));
    search = offlineSearch((file) => files.get(file), { script: SCRIPT });
    df = new Map();
    for (const e of events)
      for (const t of new Set(fields(e).flatMap(tokenize))) {
        const set = df.get(t) ?? new Set();
        df.set(t, set.add(e));
      }
  });
  after(() => f.dispose());

  /** The events a query finds, as (date, slug) keys, with the engine's own documents. */
  async function found(q: string): Promise<{ keys: string[] }> {
    const r = await search.search(q);
    const docs = await search.docs(r.hits, r);
    return { keys: docs.map((d) => `${d.date} ${d.slug}`) };
  }
  const key = (e: EventPageModel) => `${e.date} ${e.slug}`;

  test('the real days index every event, in per-year folders with an entry file naming each year', () => {
    const years = [...new Set(events.map((e) => e.date.slice(0, 4)))].sort();
    assert.deepEqual(years, ['2015', '2016']);
    for (const file of files.keys())
      assert.match(file, /^assets\/search\/(entry\.js|\d{4}\/(meta|pairs|t\d+|q\d+|d\d+)\.js)$/, file);
    assert.equal(
      files.get(SEARCH_ENTRY_FILE),
      `globalThis.CURRENTS_SEARCH_ENTRY = ${JSON.stringify({
        v: SEARCH_INDEX_VERSION,
        years: years.map((y) => [y, events.filter((e) => e.date.startsWith(y)).length]),
      })};\n`,
    );
  });

  test('every event is found by the rarest word of its text, and the word finds exactly the events holding it', async () => {
    for (const e of events) {
      const words = tokenize(e.text);
      assert.ok(words.length > 0, e.text);
      const rarest = words.reduce((a, b) => ((df.get(b)?.size ?? 0) < (df.get(a)?.size ?? 0) ? b : a));
      const { keys } = await found(rarest);
      assert.ok(keys.includes(key(e)), `${rarest} → ${e.text}`);
      assert.deepEqual(new Set(keys), new Set([...(df.get(rarest) ?? [])].map(key)), rarest);
    }
  });

  test('every event is found by the title of each of its context entities', async () => {
    let checked = 0;
    for (const e of events)
      for (const entity of e.context) {
        if (tokenize(entity).length === 0) continue;
        const { keys } = await found(entity);
        assert.ok(keys.includes(key(e)), `${entity} → ${e.text}`);
        checked++;
      }
    assert.ok(checked > 1500, `${checked} entity searches`);
  });

  test('an event is found by a word only its lede has (the AP lede of the de Mistura event)', async () => {
    const withLede = events.filter((e) => e.excerpt !== null);
    assert.ok(withLede.some((e) => AP_LEDE.startsWith(e.excerpt?.replace(/…$/, '') ?? '')));
    for (const e of withLede) {
      const own = tokenize(e.excerpt ?? '').filter(
        (t) => !tokenize(`${e.text} ${e.context.join(' ')}`).includes(t),
      );
      const rarest = own.reduce((a, b) => ((df.get(b)?.size ?? 0) < (df.get(a)?.size ?? 0) ? b : a));
      const { keys } = await found(rarest);
      assert.ok(keys.includes(key(e)), `${rarest} → ${e.text}`);
    }
    assert.deepEqual((await found('sputtered')).keys, [
      '2016-04-28 united-nations-envoy-for-syria-staffan-de-mistura-appeals-to-the-united-states-and-russia-to-intervene-to-help-revive-the-failing-syrian-pea',
    ]);
  });

  test('"de Mistura" ranks the 2016-04-28 event first; "mistu*" finds it as a prefix; "mistu" does not', async () => {
    const first = (await found('de Mistura')).keys[0];
    assert.equal(first?.slice(0, 60), '2016-04-28 united-nations-envoy-for-syria-staffan-de-mistura');
    assert.ok((await found('mistu*')).keys.includes(first ?? ''));
    assert.ok(!(await found('mistu')).keys.includes(first ?? ''));
    assert.deepEqual((await search.search('Mistura*')).terms, [{ kind: 'prefix', prefix: 'mistura' }]);
    assert.deepEqual((await search.search('Mistura')).terms, [{ kind: 'word', word: 'mistura' }]);
  });

  test('"syr*" finds every event holding a word that starts with syr', async () => {
    const expected = new Set(
      [...df].filter(([t]) => t.startsWith('syr')).flatMap(([, es]) => [...es].map(key)),
    );
    assert.ok(expected.size > 20, `${expected.size}`);
    assert.deepEqual(new Set((await found('syr*')).keys), expected);
  });

  test('a quoted phrase finds exactly the events holding each pair of its words next to each other in one field', async () => {
    for (const phrase of [
      'peace talks',
      'United Nations Security Council',
      'to the United States',
      'de Mistura',
    ]) {
      const want = allTokens(phrase);
      const holding = events.filter((e) =>
        want.slice(1).every((w, i) =>
          fields(e).some((f) => {
            const t = allTokens(f);
            return t.some((x, j) => x === want[i] && t[j + 1] === w);
          }),
        ),
      );
      assert.ok(holding.length > 0, phrase);
      const got = (await found(`"${phrase}"`)).keys;
      assert.deepEqual(
        new Set(got),
        new Set(holding.map(key)),
        `${phrase}: ${got.length} of ${holding.length}`,
      );
    }
    const loose = (await found('talks peace')).keys.length;
    assert.ok(loose > (await found('"peace talks"')).keys.length);
  });

  test('results are snippets of the text with the matched words marked', async () => {
    const r = await search.search('de Mistura');
    const [doc] = await search.docs(r.hits.slice(0, 1), r);
    assert.ok(doc);
    assert.deepEqual(
      doc.snippet.filter((p) => p.match).map((p) => p.text),
      ['de', 'Mistura'],
    );
    const shown = doc.snippet.map((p) => p.text).join('');
    assert.ok(
      doc.text.startsWith(shown.slice(0, -1)) && shown.endsWith('…') && shown.length < doc.text.length,
      shown,
    );
  });

  test('a prefix whose words span several term shards finds every event holding one of them', async () => {
    const metas = ['2015', '2016'].map((y) => {
      let bounds: string[] = [];
      runInNewContext(files.get(`${SEARCH_DIR}${y}/meta.js`) ?? '', {
        CURRENTS_SEARCH_LOAD: (_: string, d: { bounds: string }) => {
          bounds = d.bounds.split(' ');
        },
      });
      return bounds;
    });
    const shardOf = (bounds: string[], t: string) => bounds.filter((b) => b <= t).length - 1;
    const span = (p: string) => Math.max(...metas.map((b) => shardOf(b, `${p}\uffff`) - shardOf(b, p) + 1));
    const prefixes = [
      ...new Set([...df.keys()].filter((t) => t.length > 3).map((t) => t.slice(0, 3))),
    ].sort();
    const p = prefixes.find((x) => span(x) === 2 || span(x) === 3);
    assert.ok(p, 'a prefix spanning two or three shards');
    const expected = new Set([...df].filter(([t]) => t.startsWith(p)).flatMap(([, es]) => [...es].map(key)));
    assert.deepEqual(new Set((await found(`${p}*`)).keys), expected);
    assert.ok(expected.size > 1, p);
  });

  test('a long word with a typo finds the words a typo away ("Mistrua", "Aleppoo"), a right one does not', async () => {
    const deMistura = (await found('de Mistura')).keys[0] ?? '';
    const typo = await search.search('Mistrua');
    assert.deepEqual(typo.typos, ['mistura']);
    assert.deepEqual(new Set((await found('Mistrua')).keys), new Set((await found('Mistura')).keys));
    assert.ok((await found('Mistrua')).keys.includes(deMistura));
    assert.deepEqual(new Set((await found('Aleppoo')).keys), new Set((await found('Aleppo')).keys));
    assert.deepEqual((await search.search('Mistura')).typos, []);
    // A swap of two neighbours is one edit; under eight letters two edits are too many; under five, none;
    // the first three letters must be right.
    assert.deepEqual(new Set((await found('Syrai')).keys), new Set((await found('Syria')).keys));
    assert.deepEqual((await found('Alepxx')).keys, []);
    assert.deepEqual((await found('Syri')).keys, []);
    assert.deepEqual((await found('Syira')).keys, []);
  });

  test('a long query reads its first eight terms, and every term must match', async () => {
    const q = 'Syria Aleppo Geneva talks envoy Mistura Staffan peace Russia United States';
    const r = await search.search(q);
    assert.deepEqual(
      r.terms.map((t) => (t.kind === 'word' ? t.word : '')),
      ['syria', 'aleppo', 'geneva', 'talks', 'envoy', 'mistura', 'staffan', 'peace'],
    );
    assert.deepEqual((await found('Mistura zzyzxqk')).keys, []);
    assert.deepEqual(await search.search('the of and'), { terms: [], typos: [], hits: [] });
  });

  test('the built page script is plain JavaScript holding the shared modules, and it runs', () => {
    assert.doesNotThrow(() => new Script(SCRIPT));
    assert.doesNotMatch(SCRIPT, /^\s*(import|export|interface|type)\s/m);
    assert.doesNotMatch(
      SCRIPT,
      /\bsatisfies\b|\bas (string|number|const|unknown)\b|\): (string|number|void|boolean)\b/,
    );
    for (const file of [
      'src/model/search/tokens.ts',
      'src/model/search/query.ts',
      'src/publish/search/query-engine.ts',
    ])
      assert.ok(SCRIPT.includes(`// ${file}\n`), file);
    const g: Record<string, unknown> = {};
    g['globalThis'] = g;
    runInNewContext(SCRIPT, g);
    const api = g['CurrentsSearch'] as { tokenize(s: string): string[]; decodeNumbers(s: string): number[] };
    for (const e of events) for (const f of fields(e)) assert.deepEqual([...api.tokenize(f)], tokenize(f));
    assert.deepEqual([...api.decodeNumbers(encodeNumbers([0, 31, 32, 1025]))], [0, 31, 32, 1025]);
  });

  test('a year is a pure function of its events: order does not matter, another year is untouched', () => {
    const y2016 = events.filter((e) => e.date.startsWith('2016'));
    const once = new Map(searchYearFiles('2016', y2016));
    assert.deepEqual(new Map(searchYearFiles('2016', [...y2016].reverse())), once);
    for (const file of once.keys()) assert.ok(file.startsWith(`${SEARCH_DIR}2016/`), file);
    for (const [file, content] of once) assert.equal(files.get(file), content);
    assert.throws(
      () => [...searchYearFiles('2015', y2016)],
      /Cannot index search year 2015: event .* is dated 2016-/,
    );
  });

  test('a shard from another build of its year (a cached file) is refused, not used', async () => {
    const y2016 = events.filter((e) => e.date.startsWith('2016'));
    const edited = [
      { ...(y2016[0] as EventPageModel), text: `${y2016[0]?.text} (reworded)` },
      ...y2016.slice(1),
    ];
    const rebuilt = new Map(searchYearFiles('2016', edited));
    const meta = `${SEARCH_DIR}2016/meta.js`;
    assert.notEqual(rebuilt.get(meta), files.get(meta));
    const mixed = new Map([...files, [meta, rebuilt.get(meta) ?? '']]);
    await assert.rejects(
      offlineSearch((file) => mixed.get(file), { script: SCRIPT }).search('Aleppo'),
      /2016\/t\d+ is from another build of the site than its year; reload the page/,
    );
    const docsMixed = new Map(
      [...rebuilt]
        .filter(([f]) => !f.includes('/d'))
        .concat([...files].filter(([f]) => !f.startsWith(`${SEARCH_DIR}2016/`) || f.includes('/d'))),
    );
    const s = offlineSearch((file) => docsMixed.get(file), { script: SCRIPT });
    const r = await s.search('Aleppo');
    const hits = r.hits.filter((h) => h.year === '2016');
    assert.ok(hits.length > 0);
    await assert.rejects(s.docs(hits, r), /2016\/d\d+ is from another build/);
  });

  test('files of another version are refused with a message that says to rebuild', async () => {
    const old = new Map(files);
    old.set(
      SEARCH_ENTRY_FILE,
      searchEntryFile(new Map([['2016', 1]]))[1].replace(`"v":${SEARCH_INDEX_VERSION}`, '"v":1'),
    );
    assert.throws(
      () => offlineSearch((file) => old.get(file), { script: SCRIPT }),
      /another version; rebuild the site with currents build/,
    );
    const meta = `${SEARCH_DIR}2016/meta.js`;
    old.set(SEARCH_ENTRY_FILE, files.get(SEARCH_ENTRY_FILE) ?? '');
    old.set(meta, (files.get(meta) ?? '').replace(`"v":${SEARCH_INDEX_VERSION}`, '"v":99'));
    await assert.rejects(
      offlineSearch((file) => old.get(file), { script: SCRIPT }).search('Syria'),
      /2016\/meta has another version/,
    );
  });
});

describe('posting lists', () => {
  test('decodeNumbers reads what encodeNumbers writes', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 2 ** 40 })), (ns) => {
        assert.deepEqual(decodeNumbers(encodeNumbers(ns)), ns);
      }),
    );
    assert.equal(encodeNumbers([0, 31, 32, 1025]), '0vB0BA1');
    assert.throws(() => decodeNumbers('0!'), /malformed posting list/);
  });
});
