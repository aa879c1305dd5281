import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { UsageError } from '../../model/errors.ts';
import type { Sleeper } from './_http.ts';
import { maxlagAnswer, realPages, startApi } from './_testApi.ts';
import { type ApiOptions, type DayResult, fetchDays, pageUrl } from './client.ts';
import { dateRange } from './titles.ts';

const pages = realPages();
const servers: { close: () => Promise<void> }[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

async function api(options: Parameters<typeof startApi>[1] = {}) {
  const s = await startApi(pages, options);
  servers.push(s);
  return s;
}

/** Records every wait the client asks for and sleeps a hundredth of it. */
function fastSleeper(): Sleeper & { waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: (ms, signal) => {
      waits.push(ms);
      return delay(ms / 100, undefined, signal ? { signal } : {});
    },
  };
}

async function collect(dates: string[], options: ApiOptions): Promise<DayResult[]> {
  const out: DayResult[] = [];
  for await (const r of fetchDays(dates, options)) out.push(r);
  return out;
}

function statuses(results: DayResult[]): Record<string, string> {
  return Object.fromEntries(results.map((r) => [r.date, r.status]));
}

test('fetches real days with their revision ids, exact wikitext and a descriptive User-Agent', async () => {
  const s = await api();
  const results = await collect(['2016-04-28', '2003-09-05'], {
    endpoint: s.endpoint,
    contact: 'ops@example.org',
  });
  assert.equal(results.length, 2);
  const [a, b] = results;
  assert.ok(a?.status === 'ok' && b?.status === 'ok');
  assert.equal(a.day.revisionId, 1334920899);
  assert.equal(a.day.title, 'Portal:Current events/2016 April 28');
  assert.equal(a.day.dateHint, '2016-04-28');
  assert.equal(a.day.revisionTimestamp, '2026-01-01T00:00:00Z');
  assert.equal(Buffer.from(a.day.bytes).toString('utf8'), pages.get('2016-04-28')?.content);
  assert.equal(
    a.day.origin,
    `${s.endpoint.replace('api.php', 'index.php')}?title=Portal%3ACurrent_events%2F2016_April_28&oldid=1334920899`,
  );
  assert.equal(b.day.revisionId, 1076737772);
  assert.equal(s.requests.length, 1);
  const req = s.requests[0]!;
  assert.match(req.userAgent ?? '', /^Currents\/0\.1\.0 \(ops@example\.org\) node\/24\./);
  assert.deepEqual(Object.fromEntries(req.params), {
    action: 'query',
    prop: 'revisions',
    rvprop: 'content|ids|timestamp',
    rvslots: 'main',
    formatversion: '2',
    format: 'json',
    maxlag: '5',
    titles: 'Portal:Current events/2016 April 28|Portal:Current events/2003 September 5',
  });
});

test('asks for 50 titles a request: 61 days take two requests, in date order, missing days reported', async () => {
  const s = await api();
  const dates = dateRange('2016-03-01', '2016-04-30');
  const results = await collect(dates, { endpoint: s.endpoint });
  assert.deepEqual(
    s.requests.map((r) => r.titles.length),
    [50, 11],
  );
  assert.deepEqual(
    results.map((r) => r.date),
    dates,
  );
  const ok = results.filter((r) => r.status === 'ok').map((r) => r.date);
  assert.deepEqual(ok, ['2016-03-16', '2016-03-22', '2016-04-16', '2016-04-21', '2016-04-28']);
  const missing = results.find((r) => r.date === '2016-03-01');
  assert.deepEqual(missing, {
    status: 'missing',
    date: '2016-03-01',
    title: 'Portal:Current events/2016 March 1',
    url: pageUrl(s.endpoint, 'Portal:Current events/2016 March 1'),
  });
  assert.equal(results.filter((r) => r.status === 'missing').length, 56);
});

test('waits as long as Retry-After says after a 429, then succeeds', async () => {
  const s = await api();
  s.script.push((res) => {
    res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain' });
    res.end('Too many requests');
  });
  const sleeper = fastSleeper();
  const retries: string[] = [];
  const results = await collect(['2016-04-28'], {
    endpoint: s.endpoint,
    sleeper,
    onRetry: (why, ms) => retries.push(`${why} ${ms}`),
  });
  assert.deepEqual(statuses(results), { '2016-04-28': 'ok' });
  assert.deepEqual(sleeper.waits, [1000]);
  assert.deepEqual(retries, ['HTTP 429 1000']);
  assert.equal(s.requests.length, 2);
});

test('backs off on a maxlag error (HTTP 503 with Retry-After), then succeeds', async () => {
  const s = await api();
  s.script.push(maxlagAnswer(503, '2'));
  const sleeper = fastSleeper();
  const results = await collect(['2021-03-14'], { endpoint: s.endpoint, sleeper });
  assert.deepEqual(statuses(results), { '2021-03-14': 'ok' });
  assert.deepEqual(sleeper.waits, [2000]);
  assert.equal(s.requests.length, 2);
});

