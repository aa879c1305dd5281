import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_QUERY_TERMS, parseQuery, phrasePairs } from './query.ts';

test('reads words, prefixes and quoted phrases, folded, function words dropped', () => {
  assert.deepEqual(parseQuery('the "Peace Talks" syr* Médecins'), [
    { kind: 'phrase', tokens: ['peace', 'talks'] },
    { kind: 'prefix', prefix: 'syr' },
    { kind: 'word', word: 'medecins' },
  ]);
});

test('a word with inner punctuation is a phrase; a quoted single word is a word', () => {
  assert.deepEqual(parseQuery('al-Assad "Aleppo"'), [
    { kind: 'phrase', tokens: ['al', 'assad'] },
    { kind: 'word', word: 'aleppo' },
  ]);
});

test('a prefix under three characters is a whole word; an unclosed quote runs to the end', () => {
  assert.deepEqual(parseQuery('un* "war in Syria'), [
    { kind: 'word', word: 'un' },
    { kind: 'phrase', tokens: ['war', 'in', 'syria'] },
  ]);
});

test('FTS5 syntax and stray marks are text, never operators; lone letters and function words drop', () => {
  assert.deepEqual(parseQuery('NEAR(a b) col:x -y OR'), [
    { kind: 'phrase', tokens: ['near', 'a'] },
    { kind: 'phrase', tokens: ['col', 'x'] },
  ]);
});

test('caps the terms, drops duplicates, and pairs a phrase as the index keys it', () => {
  const many = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
  assert.equal(parseQuery(many).length, MAX_QUERY_TERMS);
  assert.deepEqual(parseQuery('Syria syria SYRIA'), [{ kind: 'word', word: 'syria' }]);
  assert.deepEqual(parseQuery('the of ""  ***'), []);
  assert.deepEqual(phrasePairs(['war', 'in', 'syria']), ['war_in', 'in_syria']);
});
