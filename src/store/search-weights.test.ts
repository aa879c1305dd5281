import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventWeights } from '../model/search/rank.ts';
import { decodeWeights, encodeWeights } from './search-weights.ts';

test('stored weights give back the wanted words and the words starting with a prefix, nothing else', () => {
  const weights = eventWeights(['Syrian forces retake Palmyra from ISIL in Syria', 'Syria · Palmyra', '']);
  const stored = encodeWeights(weights);
  assert.equal(stored, ` ${[...weights].map(([w, n]) => `${w}:${n}`).join(' ')} `);
  assert.deepEqual(
    decodeWeights(stored, { words: new Set(['palmyra', 'isi', 'nowhere']), prefixes: ['syr'] }),
    new Map([
      ['palmyra', weights.get('palmyra')],
      ['syrian', weights.get('syrian')],
      ['syria', weights.get('syria')],
    ]),
  );
  assert.deepEqual(decodeWeights(' ', { words: new Set(['x']), prefixes: ['y'] }), new Map());
});
