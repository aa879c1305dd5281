import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { GOLDEN, GOLDEN_DAYS, goldenOf } from './days.ts';

for (const day of GOLDEN_DAYS) {
  test(`golden: ${day} parses to its reviewed events`, () => {
    const { name, json } = goldenOf(day);
    const expected = readFileSync(new URL(name, GOLDEN), 'utf8');
    // On a difference: check the change is right, then `npm run golden:update` and review `git diff test/golden`.
    assert.deepEqual(JSON.parse(json), JSON.parse(expected));
  });
}
