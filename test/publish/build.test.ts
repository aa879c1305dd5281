import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileInputs, listInputFiles } from '../../src/ingest/files.ts';
import { ingestDays } from '../../src/ingest/pipeline.ts';
import { linkArchive } from '../../src/link/link.ts';
import { relatedEvents } from '../../src/link/related.ts';
import { buildSite, type SiteBuildOptions } from '../../src/pipeline.ts';
import { MANIFEST, MANIFEST_FILES } from '../../src/publish/engine/_manifest.ts';
import type { PublishReport } from '../../src/publish/engine/publish.ts';
import { nodeSiteFs, type SiteFs } from '../../src/publish/markdown/_fs.ts';
import { readLinkEvents, readRelated } from '../../src/store/related.ts';
import { WIKITEXT_DIR } from '../fixtures/real-data.ts';
import { sampleStore } from '../fixtures/store.ts';

/** `currents build --format md`: links, then builds the Markdown archive. */
function buildMarkdown(
  db: Parameters<typeof buildSite>[0],
  options: Omit<SiteBuildOptions, 'format'>,
): PublishReport & { recomputed: number } {
  const r = buildSite(db, { ...options, format: 'md' });
  return { ...r.publish, recomputed: r.link.recomputed };
}

/** The real output folder, counting what the builder writes and removes. */
function countingFs(root: string): SiteFs & { writes: string[]; removes: string[] } {
  const fs = nodeSiteFs(root);
  const writes: string[] = [];
  const removes: string[] = [];
  return {
    writes,
    removes,
    read: (f) => fs.read(f),
    list: (d) => fs.list(d),
    write(f, c) {
      writes.push(f);
      fs.write(f, c);
    },
    remove(f) {
      removes.push(f);
      fs.remove(f);
    },
  };
}

/** Every page under a folder with its content. */
function snapshot(root: string): Map<string, string> {
  const fs = nodeSiteFs(root);
  return new Map(
    fs
      .list('.')
      .filter((f) => f.endsWith('.md'))
      .map((f) => [f, fs.read(f) ?? '']),
  );
}

/** 2016-04-28 edited as a portal editor might: one event reworded, one event deleted. */
function editedDay(dir: string): string {
  const original = readFileSync(join(WIKITEXT_DIR, '2016-04-28.wiki'), 'utf8');
  const edited = original
    .replace('[[Staffan de Mistura]] appeals to the', '[[Staffan de Mistura]] calls on the')
    .split('\n')
    .filter((line) => !line.includes('[[BM25 Musudan]]'))
    .join('\n');
  assert.notEqual(edited, original);
  const file = join(dir, '2016-04-28.wiki');
  writeFileSync(file, edited);
  return file;
}

