import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { goldPages } from '../../test/enrich/gold.ts';
import { createBoundedExtractor, extractBounded } from './boundedExtract.ts';
import { extractPage } from './page.ts';

const PAGES = goldPages();
/** The hostile page of the report: about 1 KB gzipped, 1 MB of unclosed `<b>`. */
const nested = (times: number): Buffer => Buffer.from(`<html><body>${'<b>'.repeat(333333 * times)}<p>x</p>`);

describe('extraction bounded in a worker', () => {
  const extractor = createBoundedExtractor();
  after(() => extractor.close());

  test('regression: a 1 KB page freezes enrich — the 1 MB and 4 MB nested pages end failed in under 2 s each', async () => {
    // Warm the worker first: what is bounded is the page, not the worker's start.
    assert.equal(
      (await extractor.extract(PAGES[0]?.bytes ?? new Uint8Array(), { url: 'https://x.org/' })).status,
      'ok',
    );
    for (const times of [1, 4]) {
      const started = performance.now();
      const out = await extractor.extract(nested(times), { url: 'https://example.org/hostile' });
      const ms = performance.now() - started;
      assert.deepEqual(out, {
        status: 'failed',
        reason: 'page refused: elements nested more than 500 deep (at byte 1506)',
      });
      assert.ok(ms < 2000, `${times} MB nested page took ${ms.toFixed(0)} ms`);
    }
  });

  test('extracts every real article page in the worker exactly as on the main thread', async () => {
    for (const page of PAGES) {
      const out = await extractor.extract(page.bytes, { url: page.url });
      assert.deepEqual(out, { status: 'ok', fields: extractPage(page.bytes, { url: page.url }) }, page.id);
    }
  });

  test('refuses 100k nested elements and a 100 MB page within a second each', async () => {
    const deep = Buffer.from(`<html><body>${'<div>'.repeat(100_000)}x`);
    let started = performance.now();
    assert.deepEqual(await extractor.extract(deep, { url: 'https://example.org/deep' }), {
      status: 'failed',
      reason: 'page refused: elements nested more than 500 deep (at byte 2502)',
    });
    assert.ok(performance.now() - started < 1000);
    const huge = Buffer.alloc(100 * 1024 * 1024, 0x61);
    started = performance.now();
    assert.deepEqual(await extractor.extract(huge, { url: 'https://example.org/huge' }), {
      status: 'failed',
      reason: `page of ${100 * 1024 * 1024} bytes refused (limit ${10 * 1024 * 1024})`,
    });
    assert.ok(performance.now() - started < 1000);
  });

  test('parses a page with more tags than any real page only up to the limit, in bounded time', async () => {
    // 99,000 flat elements took linkedom 3.6 s; cut at 20,000 they take well under the deadline.
    const lede =
      'GENEVA (AP) — The first paragraph stays before the cut and is read as the lede of the page.';
    const flat = Buffer.from(
      `<html><head><title>Many</title></head><body><article><p>${lede}</p>${'<span>x</span>'.repeat(99_000)}</article>`,
    );
    const started = performance.now();
    const out = await extractor.extract(flat, { url: 'https://example.org/flat' });
    assert.equal(out.status === 'ok' && out.fields.lede, lede);
    // Within the worker's 5 s deadline (it would have ended `failed` otherwise); ~0.5 s unloaded.
    const ms = performance.now() - started;
    assert.ok(ms < 5000, `took ${ms.toFixed(0)} ms`);
  });
});

test('stops a page that overruns its deadline as failed and extracts the next page in a fresh worker', async () => {
  // 100 chains of 990 nested divs pass the pre-scan and take linkedom seconds.
  const slow = Buffer.from(
    `<html><body>${`${'<div>'.repeat(490)}x${'</div>'.repeat(490)}`.repeat(60)}${'<span>y</span>'.repeat(29_000)}`,
  );
  const extractor = createBoundedExtractor({ timeoutMs: 300 });
  try {
    const started = performance.now();
    assert.deepEqual(await extractor.extract(slow, { url: 'https://example.org/slow' }), {
      status: 'failed',
      reason: 'extraction stopped after 300 ms',
    });
    assert.ok(performance.now() - started < 2000);
    const small = PAGES.reduce((a, b) => (a.bytes.length <= b.bytes.length ? a : b));
    const out = await extractor.extract(small.bytes, { url: small.url });
    assert.deepEqual(out, { status: 'ok', fields: extractPage(small.bytes, { url: small.url }) });
  } finally {
    await extractor.close();
  }
});

test('stops a page that needs more than the heap limit as failed', async () => {
  // 9.5 MB of text (under the 10 MiB cap) in one paragraph: its DOM needs more than 16 MB.
  const big = Buffer.from(`<html><body><article><p>${'word '.repeat(1_900_000)}</p></article>`);
  const out = await extractBounded(big, { url: 'https://example.org/big', maxHeapMb: 16 });
  assert.deepEqual(out, { status: 'failed', reason: 'extraction stopped: more than 16 MB of memory' });
});

test('extractBounded reads one page and stops its worker', async () => {
  const page = PAGES[0];
  assert.ok(page);
  const out = await extractBounded(page.bytes, { url: page.url });
  assert.deepEqual(out, { status: 'ok', fields: extractPage(page.bytes, { url: page.url }) });
});
