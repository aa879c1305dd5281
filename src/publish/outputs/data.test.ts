import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sampleStore } from '../../../test/fixtures/store.ts';
import { runCli } from '../../cli/_testRun.ts';
import { buildSite } from '../../pipeline.ts';
import { readDayDates } from '../../store/events.ts';

describe('the per-day JSON dataset (data/YYYY/MM/DD.json) of the 25 real days', () => {
  let sample: Awaited<ReturnType<typeof sampleStore>>;
  let out: string;
  before(async () => {
    sample = await sampleStore();
    out = join(sample.dir, 'site');
    buildSite(sample.store.db, { out, format: 'html' });
  });
  after(() => sample.dispose());

  test('holds, for every day, exactly the objects `currents export events` writes for that day, in portal order', async () => {
    const dates = readDayDates(sample.store.db);
    assert.equal(dates.length, 25);
    for (const date of dates) {
      const file = join(out, 'data', date.slice(0, 4), date.slice(5, 7), `${date.slice(8, 10)}.json`);
      const exported = await runCli([
        '--db',
        join(sample.dir, 'currents.db'),
        'export',
        'events',
        '--from',
        date,
        '--to',
        date,
      ]);
      assert.equal(exported.code, 0);
      const lines = exported.out.trimEnd().split('\n');
      assert.ok(lines.length > 0);
      // One object per line, the same bytes as the export's lines.
      assert.equal(readFileSync(file, 'utf8'), `[\n${lines.join(',\n')}\n]\n`, date);
    }
  });

  test('is linked from its day page, relatively, and the link resolves to the file', () => {
    const page = readFileSync(join(out, 'news/2016/04/28/index.html'), 'utf8');
    const href = /<a href="([^"]+)" type="application\/json">/.exec(page)?.[1];
    assert.equal(href, '../../../../data/2016/04/28.json');
    assert.ok(existsSync(join(out, 'news/2016/04/28', href)));
    const events: unknown = JSON.parse(readFileSync(join(out, 'data/2016/04/28.json'), 'utf8'));
    assert.ok(Array.isArray(events));
    assert.deepEqual(Object.keys(events[0] as object), [
      'id',
      'date',
      'category',
      'storyline',
      'text',
      'context',
      'sources',
      'position',
      'links',
    ]);
  });
});
