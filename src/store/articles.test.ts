import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { benchmarkPages } from '../../test/enrich/article-benchmark.ts';
import { extractPage } from '../enrich/page.ts';
import { type ArticleRecord, readArticles, readArticleText, writeArticle } from './articles.ts';
import { openStore } from './open.ts';

function record(url: string, fields: Partial<ArticleRecord>): ArticleRecord {
  return {
    url,
    outcome: 'ok',
    reason: null,
    finalUrl: url,
    archiveUrl: null,
    title: null,
    siteName: null,
    publishedTime: null,
    canonicalUrl: null,
    lang: null,
    byline: null,
    lede: null,
    excerpt: null,
    charset: null,
    enrichedAt: '2026-12-03T00:00:00.000Z',
    ...fields,
  };
}

test('stores the article body extracted from a real page and reads it back byte for byte', () => {
  const dir = mkdtempSync(join(tmpdir(), 'currents-articles-'));
  try {
    const page = benchmarkPages()[0];
    assert.ok(page);
    const fields = extractPage(page.bytes, { url: page.url });
    assert.ok(fields.text?.startsWith('Gaming used to be so simple.'));
    const file = join(dir, 'c.db');
    const store = openStore(file);
    writeArticle(store.db, record(page.url, fields));
    store.db.close();
    const again = openStore(file, { readonly: true });
    assert.equal(readArticleText(again.db, page.url), fields.text);
    assert.equal(readArticles(again.db, [page.url]).get(page.url)?.lede, fields.lede);
    again.db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a record written without a body (an older writer, a dead page) reads as null text', () => {
  const store = openStore(':memory:');
  writeArticle(store.db, record('https://news.example/a', { outcome: 'dead' }));
  assert.equal(readArticleText(store.db, 'https://news.example/a'), null);
  assert.equal(readArticleText(store.db, 'https://news.example/never'), null);
  store.db.close();
});
