import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { after, test } from 'node:test';
import { fileInputs } from '../../ingest/files.ts';
import { linkArchive } from '../../link/link.ts';
import { readEvents } from '../../store/events.ts';
import { openStore } from '../../store/open.ts';
import { readAliases, readRedirects } from '../../store/redirects.ts';
import { readRelated } from '../../store/related.ts';
import { readSpans } from '../../store/spans.ts';
import { ingestDays } from '../pipeline.ts';
import { maxlagAnswer, realPages, startApi } from './_testApi.ts';
import { batchTitles, fetchRedirects, updateRedirects } from './redirects.ts';
import { updateDays } from './update.ts';

const dir = mkdtempSync(join(tmpdir(), 'currents-redirects-'));
const closers: (() => Promise<void>)[] = [];
after(async () => {
  await Promise.all(closers.map((c) => c()));
  rmSync(dir, { recursive: true, force: true });
});

const SAMPLE = new URL('../../../../shared/data/wcep-wikitext/', import.meta.url);
const OF = 'Islamic State of Iraq and the Levant';
const IN = 'Islamic State in Iraq and the Levant';
const NOW = () => '2026-01-01T00:00:00Z';

/** The 25 real days of the sample, ingested from files into a fresh store. */
async function sampleStore(name: string): Promise<DatabaseSync> {
  const store = openStore(join(dir, `${name}.db`));
  closers.push(async () => store.db.close());
  const files = readdirSync(SAMPLE)
    .filter((f) => f.endsWith('.wiki'))
    .map((f) => new URL(f, SAMPLE).pathname);
  await ingestDays(store.db, fileInputs(files), { now: NOW });
  return store.db;
}

function sampleDates(db: DatabaseSync): string[] {
  return db
    .prepare('SELECT date FROM days ORDER BY date')
    .all()
    .map((r) => String(r['date']));
}

function eventsLinking(db: DatabaseSync, title: string): string[] {
  return db
    .prepare('SELECT event_id FROM event_entities WHERE title = ? ORDER BY event_id')
    .all(title)
    .map((r) => String(r['event_id']));
}

async function api(
  redirects: [string, { to: string; tofragment?: string }][],
  maxRedirectsPerAnswer?: number,
) {
  const server = await startApi(realPages(), {
    redirects: new Map(redirects),
    ...(maxRedirectsPerAnswer ? { maxRedirectsPerAnswer } : {}),
  });
  closers.push(server.close);
  return server;
}

test('the two ISIL names of the 25-day sample become one entity once the wiki says one redirects to the other', async () => {
  const db = await sampleStore('isil');
  const of = eventsLinking(db, OF);
  const inn = eventsLinking(db, IN);
  assert.equal(of.length, 13);
  assert.equal(inn.length, 1);
  const server = await api([[IN, { to: OF }]]);
  const report = await updateRedirects(db, sampleDates(db), { endpoint: server.endpoint, now: NOW });
  assert.equal(report.redirects, 1);
  assert.equal(report.changed, 1);
  assert.equal(report.events, 1);
  assert.deepEqual(report.failed, []);
  assert.deepEqual(eventsLinking(db, OF), [...of, ...inn].sort());
  assert.deepEqual(eventsLinking(db, IN), []);
  assert.deepEqual(readAliases(db).get(OF as never), [IN]);
  // Read back, the event's links and spans name the target; its text is unchanged.
  const [e] = readEvents(db, { ids: inn });
  assert.ok(e);
  assert.ok(e.links.includes(OF as never) && !e.links.includes(IN as never));
  const span = e.spans.find((s) => s.title === OF);
  assert.ok(span, 'the span of the redirected link names the target');
  assert.deepEqual(readSpans(db, inn).get(e.id), e.spans);
});

