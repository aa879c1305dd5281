import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildSite } from '../../src/pipeline.ts';
import { writeArticle } from '../../src/store/articles.ts';
import { REFERENCE_PAGE } from '../fixtures/real-data.ts';
import { sampleStore } from '../fixtures/store.ts';

const PAGE =
  'news/2016/04/28/united-nations-envoy-for-syria-staffan-de-mistura-appeals-to-the-united-states-and-russia-to-intervene-to-help-revive-the-failing-syrian-pea.md';
const AP_URL =
  'http://bigstory.ap.org/article/7da077a315944fdfbc31b377a380046e/un-envoy-appeals-us-russia-help-syria-peace-talks';

const reference = readFileSync(REFERENCE_PAGE, 'utf8');
/** The reference's excerpt paragraph: real AP text (line 5 of the page). */
const apExcerpt = reference.split('\n')[4] ?? '';

/**
 * The reference page with the four defects SPEC.md names undone, each spelled out here, plus one
 * difference we keep on purpose (see the last replacement).
 */
function corrected(page: string): string {
  return (
    page
      // 1. Unpadded days in related links.
      .replace('/news/2016/10/5/', '/news/2016/10/05/')
      .replace('/news/2016/07/1/', '/news/2016/07/01/')
      // 2. `--` printed for an em dash in related texts (the wikitext has U+2014).
      .replaceAll('--', '—')
      // 3. `-a-` in a slug where the text has an em dash (mis-decoded as â€”): with the real text
      //    the 140 characters reach further, to "calls".
      .replace(
        'security-council-a-the-united-nations-russia-the-united-states-and-the-european-union-a-c.md',
        'security-council-the-united-nations-russia-the-united-states-and-the-european-union-calls.md',
      )
      // 4. Stray leading/trailing spaces in texts: the title's trailing space, the related texts'
      //    leading and trailing spaces — and, since a stray leading space took one of the 140 slug
      //    characters, those two slugs gain their 140th character back.
      .replace('horizon." \n', 'horizon."\n')
      .replaceAll(' ](', '](')
      .replaceAll('[ ', '[')
      .replace('vladimir-putin-and-foreign-minis.md', 'vladimir-putin-and-foreign-minist.md')
      .replace('sponsored-peace-talks.md', 'sponsored-peace-talks-e.md')
      // Not a named defect: the reference prints a straight quote where the wikitext (revision
      // 1076138646 of 2016 July 1) has U+201C; we keep the text as the portal shows it.
      .replace('the UNSC, "The main', 'the UNSC, \u201cThe main')
  );
}

describe('the reference page (2016-04-28, de Mistura) from the 25 real days', () => {
  let sample: Awaited<ReturnType<typeof sampleStore>>;
  before(async () => {
    sample = await sampleStore();
  });
  after(() => sample.dispose());

  test('equals the reference byte for byte, defects undone, without the excerpt before the lede is known', () => {
    const out = join(sample.dir, 'site');
    buildSite(sample.store.db, { out, format: 'md' });
    const built = readFileSync(join(out, PAGE), 'utf8');
    const expected = corrected(reference).replace(`${apExcerpt}\n\n\n`, '');
    assert.equal(built, expected);
  });

  test('equals the whole reference, excerpt included, once the AP lede is stored', () => {
    // The lede is taken from the reference page itself (real AP text, as SPEC.md and issue 3
    // allow), written through the enrich store's own function.
    assert.match(apExcerpt, /^GENEVA \(AP\) — The U\.N\. envoy/);
    writeArticle(sample.store.db, {
      url: AP_URL,
      outcome: 'ok',
      reason: null,
      finalUrl: AP_URL,
      archiveUrl: null,
      title: null,
      siteName: 'AP',
      publishedTime: null,
      canonicalUrl: null,
      lang: 'en',
      byline: null,
      lede: apExcerpt,
      excerpt: null,
      charset: 'utf-8',
      enrichedAt: '2026-01-01T00:00:00Z',
    });
    const out = join(sample.dir, 'site');
    const report = buildSite(sample.store.db, { out, format: 'md' }).publish;
    assert.deepEqual(report.written, [PAGE]);
    assert.equal(readFileSync(join(out, PAGE), 'utf8'), corrected(reference));
  });
});