describe('currents build on the 25 real days', () => {
  let sample: Awaited<ReturnType<typeof sampleStore>>;
  let out: string;
  let first: Map<string, string>;
  before(async () => {
    sample = await sampleStore();
    out = join(sample.dir, 'site');
  });
  after(() => sample.dispose());

  test('a first build writes every page: 388 events, 25 days, month, year and root indexes', () => {
    const fs = countingFs(out);
    const report = buildMarkdown(sample.store.db, { out, fs });
    // 388 event pages + 25 day pages + 8 months (2015-10; 2016-03, 04, 06, 07, 10, 11, 12) + 2 years + root.
    assert.equal(report.pages, 388 + 25 + 8 + 2 + 1);
    assert.equal(report.written.length, report.pages);
    assert.equal(report.incremental, false);
    assert.equal(fs.writes.length, report.pages + 2, 'every page and the manifest (state and files)');
    first = snapshot(out);
    assert.equal(first.size, report.pages);
    assert.match(
      first.get('news/2016/index.md') ?? '',
      /^# 2016\n\n\[↑ up\]\(\/index\.md\)\n\n- \[2016-03\]/,
    );
  });

  test('a rebuild after nothing changed writes no file', () => {
    const fs = countingFs(out);
    const report = buildMarkdown(sample.store.db, { out, fs });
    assert.deepEqual(fs.writes, []);
    assert.deepEqual(fs.removes, []);
    assert.equal(report.unchanged, report.pages);
    assert.equal(report.recomputed, 0);
  });

  test('a dry run after a changed day lists the changes and writes nothing', async () => {
    const edits = mkdtempSync(join(tmpdir(), 'currents-edit-'));
    try {
      await ingestDays(sample.store.db, fileInputs([editedDay(edits)]));
    } finally {
      rmSync(edits, { recursive: true, force: true });
    }
    const fs = countingFs(out);
    const report = buildMarkdown(sample.store.db, { out, fs, dryRun: true });
    assert.deepEqual(fs.writes, []);
    assert.ok(report.written.includes('news/2016/04/28/index.md'));
    assert.equal(report.removed.length, 2, 'the reworded event’s old page and the deleted event’s page');
    assert.deepEqual(snapshot(out), first);
  });

  test('a changed day rewrites exactly the pages whose content changed, and removes pages of gone events', () => {
    const fs = countingFs(out);
    const report = buildMarkdown(sample.store.db, { out, fs });
    assert.equal(report.incremental, true, 'only the affected pages were rendered');
    assert.ok(report.pages < 424 / 2, `${report.pages} of 424 pages rendered`);
    const after = snapshot(out);
    // The incremental result equals a build from scratch into an empty folder.
    const fresh = join(sample.dir, 'fresh');
    buildMarkdown(sample.store.db, { out: fresh });
    assert.deepEqual(after, snapshot(fresh));
    // Written: exactly the pages that are new or differ from before.
    const differ = [...after].filter(([f, c]) => first.get(f) !== c).map(([f]) => f);
    assert.deepEqual([...report.written].sort(), differ.sort());
    assert.deepEqual(fs.writes.filter((f) => f !== MANIFEST && f !== MANIFEST_FILES).sort(), differ.sort());
    // Removed: the two pages of events that no longer exist.
    const gone = [...first.keys()].filter((f) => !after.has(f)).sort();
    assert.deepEqual([...report.removed].sort(), gone);
    assert.equal(gone.length, 2);
    assert.ok(
      gone.some((f) => f.includes('/2016/04/28/united-nations-envoy-for-syria-staffan-de-mistura-appeals')),
    );
    assert.ok(
      after.has(
        'news/2016/04/28/united-nations-envoy-for-syria-staffan-de-mistura-calls-on-the-united-states-and-russia-to-intervene-to-help-revive-the-failing-syrian-peace.md',
      ),
    );
    // Far fewer than all pages: the day, its related events' pages, the new page.
    assert.ok(differ.length < 60, `${differ.length} pages rewritten`);
    assert.ok(differ.includes('news/2016/04/28/index.md'));
    assert.ok(
      differ.includes(
        'news/2016/04/21/staffan-de-mistura-u-n-envoy-to-syria-says-there-has-been-real-but-modest-progress-in-the-country-s-humanitarian-situation-despite-the.md',
      ),
    );
  });
});

describe('incremental linking', () => {
  test('adding a day, then replacing one, recomputes few lists and equals a full computation', async () => {
    const files = listInputFiles([WIKITEXT_DIR]);
    const last = files.filter((f) => f.endsWith('2016-12-29.wiki'));
    const sample = await sampleStore(files.filter((f) => !f.endsWith('2016-12-29.wiki')));
    const edits = mkdtempSync(join(tmpdir(), 'currents-edit-'));
    try {
      const db = sample.store.db;
      const full = linkArchive(db);
      assert.equal(full.recomputed, full.events);
      linkArchive(db, { rank: 'recency' });
      linkArchive(db, { rank: 'idf' });
      const same = (rank: 'reference' | 'recency' | 'idf') =>
        assert.deepEqual(readRelated(db, rank), nonEmpty(relatedEvents(readLinkEvents(db), { rank })), rank);
      await ingestDays(db, fileInputs(last));
      const added = linkArchive(db);
      assert.equal(added.events, 388);
      assert.ok(added.changed > 0 && added.recomputed < added.events, JSON.stringify(added));
      linkArchive(db, { rank: 'recency' });
      linkArchive(db, { rank: 'idf' });
      for (const rank of ['reference', 'recency', 'idf'] as const) same(rank);
      await ingestDays(db, fileInputs([editedDay(edits)]));
      const replaced = linkArchive(db);
      assert.equal(replaced.removed, 2);
      assert.ok(replaced.recomputed < replaced.events);
      linkArchive(db, { rank: 'recency' });
      linkArchive(db, { rank: 'idf' });
      for (const rank of ['reference', 'recency', 'idf'] as const) same(rank);
      assert.equal(linkArchive(db).recomputed, 0, 'a second run has nothing to do');
    } finally {
      sample.dispose();
      rmSync(edits, { recursive: true, force: true });
    }
  });
});

/** Stored lists hold no rows for events without related events. */
function nonEmpty<K, V>(m: Map<K, V[]>): Map<K, V[]> {
  return new Map([...m].filter(([, v]) => v.length > 0));
}
