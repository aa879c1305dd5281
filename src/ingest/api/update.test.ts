import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readDayRevisions } from '../../store/days.ts';
import { openStore } from '../../store/open.ts';
import { ingestDays } from '../pipeline.ts';
import { realPages, startApi } from './_testApi.ts';
import { lastDays } from './titles.ts';
import { updateDays } from './update.ts';

const dir = mkdtempSync(join(tmpdir(), 'currents-update-'));
const closers: (() => Promise<void>)[] = [];
after(async () => {
  await Promise.all(closers.map((c) => c()));
  rmSync(dir, { recursive: true, force: true });
});

/** 50 days up to 2016-04-30: five of them are real days in ../shared/data/wcep-wikitext. */
const WEEKS = lastDays(50, '2016-04-30');
const REAL = ['2016-03-16', '2016-03-22', '2016-04-16', '2016-04-21', '2016-04-28'];

async function setup(name: string) {
  const pages = realPages();
  const api = await startApi(pages);
  closers.push(api.close);
  const store = openStore(join(dir, `${name}.db`));
  closers.push(async () => store.db.close());
  return { pages, api, db: store.db };
}

function ingestedAt(db: import('node:sqlite').DatabaseSync): Record<string, string> {
  const rows = db.prepare('SELECT date, ingested_at FROM days ORDER BY date').all() as {
    date: string;
    ingested_at: string;
  }[];
  return Object.fromEntries(rows.map((r) => [r.date, r.ingested_at]));
}

test('a second update re-ingests nothing: every revision is the stored one', async () => {
  const { api, db, pages } = await setup('twice');
  const first = await updateDays(db, WEEKS, {
    api: { endpoint: api.endpoint },
    now: () => '2026-01-01T00:00:00Z',
  });
  assert.equal(first.requested, 50);
  assert.equal(first.fetched, 5);
  assert.equal(first.changed, 5);
  assert.equal(first.unchanged, 0);
  assert.equal(first.missing.length, 45);
  assert.deepEqual(first.failed, []);
  assert.equal(first.ingest.added, 5);
  assert.deepEqual(
    Object.fromEntries(readDayRevisions(db)),
    Object.fromEntries(REAL.map((d) => [d, pages.get(d)!.revisionId])),
  );
  assert.equal(api.requests.filter((r) => r.params.get('prop') === 'revisions').length, 1);

  const second = await updateDays(db, WEEKS, {
    api: { endpoint: api.endpoint },
    now: () => '2026-01-02T00:00:00Z',
  });
  assert.equal(second.fetched, 5);
  assert.equal(second.changed, 0);
  assert.equal(second.unchanged, 5);
  assert.equal(second.ingest.days, 0);
  assert.deepEqual(second.ingest.changedDays, []);
  assert.deepEqual(ingestedAt(db), Object.fromEntries(REAL.map((d) => [d, '2026-01-01T00:00:00Z'])));
  const run = db
    .prepare("SELECT report FROM runs WHERE command = 'update' ORDER BY id DESC LIMIT 1")
    .get() as {
    report: string;
  };
  const recorded = JSON.parse(run.report) as { days: number; fetch: { fetched: number; unchanged: number } };
  assert.equal(recorded.days, 0);
  assert.equal(recorded.fetch.fetched, 5);
  assert.equal(recorded.fetch.unchanged, 5);
});