test('asks 50 linked titles a request, politely, in the API’s redirects=1 form', async () => {
  const db = await sampleStore('polite');
  const server = await api([[IN, { to: OF }]]);
  const report = await updateRedirects(db, sampleDates(db), {
    endpoint: server.endpoint,
    contact: 'mailto:test@example.org',
    now: NOW,
  });
  const sizes = server.requests.map((r) => r.titles.length);
  assert.equal(
    sizes.reduce((a, b) => a + b, 0),
    report.asked,
  );
  assert.equal(sizes.length, Math.ceil(report.asked / 50));
  assert.ok(sizes.every((n) => n <= 50));
  for (const r of server.requests) {
    assert.equal(r.params.get('action'), 'query');
    assert.equal(r.params.get('redirects'), '1');
    assert.equal(r.params.get('formatversion'), '2');
    assert.equal(r.params.get('maxlag'), '5');
    assert.equal(r.params.has('prop'), false);
    assert.match(r.userAgent ?? '', /^Currents\/\S+ \(mailto:test@example\.org\) node\//);
  }
});

test('redirects split over continued answers are all kept, with the section a redirect names', async () => {
  const server = await api(
    [
      [IN, { to: OF }],
      ['ISIS', { to: OF, tofragment: 'Name' }],
      ['Daesh', { to: OF }],
    ],
    1,
  );
  const lookup = await fetchRedirects(['Daesh', 'Syria', IN, 'ISIS'], { endpoint: server.endpoint });
  assert.deepEqual(lookup.failed, []);
  assert.deepEqual(lookup.answers, [
    { title: 'Daesh', target: OF },
    { title: 'Syria', target: null },
    { title: IN, target: OF },
    { title: 'ISIS', target: OF, fragment: 'Name' },
  ]);
  assert.deepEqual(
    server.requests.map((r) => r.params.get('rdcontinue')),
    [null, '1', '2'],
  );
});

test('a maxlag answer is waited out as the page fetches do, then the titles are asked again', async () => {
  const server = await api([[IN, { to: OF }]]);
  server.script.push(maxlagAnswer(200, '3'));
  const waits: number[] = [];
  const lookup = await fetchRedirects([IN], {
    endpoint: server.endpoint,
    sleeper: { sleep: async (ms) => void waits.push(ms) },
  });
  assert.deepEqual(waits, [3000]);
  assert.deepEqual(lookup.answers, [{ title: IN, target: OF }]);
});

test('a batch that cannot be fetched is reported and leaves the stored redirects as they were', async () => {
  const db = await sampleStore('failed');
  const server = await api([[IN, { to: OF }]]);
  const report = await updateRedirects(db, ['2016-12-29'], {
    endpoint: server.endpoint.replace('/w/api.php', '/nothing/api.php'),
    retries: 0,
    now: NOW,
  });
  assert.equal(report.failed.length, 1);
  assert.match(report.failed[0]?.message ?? '', /HTTP 404/);
  assert.equal(readRedirects(db, [IN]).size, 0);
});

test('the link stage sees a redirect as a changed context: the event is relinked and shares ISIL with the 13', async () => {
  const db = await sampleStore('link');
  linkArchive(db, { rank: 'reference', now: NOW });
  const [inn] = eventsLinking(db, IN);
  assert.ok(inn);
  const sharedBefore = (readRelated(db, 'reference', [inn as never]).get(inn as never) ?? []).filter((r) =>
    r.shared.includes(OF as never),
  );
  assert.equal(sharedBefore.length, 0);
  const server = await api([[IN, { to: OF }]]);
  await updateRedirects(db, sampleDates(db), { endpoint: server.endpoint, now: NOW });
  const again = linkArchive(db, { rank: 'reference', now: NOW });
  assert.equal(again.changed, 1);
  const sharedAfter = (readRelated(db, 'reference', [inn as never]).get(inn as never) ?? []).filter((r) =>
    r.shared.includes(OF as never),
  );
  assert.ok(sharedAfter.length > 0, 'related events now share the target');
  // A redirect taken back (the title is its own page again) splits them once more.
  await (await import('../../store/redirects.ts')).writeRedirects(db, [{ title: IN, target: null }], NOW());
  assert.deepEqual(eventsLinking(db, IN), [inn]);
  assert.equal(linkArchive(db, { rank: 'reference', now: NOW }).changed, 1);
});

test('update asks about the titles of the days it re-ingested', async () => {
  const store = openStore(join(dir, 'update.db'));
  closers.push(async () => store.db.close());
  const server = await api([[IN, { to: OF }]]);
  const report = await updateDays(store.db, ['2016-12-29', '2016-12-30'], {
    api: { endpoint: server.endpoint },
    now: NOW,
  });
  assert.equal(report.changed, 2);
  assert.ok(report.redirects.asked > 0);
  assert.equal(
    server.requests.filter((r) => r.params.get('redirects') === '1').length,
    Math.ceil(report.redirects.asked / 50),
  );
  const run = store.db.prepare("SELECT report FROM runs WHERE command = 'update'").get();
  const recorded: unknown = JSON.parse(String(run?.['report']));
  assert.ok(recorded && typeof recorded === 'object' && 'redirects' in recorded && 'fetch' in recorded);
});

test('a batch holds 50 titles, fewer when long non-Latin titles would make the URL too long', () => {
  const latin = Array.from({ length: 120 }, (_, i) => `Title ${i}`);
  assert.deepEqual(
    batchTitles(latin, 50).map((b) => b.length),
    [50, 50, 20],
  );
  // About 185 characters each once percent-encoded: 50 of them would be 9 kB of URL.
  const cyrillic = Array.from({ length: 50 }, (_, i) => `Министерство обороны Афганистана ${i}`);
  const batches = batchTitles(cyrillic, 50);
  assert.deepEqual(batches.flat(), cyrillic);
  assert.equal(batches.length, 2);
  for (const b of batches) assert.ok(b.reduce((n, t) => n + encodeURIComponent(t).length + 3, 0) <= 6000);
});