test("treats a maxlag error in an HTTP 200 answer (today's api.php) the same way", async () => {
  const s = await api();
  s.script.push(maxlagAnswer(200, '5'));
  const retries: string[] = [];
  const sleeper = fastSleeper();
  const results = await collect(['2021-03-14'], {
    endpoint: s.endpoint,
    sleeper,
    onRetry: (why) => retries.push(why),
  });
  assert.deepEqual(statuses(results), { '2021-03-14': 'ok' });
  assert.deepEqual(sleeper.waits, [5000]);
  assert.deepEqual(retries, ['API error maxlag: Waiting for 10.64.16.8: 7 seconds lagged.']);
});

test('gives up after the capped retries and reports every day of the batch failed', async () => {
  const s = await api();
  for (let i = 0; i < 10; i++) {
    s.script.push((res) => {
      res.writeHead(503, { 'content-type': 'text/html' });
      res.end('<h1>Service unavailable</h1>');
    });
  }
  const sleeper = fastSleeper();
  const results = await collect(['2016-04-27', '2016-04-28'], { endpoint: s.endpoint, sleeper, retries: 3 });
  assert.equal(s.requests.length, 4);
  assert.deepEqual(sleeper.waits, [1000, 2000, 4000]);
  assert.deepEqual(statuses(results), { '2016-04-27': 'failed', '2016-04-28': 'failed' });
  const failed = results[0];
  assert.ok(failed?.status === 'failed');
  assert.equal(failed.message, `MediaWiki API ${s.endpoint} answered HTTP 503 (gave up after 4 attempts)`);
});

test('a malformed JSON answer fails the batch with a message naming the endpoint, without retrying', async () => {
  const s = await api();
  s.script.push((res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"batchcomplete":true,"query":{"pages":[{"title":"Portal:Current ev');
  });
  const results = await collect(['2016-04-28'], { endpoint: s.endpoint, sleeper: fastSleeper() });
  const r = results[0];
  assert.ok(r?.status === 'failed');
  assert.equal(
    r.message,
    `MediaWiki API ${s.endpoint} answered malformed JSON (starting "{\\"batchcomplete\\":true,\\"query\\":{\\"pages\\":[{\\"title\\":\\"Portal:Cur"); is it an api.php?`,
  );
  assert.equal(s.requests.length, 1);
});

test("an answer that is JSON but not the API's shape is named as such", async () => {
  const s = await api();
  s.script.push((res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"hello":"world"}');
  });
  const [r] = await collect(['2016-04-28'], { endpoint: s.endpoint });
  assert.ok(r?.status === 'failed');
  assert.match(r.message, /answered in an unexpected shape: the answer has no "query" object/);
});

test('never has more requests in flight than the concurrency bound', async () => {
  const dates = dateRange('2016-01-01', '2016-06-30'); // 182 days: 4 requests
  for (const concurrency of [1, 2, 3]) {
    const s = await api({ delayMs: 150 });
    const results = await collect(dates, { endpoint: s.endpoint, concurrency });
    assert.equal(s.requests.length, 4);
    assert.equal(s.maxInFlight(), concurrency, `concurrency ${concurrency}`);
    assert.deepEqual(
      results.map((r) => r.date),
      dates,
    );
  }
});

test('follows rvcontinue until every page of the batch has its revision', async () => {
  const s = await api({ maxPagesPerAnswer: 2 });
  const dates = ['2016-04-16', '2016-04-21', '2016-04-22', '2016-04-28', '2016-06-16', '2016-07-01'];
  const results = await collect(dates, { endpoint: s.endpoint });
  assert.deepEqual(statuses(results), {
    '2016-04-16': 'ok',
    '2016-04-21': 'ok',
    '2016-04-22': 'missing',
    '2016-04-28': 'ok',
    '2016-06-16': 'ok',
    '2016-07-01': 'ok',
  });
  assert.deepEqual(
    s.requests.map((r) => r.params.get('rvcontinue')),
    [null, '2', '5'],
  );
});

test('a server that never answers fails after the timeout', async () => {
  const s = await api();
  s.script.push(
    () => {},
    () => {},
  );
  const [r] = await collect(['2016-04-28'], {
    endpoint: s.endpoint,
    timeoutMs: 150,
    retries: 1,
    sleeper: fastSleeper(),
  });
  assert.ok(r?.status === 'failed');
  assert.equal(
    r.message,
    `MediaWiki API ${s.endpoint}: no complete answer within 150 ms (gave up after 2 attempts)`,
  );
});

test('an answer larger than the cap is refused', async () => {
  const s = await api();
  const [r] = await collect(['2016-04-28'], { endpoint: s.endpoint, maxBytes: 4096 });
  assert.ok(r?.status === 'failed');
  assert.match(r.message, /larger than the 4096-byte cap/);
});

test('only http(s) endpoints are accepted', async () => {
  await assert.rejects(collect(['2016-04-28'], { endpoint: 'file:///etc/passwd' }), (e: unknown) => {
    assert.ok(e instanceof UsageError);
    assert.equal(
      e.message,
      '--api needs an http(s) URL, e.g. --api https://en.wikipedia.org/w/api.php (got "file:///etc/passwd")',
    );
    return true;
  });
});
