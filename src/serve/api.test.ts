import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { AP_LEDE } from '../../test/fixtures/ap.ts';
import { type ServeFixture, serveFixture } from '../../test/fixtures/serve.ts';
import { PAYLOAD } from '../../test/fixtures/xss.ts';
import { linkArchive } from '../link/link.ts';
import { json, type RawAnswer, rawRequest } from './_request.ts';
import { createCurrentsServer, type Listening, listen } from './server.ts';

/** The de Mistura event of the reference page. */
const MISTURA = '20160428-b05e633a3066';

/** The reference page's related events, in order (spec/reference-event-page.md), by their dates and first words. */
const REFERENCE_RELATED = [
  ['2015-10-27', 'Iran is invited to attend the next round of talks'],
  ['2016-10-05', 'France seeks United States and Russian support'],
  ['2016-04-21', 'Staffan de Mistura, U.N. envoy to Syria, says'],
  ['2016-04-16', 'Syrian government airstrikes, and rockets'],
];

interface ErrorBody {
  error: { status: number; code: string; message: string };
}

describe('currents serve: the JSON API', () => {
  let fx: ServeFixture;
  let srv: Listening;
  const logged: string[] = [];
  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
    rawRequest(srv.url, path, { headers, method });
  const body = <T>(r: RawAnswer) => json(r) as T;

  before(async () => {
    fx = await serveFixture();
    srv = await listen(
      createCurrentsServer({ db: fx.store.db, root: fx.site, log: (m) => logged.push(m) }),
      0,
      '127.0.0.1',
    );
  });
  after(async () => {
    await srv.close();
    fx.dispose();
  });

  test('GET /api lists the endpoints, with CORS', async () => {
    const r = await get('/api');
    assert.equal(r.status, 200);
    assert.equal(r.headers['access-control-allow-origin'], '*');
    assert.deepEqual(body<{ endpoints: string[] }>(r).endpoints, [
      'GET /api/days',
      'GET /api/days/{YYYY-MM-DD}?page=&limit=',
      'GET /api/events/{id}',
      'GET /api/entities/{title}?page=&limit=&order=asc|desc',
      'GET /api/search?q=&page=&limit=',
    ]);
  });

  test('GET /api/days lists every stored day with its event count', async () => {
    const days = body<{ days: { date: string; events: number }[] }>(await get('/api/days')).days;
    assert.equal(days.length, 25);
    assert.deepEqual(days[0], { date: '2015-10-27', events: 23, api: '/api/days/2015-10-27' });
    assert.equal(days.find((d) => d.date === '2016-04-28')?.events, 26);
  });

  test('GET /api/days/2016-04-28: events in portal order with paths, sources, ledes and neighbours', async () => {
    const r = await get('/api/days/2016-04-28');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
    const day = body<{
      date: string;
      title: string;
      prev: { date: string };
      next: { date: string };
      events: { id: string; position: number; path: string; text: string; excerpt: string | null }[];
    }>(r);
    assert.equal(day.title, 'Portal:Current events/2016 April 28');
    assert.equal(day.prev.date, '2016-04-21');
    assert.equal(day.next.date, '2016-06-16');
    assert.deepEqual(
      day.events.map((e) => e.position),
      day.events.map((_, i) => i),
    );
    const e = day.events.find((x) => x.id === MISTURA);
    assert.equal(
      e?.path,
      '/news/2016/04/28/united-nations-envoy-for-syria-staffan-de-mistura-appeals-to-the-united-states-and-russia-to-intervene-to-help-revive-the-failing-syrian-pea',
    );
    assert.equal(e?.excerpt, AP_LEDE);
  });

  test('GET /api/events/:id: the event with its AP lede and the reference related list (computed before linking)', async () => {
    const r = await get(`/api/events/${MISTURA}`);
    assert.equal(r.status, 200);
    const e = body<{
      text: string;
      context: string[];
      relatedOrigin: string;
      sources: { publisher: string; article: { lede: string } | null }[];
      related: { date: string; text: string; shared: string[]; score: number }[];
    }>(r);
    assert.match(e.text, /^United Nations envoy for Syria Staffan de Mistura appeals/);
    assert.deepEqual(e.context, [
      'Russia',
      'Staffan de Mistura',
      'Syria',
      'Syrian peace process',
      'United Nations',
      'United States',
    ]);
    assert.equal(e.sources[0]?.publisher, 'AP');
    assert.equal(e.sources[0]?.article?.lede, AP_LEDE);
    assert.equal(e.relatedOrigin, 'computed');
    assert.equal(e.related.length, 10);
    assert.deepEqual(
      e.related
        .slice(0, 4)
        .map((x) => [x.date, x.text.slice(0, REFERENCE_RELATED[e.related.indexOf(x)]?.[1]?.length)]),
      REFERENCE_RELATED,
    );
    assert.deepEqual(e.related[0]?.shared, [
      'Russia',
      'Staffan de Mistura',
      'Syria',
      'United Nations',
      'United States',
    ]);
  });

  test('after `currents link`, the stored related list is served and equals the computed one', async () => {
    const computed = body<{ related: unknown[] }>(await get(`/api/events/${MISTURA}`)).related;
    linkArchive(fx.store.db);
    const stored = body<{ relatedOrigin: string; related: unknown[] }>(await get(`/api/events/${MISTURA}`));
    assert.equal(stored.relatedOrigin, 'stored');
    assert.deepEqual(stored.related, computed);
  });

  test('GET /api/entities/:title: a paged timeline with years and co-occurring entities', async () => {
    const r = await get('/api/entities/Staffan_de_Mistura?limit=2');
    const v = body<{
      title: string;
      total: number;
      pages: number;
      years: { year: string; events: number }[];
      cooccurring: { title: string; events: number }[];
      events: { date: string; own: boolean }[];
    }>(r);
    assert.equal(v.title, 'Staffan de Mistura');
    assert.equal(v.total, 4);
    assert.equal(v.pages, 2);
    assert.deepEqual(v.years, [
      { year: '2015', events: 1 },
      { year: '2016', events: 3 },
    ]);
    assert.deepEqual(v.cooccurring[0], { title: 'Syria', events: 4, api: '/api/entities/Syria' });
    assert.deepEqual(
      v.events.map((e) => e.date),
      ['2015-10-27', '2016-04-16'],
    );
    const page2 = body<{ events: { date: string }[] }>(
      await get('/api/entities/Staffan%20de%20Mistura?limit=2&page=2'),
    );
    assert.deepEqual(
      page2.events.map((e) => e.date),
      ['2016-04-21', '2016-04-28'],
    );
    const desc = body<{ events: { date: string }[] }>(
      await get('/api/entities/staffan_de_Mistura?order=desc&limit=1'),
    );
    assert.deepEqual(
      desc.events.map((e) => e.date),
      ['2016-04-28'],
    );
  });

  test('entity timeline pages, whatever their size, join up to the full (date, position) order', async () => {
    for (const order of ['asc', 'desc'] as const) {
      const dir = order === 'asc' ? 'ASC' : 'DESC';
      const expected = fx.store.db
        .prepare(
          `SELECT e.id FROM event_entities x JOIN events e ON e.id = x.event_id WHERE x.title = 'Syria'
            ORDER BY e.date ${dir}, e.position ${dir}`,
        )
        .all()
        .map((r) => String(r['id']));
      assert.equal(expected.length, 20);
      for (const limit of [1, 3, 7, 20]) {
        const ids: string[] = [];
        for (let page = 1; page <= Math.ceil(20 / limit); page++) {
          const v = body<{ events: { id: string }[] }>(
            await get(`/api/entities/Syria?order=${order}&limit=${limit}&page=${page}`),
          );
          ids.push(...v.events.map((e) => e.id));
        }
        assert.deepEqual(ids, expected, `${order} limit ${limit}`);
      }
    }
    const beyond = body<{ events: unknown[] }>(await get('/api/entities/Syria?page=9&limit=3'));
    assert.deepEqual(beyond.events, []);
  });

  test('GET /api/search?q=de+Mistura: ranked, paged hits with highlights', async () => {
    const r = await get('/api/search?q=de+Mistura&limit=2');
    const v = body<{
      expression: string;
      total: number;
      pages: number;
      hits: { id: string; score: number; snippet: { text: string; match: boolean }[]; snippetHtml: string }[];
    }>(r);
    assert.equal(v.expression, '"de" "mistura"');
    assert.equal(v.total, 4);
    assert.equal(v.pages, 2);
    assert.equal(v.hits.length, 2);
    assert.ok((v.hits[0]?.score ?? 0) >= (v.hits[1]?.score ?? 0));
    for (const h of v.hits) assert.match(h.snippetHtml, /<mark>de<\/mark> <mark>Mistura<\/mark>/);
    const page2 = body<{ hits: { id: string }[] }>(await get('/api/search?q=de+Mistura&limit=2&page=2'));
    const all = body<{ hits: { id: string }[] }>(await get('/api/search?q=de+Mistura'));
    assert.deepEqual(
      [...v.hits, ...page2.hits].map((h) => h.id),
      all.hits.map((h) => h.id),
    );
    assert.ok(all.hits.some((h) => h.id === MISTURA));
  });

  test('search finds ledes, and escapes markup from the archive in snippetHtml', async () => {
    const lede = body<{ hits: { id: string }[] }>(await get('/api/search?q=sputtered'));
    assert.deepEqual(
      lede.hits.map((h) => h.id),
      [MISTURA],
    );
    const xss = body<{ hits: { text: string; snippetHtml: string }[] }>(await get('/api/search?q=zorblax'));
    assert.equal(xss.hits.length, 1);
    assert.ok(xss.hits[0]?.text.includes(`<script>${PAYLOAD}</script>`), xss.hits[0]?.text);
    assert.doesNotMatch(xss.hits[0]?.snippetHtml ?? '', /<script|<\/script|"on/);
    assert.match(xss.hits[0]?.snippetHtml ?? '', /<mark>Zorblax<\/mark> &#34;onmouseover=&#34;window/);
  });

  test('FTS5 syntax in a query is searched as words, never a 500', async () => {
    for (const q of [
      '"',
      'AND',
      'NEAR(',
      'a OR',
      'col:x',
      '*',
      '^',
      '(',
      '-x',
      '"unterminated',
      'x\u00a0y',
    ]) {
      const r = await get(`/api/search?q=${encodeURIComponent(q)}`);
      assert.equal(r.status, 200, q);
      assert.equal(typeof body<{ total: number }>(r).total, 'number');
    }
    assert.deepEqual(logged, []);
  });

  const bad: [string, number, string][] = [
    ['/api/days/2016-4-28', 400, 'bad_date'],
    ['/api/days/2016-02-30', 400, 'bad_date'],
    ['/api/days/yesterday', 400, 'bad_date'],
    ['/api/days/2016-04-29', 404, 'not_found'],
    ['/api/events/nope', 400, 'bad_id'],
    ['/api/events/20160428-000000000000', 404, 'not_found'],
    ['/api/events/..%2f..%2fetc%2fpasswd', 400, 'bad_id'],
    ['/api/entities/No%20such%20entity%20here', 404, 'not_found'],
    ['/api/entities/%20', 400, 'bad_title'],
    [`/api/entities/${'x'.repeat(300)}`, 414, 'title_too_long'],
    ['/api/entities/Syria?page=0', 400, 'bad_paging'],
    ['/api/entities/Syria?limit=1000', 400, 'bad_paging'],
    ['/api/entities/Syria?order=sideways', 400, 'bad_order'],
    ['/api/search', 400, 'bad_query'],
    ['/api/search?q=', 400, 'bad_query'],
    ['/api/search?q=a&q=b', 400, 'bad_query'],
    [`/api/search?q=${'a'.repeat(201)}`, 414, 'query_too_long'],
    ['/api/search?q=Syria&page=-1', 400, 'bad_paging'],
    ['/api/search?q=Syria&page=1.5', 400, 'bad_paging'],
    ['/api/search?q=Syria&limit=abc', 400, 'bad_paging'],
    ['/api/search?q=Syria&page=1001', 400, 'bad_paging'],
    ['/api/search?q=%E0%A4%A', 200, ''],
    ['/api/nothing', 404, 'not_found'],
    ['/api/days/2016-04-28/extra', 404, 'not_found'],
    ['/api/events/%E0%A4%A', 400, 'bad_path'],
    [`/api/search?q=${'a'.repeat(5000)}`, 414, 'uri_too_long'],
  ];
  for (const [path, status, code] of bad) {
    test(`${path.slice(0, 60)} → ${status} ${code}`, async () => {
      const r = await get(path);
      assert.equal(r.status, status);
      assert.equal(r.headers['access-control-allow-origin'], '*');
      if (status !== 200) {
        const e = body<ErrorBody>(r);
        assert.equal(e.error.status, status);
        assert.equal(e.error.code, code);
        assert.doesNotMatch(e.error.message, /at .*\.ts:\d+|SQLITE|Error:/);
      }
    });
  }

  test('an unexpected failure is a generic JSON 500; the details go to the log only', async () => {
    const broken = await serveFixture();
    const s = await listen(
      createCurrentsServer({ db: broken.store.db, root: broken.site, log: (m) => logged.push(m) }),
      0,
      '127.0.0.1',
    );
    try {
      broken.store.db.exec('DROP TABLE event_search');
      const r = await rawRequest(s.url, '/api/search?q=Syria');
      assert.equal(r.status, 500);
      assert.deepEqual(json(r), {
        error: { status: 500, code: 'internal', message: 'Internal server error' },
      });
      assert.match(logged.at(-1) ?? '', /no such table: event_search[\s\S]*at /);
    } finally {
      logged.length = 0;
      await s.close();
      broken.dispose();
    }
  });

  test('API answers carry an ETag and answer 304; large ones are compressed', async () => {
    const first = await get(`/api/events/${MISTURA}`);
    const etag = String(first.headers.etag);
    assert.equal((await get(`/api/events/${MISTURA}`, { 'If-None-Match': etag })).status, 304);
    const br = await get('/api/days/2016-04-28', { 'Accept-Encoding': 'br' });
    assert.equal(br.headers['content-encoding'], 'br');
    const gz = await get('/api/days/2016-04-28', { 'Accept-Encoding': 'gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    const plain = await get('/api/days/2016-04-28');
    assert.deepEqual(brotliDecompressSync(br.body), plain.body);
    assert.deepEqual(gunzipSync(gz.body), plain.body);
  });

  test('API answers say in Server-Timing how long they took to make (wall and CPU milliseconds)', async () => {
    const timing = (r: RawAnswer) => {
      const m = /^app;dur=(\d+\.\d{2}), cpu;dur=(\d+\.\d{2})$/.exec(String(r.headers['server-timing']));
      assert.ok(m, String(r.headers['server-timing']));
      return { app: Number(m[1]), cpu: Number(m[2]) };
    };
    const search = await get('/api/search?q=de+Mistura');
    assert.equal(search.status, 200);
    const t = timing(search);
    // Made in this process and well within the request's round trip; never negative.
    assert.ok(t.app > 0 && t.app < 5_000, `${t.app}`);
    assert.ok(t.cpu >= 0 && t.cpu < 5_000, `${t.cpu}`);
    const notModified = await get('/api/search?q=de+Mistura', {
      'If-None-Match': String(search.headers.etag),
    });
    assert.equal(notModified.status, 304);
    assert.ok(timing(notModified).app > 0);
    // Site files are not made per request: no timing there.
    assert.equal((await get('/')).headers['server-timing'], undefined);
  });

  test('CORS: preflight answered 204 with the allowed methods; site pages carry no CORS', async () => {
    const pre = await get(
      '/api/search?q=x',
      { Origin: 'http://example.org', 'Access-Control-Request-Method': 'GET' },
      'OPTIONS',
    );
    assert.equal(pre.status, 204);
    assert.equal(pre.headers['access-control-allow-origin'], '*');
    assert.equal(pre.headers['access-control-allow-methods'], 'GET, HEAD, OPTIONS');
    const site = await get('/');
    assert.equal(site.headers['access-control-allow-origin'], undefined);
    const post = await get('/api/days', {}, 'DELETE');
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, HEAD, OPTIONS');
  });
});
