import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventScore, eventWeights, matchScore, PREFIX_FACTOR, TYPO_FACTOR, WEIGHT_SCALE } from './rank.ts';

test('a word weighs more in the text than in the entities or the lede, and saturates with repeats', () => {
  const inText = eventWeights(['Aleppo shelled', '', '']).get('aleppo') ?? 0;
  const inEntities = eventWeights(['Shelled', 'Aleppo', '']).get('aleppo') ?? 0;
  const inLede = eventWeights(['Shelled', '', 'Aleppo']).get('aleppo') ?? 0;
  assert.ok(inText > inEntities && inEntities > inLede, `${inText} ${inEntities} ${inLede}`);
  const twice = eventWeights(['Aleppo shelled Aleppo', '', '']).get('aleppo') ?? 0;
  assert.ok(twice > inText && twice < 2 * inText);
});

test('a weight depends on its own field only: a long lede does not lower a word of the text', () => {
  const lede = 'word '.repeat(200);
  assert.equal(
    eventWeights(['Staffan de Mistura appeals', 'Syria', lede]).get('mistura'),
    eventWeights(['Staffan de Mistura appeals', 'Syria', '']).get('mistura'),
  );
});

test('weights are integers of at least one; a score sums its terms and scales back', () => {
  for (const w of eventWeights(['x '.repeat(3) + 'aleppo', 'a', 'b '.repeat(500) + 'aleppo']).values())
    assert.ok(Number.isInteger(w) && w >= 1);
  assert.equal(matchScore(40, 'exact'), 40);
  assert.equal(matchScore(40, 'prefix'), 40 * PREFIX_FACTOR);
  assert.equal(matchScore(40, 'typo'), 40 * TYPO_FACTOR);
  assert.equal(eventScore([40, 20]), 60 / WEIGHT_SCALE);
});
