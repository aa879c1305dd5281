import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleStore } from '../../../test/fixtures/store.ts';
import type { EntityTitle } from '../../model/ids.ts';
import { readEvents } from '../../store/events.ts';
import { readAliases, writeRedirects } from '../../store/redirects.ts';
import { readPageSlugs } from '../../store/slugs.ts';
import { eventPagesWithoutRelated } from '../model.ts';
import { renderEntityPage } from './entity.ts';
import { htmlSite } from './site.ts';

const OF = 'Islamic State of Iraq and the Levant' as EntityTitle;
const IN = 'Islamic State in Iraq and the Levant' as EntityTitle;

test('with a redirect, the two ISIL names of the 25 real days are one entity page that lists the other name', async () => {
  const sample = await sampleStore();
  try {
    const db = sample.store.db;
    const site = () => {
      const events = eventPagesWithoutRelated(readEvents(db), new Map());
      return htmlSite(events, { slugs: readPageSlugs(db), aliases: readAliases(db) });
    };
    const before = site();
    assert.equal(before.entities.get(OF)?.events.length, 13);
    assert.equal(before.entities.get(IN)?.events.length, 1);
    assert.deepEqual(before.entities.get(OF)?.alsoLinkedAs, []);
    const plain = before.entities.get(OF);
    assert.ok(plain);
    assert.doesNotMatch(renderEntityPage(before, plain), /Also linked as/);

    writeRedirects(db, [{ title: IN, target: OF }], '2026-01-01T00:00:00Z');
    const after = site();
    const page = after.entities.get(OF);
    assert.ok(page);
    assert.equal(page.events.length, 14);
    assert.equal(after.entities.has(IN), false);
    assert.deepEqual(page.alsoLinkedAs, [IN]);
    assert.match(
      renderEntityPage(after, page),
      /<p class="meta">Also linked as: Islamic State in Iraq and the Levant<\/p>/,
    );
  } finally {
    sample.dispose();
  }
});
