import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  anchorBodies,
  benchmarkPages,
  bodyScore,
  firstParagraph,
  ledeMatches,
  shingleMatch,
} from './article-benchmark.ts';

const pages = benchmarkPages();

test('reads the 123 benchmark pages with their true bodies', () => {
  assert.equal(pages.length, 123);
  assert.equal(pages.filter((p) => firstParagraph(p.body) === null).length, 1);
});

test("reproduces the benchmark's published body F1 of every anchor on these pages", () => {
  const published: Record<string, number> = {
    AutoExtract: 0.974,
    rs_trafilatura: 0.97,
    trafilatura: 0.963,
    go_trafilatura: 0.96,
    Diffbot: 0.955,
    readability_js: 0.95,
    newspaper: 0.948,
    go_readability: 0.941,
    goose3: 0.913,
  };
  for (const [name, f1] of Object.entries(published)) {
    const bodies = anchorBodies(name);
    const s = bodyScore(pages.map((p) => shingleMatch(p.body, bodies.get(p.id) ?? '')));
    assert.equal(s.f1.toFixed(3), f1.toFixed(3), name);
  }
});

test('reproduces the published lede accuracy of the anchors (first 8 words of the first paragraph)', () => {
  const published: Record<string, number> = {
    newspaper: 109,
    rs_trafilatura: 102,
    trafilatura: 78,
    readability_js: 77,
  };
  for (const [name, right] of Object.entries(published)) {
    const bodies = anchorBodies(name);
    const got = pages.filter((p) => ledeMatches(firstParagraph(bodies.get(p.id) ?? ''), p.body) === true);
    assert.equal(got.length, right, name);
  }
});

test('a perfect body scores 1, an empty one is left out of precision and scores 0 recall', () => {
  const page = pages[0];
  assert.ok(page);
  assert.deepEqual(shingleMatch(page.body, page.body), [1, 0, 0]);
  assert.deepEqual(shingleMatch(page.body, ''), [0, 0, 1]);
  const s = bodyScore([shingleMatch(page.body, page.body), shingleMatch(page.body, '')]);
  assert.deepEqual(s, { precision: 1, recall: 0.5, f1: 2 / 3 });
});
