import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileInputs, listInputFiles } from '../../src/ingest/files.ts';
import { ingestDays } from '../../src/ingest/pipeline.ts';
import { enrichedEventPages } from '../../src/publish/engine/site.ts';
import { searchScript } from '../../src/publish/search/client.ts';
import { type OfflineSearch, offlineSearch } from '../../src/publish/search/engine.ts';
import { searchFiles } from '../../src/publish/search/index.ts';
import { writeArticle } from '../../src/store/articles.ts';
import { readEvents } from '../../src/store/events.ts';
import { openStore, type Store } from '../../src/store/open.ts';
import { searchEvents } from '../../src/store/search.ts';
import { AP_LEDE, AP_URL } from '../fixtures/ap.ts';
import { WIKITEXT_DIR } from '../fixtures/real-data.ts';

/**
 * Real queries over the 25 real days: words common and rare, names, entity titles, prefixes,
 * quoted phrases, typos, punctuation inside a word, and words that find nothing.
 */
const QUERIES = [
  'de Mistura',
  'Syria',
  'syr*',
  '"peace talks"',
  'Mistrua',
  'Aleppo',
  'Aleppoo',
  'Kyrgyzstan',
  'Kyrgystan',
  'killed',
  'earthquake',
  'United Nations Security Council',
  '"United Nations Security Council"',
  'Bashar al-Assad',
  'Obama',
  'Trump',
  'election',
  'elect*',
  'refugees Europe',
  'Russia Ukraine',
  '"Islamic State"',
  'Mosul',
  'Médecins Sans Frontières',
  'the war in Syria',
  'presid* Philippines',
  'Zika virus',
  'sputtered',
  'zzyzxqk',
] as const;

/** How many results both must list identically, in order. */
const TOP = 10;

describe('the offline page and /api/search give the same results in the same order', () => {
  let dir: string;
  let store: Store;
  let page: OfflineSearch;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'currents-parity-'));
    store = openStore(join(dir, 'currents.db'));
    await ingestDays(store.db, fileInputs(listInputFiles([WIKITEXT_DIR])), {
      now: () => '2026-01-01T00:00:00Z',
    });
    writeArticle(store.db, {
      url: AP_URL,
      outcome: 'ok',
      reason: null,
      finalUrl: AP_URL,
      archiveUrl: null,
      title: null,
      siteName: 'AP',
      publishedTime: null,
      canonicalUrl: null,
      lang: 'en',
      byline: null,
      lede: AP_LEDE,
      excerpt: null,
      charset: 'utf-8',
      enrichedAt: '2026-01-01T00:00:00Z',
    });
    const files = new Map(searchFiles(enrichedEventPages(store.db, readEvents(store.db))));
    page = offlineSearch((f) => files.get(f), { script: searchScript() });
  });
  after(() => {
    store.db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The page's results: count, and the first TOP as "date text" with scores. */
  async function offline(q: string): Promise<{ total: number; top: string[]; typos: string[] }> {
    const r = await page.search(q);
    const docs = await page.docs(r.hits.slice(0, TOP), r);
    return {
      total: r.hits.length,
      top: docs.map((d, i) => `${d.date} ${r.hits[i]?.score} ${d.text}`),
      typos: r.typos,
    };
  }

  function api(q: string): { total: number; top: string[]; typos: string[] } {
    const r = searchEvents(store.db, q, { limit: TOP, offset: 0 });
    return { total: r.total, top: r.hits.map((h) => `${h.date} ${h.score} ${h.text}`), typos: r.typos };
  }

  for (const q of QUERIES)
    test(`${q}: the same events, the same scores, the first ${TOP} in the same order`, async () => {
      assert.deepEqual(await offline(q), api(q));
    });

  test('the queries are not trivial: most find several events, and "de Mistura" ranks 2016-04-28 first', async () => {
    let several = 0;
    for (const q of QUERIES) if (api(q).total >= 3) several++;
    assert.ok(several >= 20, `${several} queries find three events or more`);
    const [first] = (await offline('de Mistura')).top;
    assert.match(first ?? '', /^2016-04-28 [\d.]+ United Nations envoy for Syria Staffan de Mistura appeals/);
  });
});
