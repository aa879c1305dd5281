import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { goldPages } from '../../test/enrich/gold.ts';
import { SHAPE_LIMITS, scanHtml, shapeVerdict } from './_htmlShape.ts';

const BENCHMARK = new URL('../../../shared/data/article-benchmark/html/', import.meta.url);

test('counts start tags and nesting as written, skipping void tags, comments and script text', () => {
  assert.deepEqual(scanHtml('<div><b>x</b></div>'), { tags: 2, maxDepth: 2, end: 19 });
  const html =
    '<html><body><p>a<p>b<br><img src=x><!-- <div><div> --><script>if (a<b) "<div>"</script><b><i>x</i></b>';
  assert.deepEqual(scanHtml(html), { tags: 4, maxDepth: 4, end: html.length });
  // Stray end tags never push the depth below 0.
  assert.deepEqual(scanHtml('</div></div><b>'), { tags: 1, maxDepth: 1, end: 15 });
});

test('stops at the start tag past the tag or depth limit', () => {
  assert.deepEqual(scanHtml('<i></i><i></i><i></i>', { maxTags: 2 }), { tags: 2, maxDepth: 1, end: 14 });
  assert.deepEqual(scanHtml('<b><b><b><b>', { maxDepth: 2 }), { tags: 3, maxDepth: 3, end: 6 });
});

test('lets every real page through whole: 49 article pages and 123 benchmark pages', () => {
  const pages = [
    ...goldPages().map((p) => ({ id: p.id, bytes: Buffer.from(p.bytes) })),
    ...readdirSync(BENCHMARK)
      .filter((f) => f.endsWith('.html.gz'))
      .map((f) => ({ id: f, bytes: gunzipSync(readFileSync(new URL(f, BENCHMARK))) })),
  ];
  assert.equal(pages.length, 172);
  const stopped = pages
    .map((p) => ({ id: p.id, verdict: shapeVerdict(p.bytes), length: p.bytes.length }))
    .filter((p) => p.verdict.status !== 'parse' || p.verdict.end !== p.length);
  assert.deepEqual(stopped, []);
  const deepest = Math.max(...pages.map((p) => scanHtml(p.bytes.toString('latin1')).maxDepth));
  assert.ok(deepest * 5 < SHAPE_LIMITS.maxDepth, `deepest real page: ${deepest}`);
});

test('refuses a page nested deeper than the limit and cuts one with more tags than the limit', () => {
  assert.deepEqual(shapeVerdict(Buffer.from(`<html><body>${'<b>'.repeat(333333)}<p>x</p>`)), {
    status: 'refused',
    reason: 'page refused: elements nested more than 500 deep (at byte 1506)',
  });
  const flat = Buffer.from(`<body>${'<span>x</span>'.repeat(25_000)}`);
  assert.deepEqual(shapeVerdict(flat), { status: 'parse', end: 6 + 14 * (SHAPE_LIMITS.maxTags - 1) });
});
