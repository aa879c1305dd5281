import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { AP_LEDE, type SiteFixture, siteFixture } from '../../../test/site/_site.ts';
import { readSiteModel } from '../markdown/build.ts';
import type { EventPageModel } from '../model.ts';
import { SLUG_CHARS, slugify } from '../slug.ts';
import { tokenize } from './_tokens.ts';
import { encodeNumbers } from './_varint.ts';
import { SEARCH_SCRIPT } from './client.ts';
import { type OfflineSearch, offlineSearch } from './engine.ts';
import {
  SEARCH_DIR,
  SEARCH_ENTRY_FILE,
  SEARCH_INDEX_VERSION,
  SHOWN_CHARS,
  searchEntryFile,
  searchFiles,
  searchYearFiles,
} from './index.ts';

/** The page script's own functions, run in a node:vm context. */
function client(): {
  tokenize(s: string): string[];
  slugify(s: string): string;
  decode(s: string): number[];
} {
  const g: Record<string, unknown> = {};
  g['globalThis'] = g;
  runInNewContext(SEARCH_SCRIPT, g);
  return g['CurrentsSearch'] as ReturnType<typeof client>;
}

const fields = (e: EventPageModel) => [e.text, e.context.join(' '), e.excerpt ?? ''];

describe('the offline search index over the real days', () => {
  let f: SiteFixture;
  let events: EventPageModel[];
  let files: Map<string, string>;
  let search: OfflineSearch;
  /** Events whose text, entities or lede hold a word (the index's tokenizer). */
  let df: Map<string, Set<EventPageModel>>;

  before(async () => {
    f = await siteFixture();
    events = readSiteModel(f.store.db).events;
    files = new Map(searchFiles(events));
    search = offlineSearch((file) => files.get(file));
    df = new Map();
    for (const e of events)
      for (const t of new Set(fields(e).flatMap(tokenize))) {
        const set = df.get(t) ?? new Set();
        df.set(t, set.add(e));
      }
  });
  after(() => f.dispose());

  /** The events a query finds, as (date, slug) keys, with the engine's own documents. */
  async function found(q: string): Promise<{ keys: string[]; all: boolean }> {
    const r = await search.search(q);
    const docs = await search.docs(r.hits);
    return { keys: docs.map((d) => `${d.date} ${d.slug}`), all: r.all };
  }
  const key = (e: EventPageModel) => `${e.date} ${e.slug}`;

  test('the real days index every event, in per-year folders with an entry file naming each year', () => {
    const years = [...new Set(events.map((e) => e.date.slice(0, 4)))].sort();
    assert.deepEqual(years, ['2015', '2016']);
    for (const file of files.keys())
      assert.match(file, /^assets\/search\/(entry\.js|\d{4}\/(meta|t\d+|d\d+)\.js)$/, file);
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
      // A trailing space: the whole word, not a prefix.
      const { keys } = await found(`${rarest} `);
      assert.ok(keys.includes(key(e)), `${rarest} → ${e.text}`);
      assert.deepEqual(new Set(keys), new Set([...(df.get(rarest) ?? [])].map(key)), rarest);
    }
  });

  test('every event is found by the title of each of its context entities', async () => {
    let checked = 0;
    for (const e of events)
      for (const entity of e.context) {
        if (tokenize(entity).length === 0) continue;
        const { keys, all } = await found(`${entity} `);
        assert.ok(all && keys.includes(key(e)), `${entity} → ${e.text}`);
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
      const { keys } = await found(`${rarest} `);
      assert.ok(keys.includes(key(e)), `${rarest} → ${e.text}`);
    }
    assert.deepEqual((await found('sputtered ')).keys, [
      '2016-04-28 united-nations-envoy-for-syria-staffan-de-mistura-appeals-to-the-united-states-and-russia-to-intervene-to-help-revive-the-failing-syrian-pea',
    ]);
  });

  test('"de Mistura" ranks the 2016-04-28 event first; "mistu" finds it as a prefix; "Mistura " does not expand', async () => {
    const first = (await found('de Mistura')).keys[0];
    assert.equal(first?.slice(0, 60), '2016-04-28 united-nations-envoy-for-syria-staffan-de-mistura');
    assert.ok((await found('mistu')).keys.includes(first ?? ''));
    assert.deepEqual((await found('mistu ')).keys, []);
    assert.equal((await search.search('Mistura')).words[0]?.prefix, true);
    assert.equal((await search.search('Mistura ')).words[0]?.prefix, false);
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
    assert.deepEqual(new Set((await found(p)).keys), expected);
    assert.ok(expected.size > 1, p);
  });

  test('a long word with a typo finds the words a typo away ("Mistrua", "Aleppoo"), a right one does not', async () => {
    const deMistura = (await found('de Mistura')).keys[0] ?? '';
    const typo = await search.search('Mistrua ');
    assert.deepEqual(typo.words, [{ word: 'mistrua', prefix: false, fuzzy: true }]);
    assert.deepEqual(new Set((await found('Mistrua ')).keys), new Set((await found('Mistura ')).keys));
    assert.ok((await found('Mistrua ')).keys.includes(deMistura));
    assert.deepEqual(new Set((await found('Aleppoo ')).keys), new Set((await found('Aleppo ')).keys));
    assert.deepEqual((await search.search('Mistura ')).words, [{ word: 'mistura', prefix: false }]);
    // A swap of two neighbours is one edit; under eight letters two edits are too many; under five, none.
    assert.deepEqual(new Set((await found('Syira ')).keys), new Set((await found('Syria ')).keys));
    assert.deepEqual((await found('Alepxx ')).keys, []);
    assert.deepEqual((await found('Syri ')).keys, []);
  });

  test('a long query looks up its first eight words, the last of them not as a prefix', async () => {
    const q = 'Syria Aleppo Geneva talks envoy Mistura Staffan peace Russia United States';
    const r = await search.search(q);
    assert.deepEqual(
      r.words.map((w) => w.word),
      ['syria', 'aleppo', 'geneva', 'talks', 'envoy', 'mistura', 'staffan', 'peace'],
    );
    assert.ok(r.words.every((w) => !w.prefix));
  });

  test('when no event has every word, events with some of them are returned, and said so', async () => {
    const r = await found('Mistura zzyzxqk');
    assert.equal(r.all, false);
    assert.deepEqual(new Set(r.keys), new Set([...(df.get('mistura') ?? [])].map(key)));
    assert.deepEqual(await search.search('the of and'), { words: [], hits: [], all: true });
  });

  test('the page script tokenizes and slugs every real text as the builder does', () => {
    const c = client();
    for (const e of events) {
      for (const s of fields(e)) assert.deepEqual([...c.tokenize(s)], tokenize(s));
      assert.equal(c.slugify(e.text), slugify(e.text));
    }
    assert.ok(SHOWN_CHARS - 1 > SLUG_CHARS, 'the shown text holds every character of the slug');
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
      offlineSearch((file) => mixed.get(file)).search('Aleppo'),
      /2016\/t\d+ is from another build of the site than its year; reload the page/,
    );
    const docsMixed = new Map(
      [...rebuilt]
        .filter(([f]) => !f.includes('/d'))
        .concat([...files].filter(([f]) => !f.startsWith(`${SEARCH_DIR}2016/`) || f.includes('/d'))),
    );
    const s = offlineSearch((file) => docsMixed.get(file));
    const hits = (await s.search('Aleppo')).hits.filter((h) => h.year === '2016');
    assert.ok(hits.length > 0);
    await assert.rejects(s.docs(hits), /2016\/d\d+ is from another build/);
  });

  test('files of another version are refused with a message that says to rebuild', async () => {
    const old = new Map(files);
    old.set(
      SEARCH_ENTRY_FILE,
      searchEntryFile(new Map([['2016', 1]]))[1].replace(`"v":${SEARCH_INDEX_VERSION}`, '"v":1'),
    );
    assert.throws(
      () => offlineSearch((file) => old.get(file)),
      /another version; rebuild the site with currents build/,
    );
    const meta = `${SEARCH_DIR}2016/meta.js`;
    old.set(SEARCH_ENTRY_FILE, files.get(SEARCH_ENTRY_FILE) ?? '');
    old.set(meta, (files.get(meta) ?? '').replace(`"v":${SEARCH_INDEX_VERSION}`, '"v":99'));
    await assert.rejects(
      offlineSearch((file) => old.get(file)).search('Syria'),
      /2016\/meta has another version/,
    );
  });
});

describe('posting lists', () => {
  test('the page script decodes what the builder encodes', () => {
    const c = client();
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 2 ** 40 })), (ns) => {
        assert.deepEqual([...c.decode(encodeNumbers(ns))], ns);
      }),
    );
    assert.equal(encodeNumbers([0, 31, 32, 1025]), '0vB0BA1');
  });
});
