import assert from 'node:assert/strict';
import { test } from 'node:test';
import { retryAfterMs } from '../../model/retry.ts';

test('reads Retry-After as delta seconds or as an HTTP date', () => {
  const now = Date.parse('Wed, 25 Nov 2026 02:00:00 GMT');
  assert.equal(retryAfterMs('120', now), 120_000);
  assert.equal(retryAfterMs(' 5 ', now), 5000);
  assert.equal(retryAfterMs('Wed, 25 Nov 2026 02:00:30 GMT', now), 30_000);
  assert.equal(retryAfterMs('Wed, 25 Nov 2026 01:59:00 GMT', now), 0);
  assert.equal(retryAfterMs('soon', now), undefined);
  assert.equal(retryAfterMs(null, now), undefined);
});
