import assert from 'node:assert/strict';
import { test } from 'node:test';
import { retryAfterMs, retryDelayMs } from './retry.ts';

const NOW = Date.parse('Wed, 25 Nov 2026 02:00:00 GMT');

test('reads Retry-After as delta seconds or as an HTTP date', () => {
  assert.equal(retryAfterMs('120', NOW), 120_000);
  assert.equal(retryAfterMs(' 5 ', NOW), 5000);
  assert.equal(retryAfterMs('Wed, 25 Nov 2026 02:00:30 GMT', NOW), 30_000);
  assert.equal(retryAfterMs('Wed, 25 Nov 2026 01:59:00 GMT', NOW), 0);
  assert.equal(retryAfterMs('1.5', NOW), undefined);
  assert.equal(retryAfterMs('soon', NOW), undefined);
  assert.equal(retryAfterMs(null, NOW), undefined);
  assert.equal(retryAfterMs(undefined, NOW), undefined);
});

test('waits Retry-After when readable, else doubles the backoff, within the floor and the cap', () => {
  const policy = { baseMs: 1000, maxMs: 60_000, now: NOW };
  assert.deepEqual(
    [0, 1, 2, 3, 6, 10].map((a) => retryDelayMs(a, undefined, policy)),
    [1000, 2000, 4000, 8000, 60_000, 60_000],
  );
  assert.equal(retryDelayMs(0, '7', policy), 7000);
  assert.equal(retryDelayMs(0, '86400', policy), 60_000);
  assert.equal(retryDelayMs(2, 'Wed, 25 Nov 2026 02:00:30 GMT', policy), 30_000);
  assert.equal(retryDelayMs(2, 'soon', policy), 4000);
  assert.equal(retryDelayMs(0, '0', policy), 0);
  assert.equal(retryDelayMs(0, '0', { ...policy, minMs: 1000 }), 1000);
});
