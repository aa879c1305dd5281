import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allTokens, fold, isWord, MAX_TOKEN, STOP_WORDS, tokenize } from './tokens.ts';

test('folds case and accents, splits at everything that is not a letter or digit', () => {
  assert.equal(fold('Médecins Sans Frontières'), 'medecins sans frontieres');
  assert.deepEqual(allTokens("Bashar al-Assad's army, 2016"), ['bashar', 'al', 'assad', 's', 'army', '2016']);
});

test('keeps names that look like foreign function words and drops English ones and lone letters', () => {
  assert.deepEqual(tokenize("Staffan de Mistura's talks in the city of Aleppo"), [
    'staffan',
    'de',
    'mistura',
    'talks',
    'city',
    'aleppo',
  ]);
  assert.deepEqual(tokenize('A 5 point plan'), ['5', 'point', 'plan']);
  assert.equal(STOP_WORDS.length, 35);
  assert.ok(STOP_WORDS.every((w) => !isWord(w)));
});

test('drops runs longer than MAX_TOKEN (URLs, junk) from the words, not from the tokens', () => {
  const long = 'x'.repeat(MAX_TOKEN + 1);
  assert.deepEqual(tokenize(`see ${long} now`), ['see', 'now']);
  assert.deepEqual(allTokens(`see ${long}`), ['see', long]);
});

test('ASCII texts take a fast path that gives the same tokens as the Unicode rule', () => {
  const slow = (t: string) =>
    fold(t)
      .split(/[^\p{L}\p{N}]+/u)
      .filter((x) => x !== '');
  for (const t of [
    "U.S.-backed forces' 2nd raid, 61 killed",
    '',
    '  ',
    'A',
    'x_y-z',
    'ISIL (Daesh)',
    '\u0000a\u007fb',
    'Syria · Aleppo — “talks” ‘on’ hold…\u00a0now – 2016',
  ])
    assert.deepEqual(allTokens(t), slow(t), t);
  assert.deepEqual(allTokens('Café Zürich'), ['cafe', 'zurich']);
});
