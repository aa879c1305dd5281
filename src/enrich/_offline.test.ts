import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StoredOutcome } from '../store/articles.ts';
import { offlineRecords } from './_offline.ts';

const row = (
  url: string,
  outcome: StoredOutcome['outcome'],
  reason: string | null,
  at: string,
): StoredOutcome => ({
  url,
  outcome,
  reason,
  enrichedAt: `2026-01-02T${at}Z`,
});

test('finds unreached dead and failed records made when no host answered within 10 minutes', () => {
  const rows = [
    // An offline run at 10:00: nothing answered.
    row('a', 'dead', 'DNS lookup of a.example failed: ENOTFOUND', '10:00:00.000'),
    row('b', 'failed', 'DNS lookup of b.example skipped: no DNS server answers', '10:00:00.300'),
    row('c', 'failed', 'network: connect ENETUNREACH 1.2.3.4:443 (https://c.example/)', '10:00:00.400'),
    row('d', 'blocked', 'refused private address 10.0.0.1', '10:00:00.500'),
    // An online run at 12:00: one host answered, so its unknown host is really gone.
    row('e', 'dead', 'DNS lookup of e.example failed: ENOTFOUND', '12:00:00.000'),
    row('f', 'dead', 'HTTP 404', '12:05:00.000'),
    row(
      'g',
      'failed',
      'headers-timeout: no response headers within 10000 ms (https://g.example/)',
      '12:06:00.000',
    ),
    // Later, alone: nothing within 10 minutes answered.
    row('h', 'dead', 'no address for h.example', '13:00:00.000'),
    row('i', 'ok', null, '13:20:00.000'),
  ];
  assert.deepEqual(offlineRecords(rows), ['a', 'b', 'c', 'h']);
});

test('finds records of sources a time budget left untried, whenever they were made', () => {
  const rows = [
    row('a', 'ok', null, '10:00:00.000'),
    row(
      'b',
      'failed',
      'time budget of this run spent; retry with currents enrich --retry-failed',
      '10:00:01.000',
    ),
    row('c', 'failed', 'HTTP 500', '10:00:02.000'),
  ];
  assert.deepEqual(offlineRecords(rows), ['b']);
});

test('finds nothing in a store without unreached records', () => {
  assert.deepEqual(
    offlineRecords([row('a', 'ok', null, '10:00:00.000'), row('b', 'dead', 'parked domain', '10:00:01.000')]),
    [],
  );
});
