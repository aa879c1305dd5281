import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { classifyTarget, normaliseTitle } from './titles.ts';

// Link targets as written in the real portal pages (../shared/data/README.md lists them).
test('normaliseTitle decodes, collapses, drops the section and upper-cases the first letter', () => {
  assert.equal(normaliseTitle('Division_%28military%29#Armoured_division'), 'Division (military)');
  assert.equal(normaliseTitle('European_migrant_crisis#Greece'), 'European migrant crisis');
  assert.equal(normaliseTitle(' Myanmar'), 'Myanmar');
  assert.equal(normaliseTitle('kidnapping'), 'Kidnapping');
  assert.equal(normaliseTitle('President of the United States '), 'President of the United States');
  assert.equal(normaliseTitle('AT&amp;T'), 'AT&T');
  assert.equal(normaliseTitle('100%_Pure'), '100% Pure');
  assert.equal(normaliseTitle('élisabeth Borne'), 'Élisabeth Borne');
});

test('classifyTarget keeps articles and refuses other namespaces, interwiki and other languages', () => {
  assert.deepEqual(classifyTarget('Syrian peace process'), {
    kind: 'article',
    title: 'Syrian peace process',
  });
  assert.deepEqual(classifyTarget('w:Syria'), { kind: 'article', title: 'Syria' });
  assert.deepEqual(classifyTarget(':en:Syria'), { kind: 'article', title: 'Syria' });
  assert.deepEqual(classifyTarget('Star Wars: The Force Awakens'), {
    kind: 'article',
    title: 'Star Wars: The Force Awakens',
  });
  assert.equal(classifyTarget('File:Flag of Syria.svg').kind, 'media');
  assert.equal(classifyTarget('Category:2016 in Syria').kind, 'category');
  assert.equal(classifyTarget(':Category:2016 in Syria').kind, 'other');
  assert.equal(classifyTarget('Portal:Current events').kind, 'other');
  assert.equal(classifyTarget('Template:Current events').kind, 'other');
  assert.equal(classifyTarget('wikt:redenomination').kind, 'other');
  assert.equal(classifyTarget(':fr:Paris').kind, 'other');
  assert.equal(classifyTarget('#Sports').kind, 'other');
});

test('normaliseTitle is idempotent and its fast path agrees with the full rules (property)', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme-composite', maxLength: 40 }), (s) => {
      const once = normaliseTitle(s);
      assert.equal(normaliseTitle(once), once);
      // The full rules, spelled out: the fast path must never differ from them.
      let t = s.includes('&') || s.includes('%') || s.includes('#') ? null : s;
      if (t !== null) {
        t = t.replace(/[_\s\u00a0\u200e\u200f]+/g, ' ').trim();
        const first = t.length ? String.fromCodePoint(t.codePointAt(0) as number) : '';
        assert.equal(once, first.toUpperCase() + t.slice(first.length));
      }
    }),
    { numRuns: 2000 },
  );
});
