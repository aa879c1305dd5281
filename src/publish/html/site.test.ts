import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { WIKITEXT_DIR } from '../../../test/fixtures/real-data.ts';
import { sampleStore } from '../../../test/fixtures/store.ts';
import type { EventId } from '../../model/ids.ts';
import { readEvents } from '../../store/events.ts';
import { readPageSlugs } from '../../store/slugs.ts';
import { eventPagesWithoutRelated } from '../model.ts';
import { htmlSite } from './site.ts';

test('on this day lists the events of the same month and day in other years, never the same year', async () => {
  const sample = await sampleStore([
    join(WIKITEXT_DIR, '2016-04-28.wiki'),
    join(WIKITEXT_DIR, '2016-04-21.wiki'),
  ]);
  try {
    const real = readEvents(sample.store.db);
    const day = real.filter((e) => e.date === '2016-04-28');
    const earlier = day
      .slice(0, 3)
      .map((e, i) => ({ ...e, id: `20150428-${i}` as EventId, date: '2015-04-28' }));
    const site = htmlSite(eventPagesWithoutRelated([...earlier, ...real], new Map()), {
      slugs: readPageSlugs(sample.store.db),
    });
    const page = site.events.find((e) => e.date === '2016-04-28');
    assert.ok(page);
    assert.deepEqual(
      site.onThisDay(page).map((e) => [e.date, e.text]),
      earlier.map((e) => [e.date, e.text]).reverse(),
    );
    const other = site.events.find((e) => e.date === '2016-04-21');
    assert.ok(other);
    assert.deepEqual(site.onThisDay(other), []);
  } finally {
    sample.dispose();
  }
});
