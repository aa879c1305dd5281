import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { realPages, startApi } from '../../ingest/api/_testApi.ts';
import { runCli as run } from '../_testRun.ts';

const dir = mkdtempSync(join(tmpdir(), 'currents-cli-update-'));
const closers: (() => Promise<void>)[] = [];
after(async () => {
  await Promise.all(closers.map((c) => c()));
  rmSync(dir, { recursive: true, force: true });
});

test('currents update fetches the last days, then on a second run re-ingests nothing', async () => {
  const api = await startApi(realPages());
  closers.push(api.close);
  const db = join(dir, 'twice.db');
  const args = ['--db', db, 'update', '--days', '10', '--until', '2016-04-30', '--api', api.endpoint];
  const first = await run(args);
  assert.equal(first.code, 0, first.err);
  const lines = first.out.split('\n');
  assert.equal(
    lines[0],
    'Update 2016-04-21 … 2016-04-30: 10 days asked, 2 fetched, 2 changed, 0 unchanged, 8 missing, 0 failed',
  );
  assert.equal(
    lines[1],
    'Missing (no page on the wiki): 2016-04-22, 2016-04-23, 2016-04-24, 2016-04-25, 2016-04-26, 2016-04-27, 2016-04-29, 2016-04-30',
  );
  assert.match(lines[2] ?? '', /^Ingested 2 days \(2 new, 0 replaced, 0 unchanged\): \d+ events/);
  // Not a terminal: one plain progress line per day.
  assert.equal(first.err.split('\n').filter((l) => l.startsWith('update ')).length, 10);
  assert.match(first.err, /^update 1\/10 2016-04-21 changed$/m);
  assert.match(first.err, /^update 8\/10 2016-04-28 changed$/m);

  const second = await run(args);
  assert.equal(second.code, 0, second.err);
  assert.equal(
    second.out.split('\n')[0],
    'Update 2016-04-21 … 2016-04-30: 10 days asked, 2 fetched, 0 changed, 2 unchanged, 8 missing, 0 failed',
  );
  assert.doesNotMatch(second.out, /Ingested/);
  // Page fetches: one a run. Redirect questions: only about the days the first run ingested.
  assert.equal(api.requests.filter((r) => r.params.get('prop') === 'revisions').length, 2);
  assert.match(
    first.err,
    /^redirects: \d+ linked titles asked, 0 are redirects, 0 changed \(0 events re-resolved\)$/m,
  );
  assert.match(second.err, /^redirects: 0 linked titles asked, 0 are redirects/m);
  assert.equal(api.requests.filter((r) => r.params.get('redirects') === '1').length > 0, true);
  assert.match(api.requests[0]?.userAgent ?? '', /^Currents\/0\.1\.0 \(.+\) node\/24\./);
});

test('currents update exits 1 and names the endpoint when the API answers garbage', async () => {
  const api = await startApi(realPages());
  closers.push(api.close);
  api.script.push((res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('not json at all');
  });
  const r = await run([
    '--db',
    join(dir, 'garbage.db'),
    'update',
    '--days',
    '2',
    '--until',
    '2016-04-28',
    '--api',
    api.endpoint,
  ]);
  assert.equal(r.code, 1);
  assert.match(
    r.out,
    new RegExp(
      `^Failed 2016-04-27: MediaWiki API ${api.endpoint.replace(/[.]/g, '\\.')} answered malformed JSON \\(starting "not json at all"\\); is it an api\\.php\\?$`,
      'm',
    ),
  );
});

test('currents update refuses bad --days, --until and --api with exit 2', async () => {
  const db = join(dir, 'usage.db');
  const days = await run(['--db', db, 'update', '--days', '0']);
  assert.equal(days.code, 2);
  assert.match(days.err, /--days needs a whole number from 1 to 366, e\.g\. --days 7 \(got "0"\)/);
  const until = await run(['--db', db, 'update', '--until', '2016-02-30']);
  assert.equal(until.code, 2);
  assert.match(until.err, /--until needs a date written YYYY-MM-DD/);
  const api = await run(['--db', db, 'update', '--api', 'ftp://example.org/w/api.php']);
  assert.equal(api.code, 2);
  assert.match(api.err, /--api needs an http\(s\) URL/);
});

test('currents ingest --from --to --api fetches the range; a missing day is a warning', async () => {
  const api = await startApi(realPages());
  closers.push(api.close);
  const db = join(dir, 'ingest-api.db');
  const r = await run([
    '--db',
    db,
    'ingest',
    '--from',
    '2016-04-27',
    '--to',
    '2016-04-28',
    '--api',
    api.endpoint,
    '--contact',
    'mailto:archive@example.org',
  ]);
  assert.equal(r.code, 0, r.err);
  assert.match(api.requests[0]?.userAgent ?? '', /^Currents\/0\.1\.0 \(mailto:archive@example\.org\) node\//);
  assert.match(r.out, /^Ingested 1 day \(1 new, 0 replaced, 0 unchanged\)/);
  assert.match(r.err, /2016-04-27: no page "Portal:Current events\/2016 April 27" on the wiki/);
  const asked = /^redirects: (\d+) linked titles asked, 0 are redirects/m.exec(r.err);
  assert.ok(asked, r.err);
  const questions = api.requests.filter((q) => q.params.get('redirects') === '1');
  assert.equal(
    questions.reduce((n, q) => n + q.titles.length, 0),
    Number(asked[1]),
  );
  assert.ok(
    questions.every((q) => /^Currents\/0\.1\.0 \(mailto:archive@example\.org\)/.test(q.userAgent ?? '')),
  );
});

test('currents ingest --api exits 1 naming the endpoint when days cannot be fetched', async () => {
  const api = await startApi(realPages());
  closers.push(api.close);
  api.script.push((res) => {
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end('<title>Not found</title>');
  });
  const db = join(dir, 'ingest-fail.db');
  const r = await run([
    '--db',
    db,
    'ingest',
    '--from',
    '2016-04-28',
    '--to',
    '2016-04-28',
    '--api',
    api.endpoint,
  ]);
  assert.equal(r.code, 1);
  assert.match(
    r.err,
    /currents: Could not fetch day 2016-04-28 from the MediaWiki API http:\/\/127\.0\.0\.1:\d+\/w\/api\.php; the other days were ingested/,
  );
});
