import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseQuery } from './query.ts';
import { highlight } from './snippet.ts';

const q = (query: string, typos: string[] = []) => ({ terms: parseQuery(query), typos });

test('marks the matched words, accents and case folded', () => {
  assert.deepEqual(highlight(['Médecins Sans Frontières claims'], q('medecins FRONTIERES')), [
    { text: 'Médecins', match: true },
    { text: ' Sans ', match: false },
    { text: 'Frontières', match: true },
    { text: ' claims', match: false },
  ]);
});

test('marks a phrase only where its words follow each other, a prefix by its start, a typo by the word it matched', () => {
  assert.deepEqual(highlight(['talks on peace; peace talks resume'], q('"peace talks" resu*')), [
    { text: 'talks on peace; ', match: false },
    { text: 'peace', match: true },
    { text: ' ', match: false },
    { text: 'talks', match: true },
    { text: ' ', match: false },
    { text: 'resume', match: true },
  ]);
  assert.deepEqual(highlight(['Staffan de Mistura says'], q('Mistrua', ['mistura'])), [
    { text: 'Staffan de ', match: false },
    { text: 'Mistura', match: true },
    { text: ' says', match: false },
  ]);
});

test('cuts a long field to a window around the first match, at word boundaries, from the best field', () => {
  const long = `${'word '.repeat(30)}Aleppo hit ${'tail '.repeat(30)}`.trim();
  const parts = highlight(['An unrelated text', 'Syria · Aleppo', long], q('aleppo hit'), 8);
  assert.deepEqual(parts, [
    { text: '…word word ', match: false },
    { text: 'Aleppo', match: true },
    { text: ' ', match: false },
    { text: 'hit', match: true },
    { text: ' tail tail tail tail…', match: false },
  ]);
});

test('with no match anywhere, the start of the first field (not the whole of it)', () => {
  const long = 'one two three four five six seven eight nine ten';
  assert.deepEqual(highlight([long, ''], q('zzz'), 4), [{ text: 'one two three four…', match: false }]);
});
