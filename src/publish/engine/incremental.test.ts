import assert from 'node:assert/strict';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WIKITEXT_DIR } from '../../../test/fixtures/real-data.ts';
import { fileInputs } from '../../ingest/files.ts';
import { ingestDays } from '../../ingest/pipeline.ts';
import { buildSite } from '../../pipeline.ts';
import { writeArticle } from '../../store/articles.ts';
import { readEvents } from '../../store/events.ts';
import { openStore, type Store } from '../../store/open.ts';
import { nodeSiteFs } from '../markdown/_fs.ts';
import { outputsOf } from '../outputs/registry.ts';
import { MANIFEST, MANIFEST_FILES } from './_manifest.ts';
import type { PublishReport } from './publish.ts';

/** Every file under `dir` and its bytes (as latin1, so any byte difference shows). */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of nodeSiteFs(dir).list('.').sort()) out.set(f, readFileSync(join(dir, f), 'latin1'));
  return out;
}

/** The files that differ between two snapshots (missing on one side, or other bytes). */
function differences(a: Map<string, string>, b: Map<string, string>): string[] {
  const names = new Set([...a.keys(), ...b.keys()]);
  return [...names].filter((f) => a.get(f) !== b.get(f)).sort();
}

describe('the incremental build of every output (Markdown, HTML, feeds, search, data, sitemap)', () => {
  let dir: string;
  let days: string;
  let store: Store;
  let out: string;
  let fresh = 0;
  const all = readdirSync(WIKITEXT_DIR).filter((f) => f.endsWith('.wiki'));
  const held = ['2016-06-16.wiki', '2016-11-05.wiki', '2016-12-30.wiki'];
  const ingest = (files: string[]) =>
    ingestDays(store.db, fileInputs(files.map((f) => join(days, f))), { now: () => '2026-01-01T00:00:00Z' });

  const build = (folder: string) => buildSite(store.db, { out: folder, format: 'both' }).publish;

  /**
   * Builds `out` incrementally, builds a fresh folder in full, and asserts both folders are
   * byte-identical (manifests aside: the full build's files list names the same files and hashes)
   * and hold files of every output.
   */
  function buildAndCompare(): PublishReport {
    const report = build(out);
    const other = join(dir, `fresh-${fresh++}`);
    const full = build(other);
    assert.equal(full.incremental, false);
    const mine = snapshot(out);
    const theirs = snapshot(other);
    assert.deepEqual(differences(mine, theirs), []);
    for (const output of outputsOf('both'))
      assert.ok(
        [...theirs.keys()].some((f) => output.owns(f)),
        `no file of ${output.name}`,
      );
    assert.ok(mine.has(MANIFEST) && mine.has(MANIFEST_FILES));
    return report;
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'currents-html-incr-'));
    days = join(dir, 'days');
    mkdirSync(days);
    for (const f of all) copyFileSync(join(WIKITEXT_DIR, f), join(days, f));
    store = openStore(join(dir, 'currents.db'));
    await ingest(all.filter((f) => !held.includes(f)));
    out = join(dir, 'site');
    const first = build(out);
    assert.equal(first.incremental, false);
  });

  after(() => {
    store.db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('with nothing changed renders only the site-wide files and writes nothing', () => {
    const report = buildAndCompare();
    assert.equal(report.incremental, true);
    assert.deepEqual(report.written, []);
    assert.deepEqual(report.removed, []);
    assert.ok(report.pages < 100, `${report.pages} files rendered`);
  });

  test('after new days (the newest, one inside a month, one sharing a month and day) equals a full build', async () => {
    // 2015-04-21: the real 2016-04-21 page filed a year earlier, so "on this day" changes on 2016-04-21's events.
    const copy = readFileSync(join(days, '2016-04-21.wiki'), 'utf8').replace('year=2016|', 'year=2015|');
    writeFileSync(join(days, '2015-04-21.wiki'), copy);
    // 2015-04-28: the real 2016-04-28 page a year earlier with its wiki links flattened to their labels,
    // so its events relate to nothing: 2016-04-28's pages change through "on this day" alone.
    const unlinked = readFileSync(join(days, '2016-04-28.wiki'), 'utf8')
      .replace('year=2016|', 'year=2015|')
      .replace(/\[\[(?:[^\]|]*\|)?([^\]]*)\]\]/g, '$1');
    writeFileSync(join(days, '2015-04-28.wiki'), unlinked);
    await ingest([...held, '2015-04-21.wiki', '2015-04-28.wiki']);
    const report = buildAndCompare();
    assert.equal(report.incremental, true);
    for (const f of [
      'news/2016/12/30/index.html',
      'news/2016/12/29/index.html',
      'news/2016/11/05/index.html',
      'news/2016/11/19/index.html',
      'news/2016/04/28/index.html',
      'news/2016/07/01/index.html',
      'news/2015/04/21/index.html',
      'news/2015/04/21/index.md',
      'news/2016/12/30/index.md',
      'data/2015/04/21.json',
      'data/2016/12/30.json',
      'index.html',
      'index.md',
      'feeds/archive.atom.xml',
      'sitemap.xml',
    ])
      assert.ok(report.written.includes(f), f);
    assert.ok(report.written.some((f) => f.startsWith('news/2016/04/21/') && !f.endsWith('index.html')));
    assert.ok(report.written.some((f) => f.startsWith('news/2016/04/28/') && !f.endsWith('index.html')));
    assert.ok(report.written.some((f) => f.startsWith('assets/search/2015/')));
    assert.ok(report.pages < 4000, `${report.pages} files rendered`);
  });

  test('after a day is edited (an event reworded, one deleted) equals a full build and removes the gone pages', async () => {
    const file = join(days, '2016-04-28.wiki');
    const lines = readFileSync(file, 'utf8').split('\n');
    const events = lines.flatMap((l, i) => (l.startsWith('**') && l.includes('[http') ? [i] : []));
    const [reword, drop] = events;
    assert.ok(reword !== undefined && drop !== undefined);
    lines[reword] = (lines[reword] as string).replace(/^\*\*/, '**Reworded: ');
    lines.splice(drop, 1);
    writeFileSync(file, lines.join('\n'));
    await ingest(['2016-04-28.wiki']);
    const report = buildAndCompare();
    assert.equal(report.incremental, true);
    assert.equal(
      report.removed.filter((f) => f.startsWith('news/2016/04/28/')).length,
      4,
      'the .md and .html pages of two events',
    );
    assert.ok(report.written.some((f) => f.startsWith('news/2016/04/28/reworded-')));
  });

  test('after a day is gone from the store equals a full build, its pages and month index removed', () => {
    for (const date of ['2015-04-21', '2015-04-28'])
      store.db.prepare('DELETE FROM days WHERE date = ?').run(date);
    const report = buildAndCompare();
    assert.equal(report.incremental, true);
    assert.ok(report.removed.includes('news/2015/04/21/index.html'));
    assert.ok(report.removed.includes('news/2015/04/index.html'));
    assert.ok(report.written.some((f) => f.startsWith('news/2016/04/28/') && !f.endsWith('index.html')));
    assert.ok(report.written.some((f) => f.startsWith('assets/search/2015/')));
  });

  test('after a source is enriched (dead, archived copy, lede) equals a full build', () => {
    const event = readEvents(store.db, { dates: ['2016-03-22'] }).find((e) => e.sources.length > 0);
    assert.ok(event);
    const url = event.sources[0]?.url as string;
    writeArticle(store.db, {
      url,
      outcome: 'dead',
      reason: 'HTTP 404',
      finalUrl: url,
      archiveUrl: `https://web.archive.org/web/2016/${url}`,
      title: null,
      siteName: null,
      publishedTime: null,
      canonicalUrl: null,
      lang: 'en',
      byline: null,
      lede: 'BRUSSELS (Reuters) - The lede of the cited report, as enrichment found it in the archived copy.',
      excerpt: null,
      charset: 'utf-8',
      enrichedAt: '2026-01-02T00:00:00Z',
    });
    const report = buildAndCompare();
    assert.equal(report.incremental, true);
    const page = report.written.find((f) => f.startsWith('news/2016/03/22/') && !f.endsWith('index.html'));
    assert.ok(page);
    assert.match(readFileSync(join(out, page), 'utf8'), /archived copy/);
    // The Markdown page shows the archived copy too: enrichment is resolved in the one model.
    const md = readFileSync(join(out, page.replace(/\.html$/, '.md')), 'utf8');
    assert.ok(md.includes(`([archived](https://web.archive.org/web/2016/${url}))`), md);
    assert.ok(report.written.some((f) => f.startsWith('assets/search/2016/')));
  });

  test('a new title whose slug is taken (SYRIA beside Syria) gets the next suffix; Syria keeps its page and the build stays incremental', async () => {
    const file = join(days, '2016-03-22.wiki');
    const text = readFileSync(file, 'utf8');
    assert.ok(text.includes('[[Syria]]'));
    writeFileSync(file, text.replace('[[Syria]]', '[[SYRIA|Syria]]'));
    await ingest(['2016-03-22.wiki']);
    const report = buildAndCompare();
    assert.equal(report.incremental, true);
    assert.ok(report.written.includes('entity/syria-2.html'));
    assert.match(readFileSync(join(out, 'entity/syria-2.html'), 'utf8'), /<h1[^>]*>SYRIA</);
    assert.match(readFileSync(join(out, 'entity/syria.html'), 'utf8'), /<h1[^>]*>Syria</);
    const again = buildAndCompare();
    assert.equal(again.incremental, true);
    assert.deepEqual(again.written, []);
  });
});
