import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildSite } from '../../src/pipeline.ts';
import { sampleStore } from '../fixtures/store.ts';

/**
 * Golden Markdown pages built from the 25 real days. A missing golden file is written only when
 * CURRENTS_UPDATE_GOLDEN=1 is set (then review it in the diff); otherwise the test fails.
 */
const GOLDEN = new URL('./golden/', import.meta.url).pathname;
const PAGES = [
  'index.md',
  'news/2016/index.md',
  'news/2016/04/index.md',
  'news/2016/04/28/index.md',
  'news/2016/12/29/index.md',
  'news/2016/07/01/the-report-of-the-diplomatic-quartet-to-the-security-council-the-united-nations-russia-the-united-states-and-the-european-union-calls.md',
  'news/2016/03/16/the-u-s-military-disciplines-more-than-a-dozen-personnel-for-mistakes-that-led-to-the-bombing-of-a-medecins-sans-frontieres-doctors-withou.md',
];

describe('golden Markdown pages of the real days', () => {
  let sample: Awaited<ReturnType<typeof sampleStore>>;
  before(async () => {
    sample = await sampleStore();
    buildSite(sample.store.db, { out: join(sample.dir, 'site'), format: 'md' });
  });
  after(() => sample.dispose());

  for (const page of PAGES) {
    test(`${page} is as reviewed`, () => {
      const built = readFileSync(join(sample.dir, 'site', page), 'utf8');
      const golden = join(GOLDEN, page.replaceAll('/', '__'));
      if (!existsSync(golden)) {
        if (process.env['CURRENTS_UPDATE_GOLDEN'] !== '1') {
          assert.fail(`no golden file ${golden}: run with CURRENTS_UPDATE_GOLDEN=1 and review it`);
        }
        writeFileSync(golden, built);
      }
      assert.equal(built, readFileSync(golden, 'utf8'));
    });
  }
});
