import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { after, before, describe, test } from 'node:test';
import { readArticles, readResponses } from '../store/articles.ts';
import { openStore } from '../store/open.ts';
import { articleBytes, startServer } from './_testServer.ts';
import { enrichSources } from './enrich.ts';
import { createFetcher } from './fetch.ts';
import { extractPage } from './page.ts';

const CNN = articleBytes('postlight/www.cnn.com.html');
const LATIMES = articleBytes('postlight/www.latimes.com.html');
const SNAPSHOT = '20160429120000';

function addSources(db: DatabaseSync, urls: string[]): void {
  db.prepare(
    "INSERT INTO days (date, title, origin, sha256, raw, parser_version, ingested_at) VALUES ('2016-04-28', 'Portal:Current events/2016 April 28', 'test', 'x', x'00', 1, '2026-01-01T00:00:00Z')",
  ).run();
  urls.forEach((url, i) => {
    const id = `2016-04-28-${i}`;
    db.prepare(
      "INSERT INTO events (id, date, position, category, storyline, text, line, raw) VALUES (?, '2016-04-28', ?, NULL, '[]', 'text', ?, 'raw')",
    ).run(id, i, i + 1);
    db.prepare(
      'INSERT INTO sources (event_id, idx, url, publisher, archive_url, dead_link) VALUES (?, 0, ?, ?, NULL, 0)',
    ).run(id, url, 'Publisher');
  });
}

describe('currents enrich over a temp store against local servers', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let dir: string;
  let cdxQuery: URLSearchParams | null = null;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'currents-enrich-'));
    server = await startServer({
      '/robots.txt': (_q, s) => s.end('User-agent: *\nDisallow: /private/\n'),
      '/cnn/trump': (_q, s) => {
        s.writeHead(200, { 'content-type': 'text/html' }); // no charset: the page's meta tag decides
        s.end(CNN);
      },
      '/latimes/shutdown': (_q, s) => {
        s.writeHead(404, { 'content-type': 'text/html' });
        s.end('<title>Not found</title>');
      },
      '/cdx': (q, s) => {
        cdxQuery = new URL(q.url ?? '/', 'http://x').searchParams;
        s.writeHead(200, { 'content-type': 'application/json' });
        s.end(
          JSON.stringify([
            ['timestamp', 'original', 'statuscode'],
            [SNAPSHOT, `${server.origin}/latimes/shutdown`, '200'],
          ]),
        );
      },
    });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('records ok, archived and blocked sources, then a second run fetches nothing', async () => {
    // The snapshot path embeds the server's own port, known only now.
    const snapshotPath = `/web/${SNAPSHOT}id_/${server.origin}/latimes/shutdown`;
    const store = openStore(join(dir, 'currents.db'));
    const urls = [
      `${server.origin}/cnn/trump`,
      `${server.origin}/latimes/shutdown`,
      `${server.origin}/private/memo`,
      'http://10.0.0.1/story',
      'gopher://example.com/story',
    ];
    addSources(store.db, urls);
    const fetcher = () => createFetcher({ allowHosts: ['127.0.0.1'], hostDelayMs: 5, backoffMs: 10 });
    server.route(snapshotPath, (_q, s) => {
      s.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      s.end(LATIMES);
    });
    const first = await enrichSources(store.db, {
      fetcher: fetcher(),
      extract: extractPage,
      cdx: `${server.origin}/cdx`,
    });
    assert.deepEqual(first.counts, { ok: 1, archived: 1, dead: 0, blocked: 3, failed: 0 });

    const articles = readArticles(store.db, urls);
    assert.deepEqual(
      urls.map((u) => articles.get(u)?.outcome),
      ['ok', 'archived', 'blocked', 'blocked', 'blocked'],
    );
    const cnn = articles.get(urls[0] as string);
    assert.equal(cnn?.title, 'Why Donald Trump won’t change');
    assert.equal(cnn?.finalUrl, urls[0]);
    const la = articles.get(urls[1] as string);
    assert.equal(la?.archiveUrl, `${server.origin}/web/${SNAPSHOT}/${server.origin}/latimes/shutdown`);
    assert.equal(
      la?.title,
      'Report on L.A. school shutdown shows confusion over who was in charge, technology shortcomings',
    );
    assert.equal(cdxQuery?.get('closest'), '20160428000000');
    assert.deepEqual(
      readResponses(store.db, urls[1] as string).map((r) => [r.status, r.requestUrl]),
      [
        [404, urls[1]],
        [200, `${server.origin}${snapshotPath}`],
      ],
    );
    assert.ok(Buffer.from(readResponses(store.db, urls[0] as string)[0]?.body ?? []).equals(CNN));

    const hitsBefore = [...server.hits.values()].reduce((a, b) => a + b, 0);
    const second = await enrichSources(store.db, {
      fetcher: fetcher(),
      extract: extractPage,
      cdx: `${server.origin}/cdx`,
    });
    assert.equal(second.visited, 0);
    assert.deepEqual(second.stored, { ok: 1, archived: 1, dead: 0, blocked: 3, failed: 0 });
    assert.equal(
      [...server.hits.values()].reduce((a, b) => a + b, 0),
      hitsBefore,
    );
    store.db.close();
  });

  test('continues a stopped run where it stopped, fetching nothing twice', async () => {
    const store = openStore(join(dir, 'resume.db'));
    const urls = [
      `${server.origin}/cnn/trump`,
      `${server.origin}/cnn/trump?page=2`,
      `${server.origin}/private/a`,
    ];
    addSources(store.db, urls);
    const fetcher = () => createFetcher({ allowHosts: ['127.0.0.1'], hostDelayMs: 5 });
    const before = server.hits.get('/cnn/trump') ?? 0;
    const first = await enrichSources(store.db, { fetcher: fetcher(), extract: extractPage, limit: 1 });
    assert.equal(first.visited, 1);
    const rest = await enrichSources(store.db, { fetcher: fetcher(), extract: extractPage });
    assert.equal(rest.visited, 2);
    assert.deepEqual(rest.stored, { ok: 2, archived: 0, dead: 0, blocked: 1, failed: 0 });
    assert.equal((server.hits.get('/cnn/trump') ?? 0) - before, 2);
    const retried = await enrichSources(store.db, {
      fetcher: fetcher(),
      extract: extractPage,
      retry: ['blocked'],
    });
    assert.deepEqual([retried.visited, retried.counts.blocked], [1, 1]);
    store.db.close();
  });
});
