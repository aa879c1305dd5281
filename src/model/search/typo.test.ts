import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTypoOf, near, typoEdits } from './typo.ts';

test('counts insertions, deletions, replacements and a swap of neighbours as one edit each', () => {
  assert.equal(near('mistrua', 'mistura', 1), true);
  assert.equal(near('aleppoo', 'aleppo', 1), true);
  assert.equal(near('kyrgystan', 'kyrgyzstan', 1), true);
  assert.equal(near('alepxx', 'aleppo', 1), false);
  assert.equal(near('alepxx', 'aleppo', 2), true);
});

test('a typo keeps the first three letters; one edit from five letters, two from eight, none below', () => {
  assert.deepEqual(['syri', 'mistrua', 'kyrgystann'].map(typoEdits), [0, 1, 2]);
  assert.equal(isTypoOf('mistrua', 'mistura'), true);
  assert.equal(isTypoOf('syrai', 'syria'), true);
  assert.equal(isTypoOf('syira', 'syria'), false);
  assert.equal(isTypoOf('mistura', 'mistura'), false);
  assert.equal(isTypoOf('syri', 'syria'), false);
});
