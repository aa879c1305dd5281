import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { deadPageReason } from './_deadness.ts';

const ARTICLES = new URL('../../../shared/data/articles/', import.meta.url);
const here = {
  requested: new URL('https://news.example.com/2016/04/28/story'),
  final: new URL('https://news.example.com/2016/04/28/story'),
};

test('never calls a real article page from ../shared/data/articles dead', () => {
  const pages = [
    ...readdirSync(new URL('postlight/', ARTICLES)).map((f) => new URL(`postlight/${f}`, ARTICLES)),
    ...readdirSync(new URL('readability/', ARTICLES)).map(
      (d) => new URL(`readability/${d}/source.html`, ARTICLES),
    ),
  ];
  const flagged = pages.filter((p) => deadPageReason(readFileSync(p), here) !== null).map((p) => p.pathname);
  assert.equal(pages.length, 49);
  assert.deepEqual(flagged, []);
});

test('calls not-found titles, parked domains and deep links sent home dead', () => {
  const page = (html: string) => new TextEncoder().encode(html);
  assert.equal(
    deadPageReason(page('<title>Page Not Found | The Hill</title>'), here),
    'soft-404 page (title says not found)',
  );
  assert.equal(deadPageReason(page('<title>404</title>'), here), 'soft-404 page (title says not found)');
  assert.equal(deadPageReason(page('<title>Missing jet still not located</title>'), here), null);
  assert.equal(
    deadPageReason(page('<p>This domain is for sale! Buy this domain</p>'), here),
    'parked domain',
  );
  assert.equal(
    deadPageReason(page('<title>Home</title>'), { ...here, final: new URL('https://news.example.com/') }),
    'soft-404 (deep link redirected to the home page)',
  );
});
