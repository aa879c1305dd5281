import assert from 'node:assert/strict';
import { test } from 'node:test';
import { realEvents } from './_realEvents.ts';
import { compareRankings } from './compare.ts';
import { relatedEvents } from './related.ts';

const events = realEvents();

test('a ranking compared with itself overlaps fully', () => {
  const ref = relatedEvents(events);
  const c = compareRankings(ref, ref);
  assert.deepEqual(c, { events: c.events, meanOverlap: 1, identical: c.events, firstDiffers: 0 });
  assert.ok(c.events > 250);
});

test('idf and recency reorder the real lists, recency more than idf', () => {
  const ref = relatedEvents(events);
  const idf = compareRankings(ref, relatedEvents(events, { rank: 'idf' }));
  const recency = compareRankings(ref, relatedEvents(events, { rank: 'recency' }));
  assert.ok(idf.identical < idf.events && recency.identical < idf.identical);
  assert.ok(idf.meanOverlap > recency.meanOverlap && recency.meanOverlap < 1);
  assert.ok(recency.firstDiffers > idf.firstDiffers && idf.firstDiffers > 0);
});