test('a changed revision re-ingests that day only, keeping the ids of unchanged events', async () => {
  const { api, db, pages } = await setup('changed');
  await updateDays(db, WEEKS, { api: { endpoint: api.endpoint }, now: () => '2026-01-01T00:00:00Z' });
  const idsBefore = (
    db.prepare("SELECT id FROM events WHERE date = '2016-04-28' ORDER BY position").all() as {
      id: string;
    }[]
  ).map((r) => r.id);
  // A new revision of 2016-04-28 in which one event bullet (of a storyline with several) was removed.
  const page = pages.get('2016-04-28')!;
  const lines = page.content.split('\n');
  const cut = lines.findIndex((l) => l.startsWith('***[[Médecins Sans Frontières]] claims'));
  assert.equal(cut, 8);
  pages.set('2016-04-28', {
    ...page,
    revisionId: page.revisionId + 1,
    content: [...lines.slice(0, cut), ...lines.slice(cut + 1)].join('\n'),
  });
  const report = await updateDays(db, WEEKS, {
    api: { endpoint: api.endpoint },
    now: () => '2026-01-02T00:00:00Z',
  });
  assert.equal(report.changed, 1);
  assert.equal(report.unchanged, 4);
  assert.equal(report.ingest.days, 1);
  assert.equal(report.ingest.replaced, 1);
  const day = report.ingest.changedDays[0];
  assert.equal(report.ingest.changedDays.length, 1);
  assert.equal(day?.date, '2016-04-28');
  assert.equal(day?.removed.length, 1);
  const idsAfter = (
    db.prepare("SELECT id FROM events WHERE date = '2016-04-28' ORDER BY position").all() as {
      id: string;
    }[]
  ).map((r) => r.id);
  assert.deepEqual(
    idsAfter,
    idsBefore.filter((id) => id !== day?.removed[0]),
  );
  assert.equal(readDayRevisions(db).get('2016-04-28'), page.revisionId + 1);
  const at = ingestedAt(db);
  assert.equal(at['2016-04-28'], '2026-01-02T00:00:00Z');
  assert.equal(at['2016-04-16'], '2026-01-01T00:00:00Z');
});

test('a day first ingested from a file learns its revision id once, then is skipped', async () => {
  const { api, db, pages } = await setup('from-file');
  const page = pages.get('2016-04-28')!;
  await ingestDays(db, [
    { origin: 'examples/portal/2016-04-28.wiki', bytes: new TextEncoder().encode(page.content) },
  ]);
  assert.equal(readDayRevisions(db).get('2016-04-28'), null);
  const first = await updateDays(db, ['2016-04-28'], { api: { endpoint: api.endpoint } });
  assert.equal(first.changed, 1);
  assert.equal(first.ingest.unchanged, 1);
  assert.equal(readDayRevisions(db).get('2016-04-28'), 1334920899);
  const second = await updateDays(db, ['2016-04-28'], { api: { endpoint: api.endpoint } });
  assert.equal(second.unchanged, 1);
  assert.equal(second.ingest.days, 0);
});

test('days that cannot be fetched are reported failed and the others still go in', async () => {
  const { api, db } = await setup('failing');
  api.script.push((res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!DOCTYPE html><title>Wikimedia Error</title>');
  });
  const outcomes: string[] = [];
  const report = await updateDays(db, lastDays(60, '2016-04-30'), {
    api: { endpoint: api.endpoint, concurrency: 1 },
    onDay: (date, outcome) => outcomes.push(`${date} ${outcome}`),
  });
  assert.equal(report.failed.length, 50);
  assert.equal(report.failed[0]?.date, '2016-03-02');
  assert.match(
    report.failed[0]?.message ?? '',
    /^MediaWiki API http:\/\/127\.0\.0\.1:\d+\/w\/api\.php answered malformed JSON/,
  );
  assert.equal(report.fetched, 2);
  assert.deepEqual(
    outcomes.filter((o) => !o.endsWith('missing') && !o.endsWith('failed')),
    ['2016-04-21 changed', '2016-04-28 changed'],
  );
  assert.deepEqual([...readDayRevisions(db).keys()].sort(), ['2016-04-21', '2016-04-28']);
});

test('a day stored by an older parser version is re-ingested even when its revision is unchanged', async () => {
  const { api, db } = await setup('old-parser');
  await updateDays(db, ['2016-04-21', '2016-04-28'], { api: { endpoint: api.endpoint } });
  db.prepare("UPDATE days SET parser_version = parser_version - 1 WHERE date = '2016-04-21'").run();
  const report = await updateDays(db, ['2016-04-21', '2016-04-28'], { api: { endpoint: api.endpoint } });
  assert.equal(report.changed, 1);
  assert.equal(report.unchanged, 1);
  assert.equal(report.ingest.replaced, 1);
  const again = await updateDays(db, ['2016-04-21', '2016-04-28'], { api: { endpoint: api.endpoint } });
  assert.equal(again.unchanged, 2);
});
