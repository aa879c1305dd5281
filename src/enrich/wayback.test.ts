import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer } from './_testServer.ts';
import { createFetcher } from './fetch.ts';
import { findSnapshot, parseArchiveUrl } from './wayback.ts';

describe('web-archive rescue', () => {
  test('reads the original URL out of a cited web.archive.org URL (from the 2016 sample)', () => {
    const cited =
      'https://web.archive.org/web/20161218214428/http://www.startribune.com/indonesian-military-plane-crashes-in-papua-killing-all-13/407255046/';
    assert.deepEqual(parseArchiveUrl(cited), {
      timestamp: '20161218214428',
      original:
        'http://www.startribune.com/indonesian-military-plane-crashes-in-papua-killing-all-13/407255046/',
      archiveUrl: cited,
      rawUrl:
        'https://web.archive.org/web/20161218214428id_/http://www.startribune.com/indonesian-military-plane-crashes-in-papua-killing-all-13/407255046/',
    });
    assert.equal(parseArchiveUrl('https://www.startribune.com/web/2016/x'), null);
  });

  let server: Awaited<ReturnType<typeof startServer>>;
  let query: URLSearchParams | null = null;
  before(async () => {
    server = await startServer({
      '/cdx': (req, res) => {
        query = new URL(req.url ?? '/', 'http://x').searchParams;
        res.writeHead(200, { 'content-type': 'application/json' });
        const url = query.get('url') ?? '';
        res.end(
          url.includes('never-archived')
            ? '[]'
            : JSON.stringify([
                ['timestamp', 'original', 'statuscode'],
                ['20160428093000', url, '200'],
              ]),
        );
      },
    });
  });
  after(() => server.close());

  test('asks the CDX endpoint for the 200 snapshot closest to the event date', async () => {
    const fetcher = createFetcher({ allowHosts: ['127.0.0.1'], hostDelayMs: 0 });
    const snap = await findSnapshot('http://bigstory.ap.org/article/un-syria', '2016-04-28', {
      fetcher,
      cdx: `${server.origin}/cdx`,
    });
    assert.deepEqual(snap, {
      timestamp: '20160428093000',
      original: 'http://bigstory.ap.org/article/un-syria',
      rawUrl: `${server.origin}/web/20160428093000id_/http://bigstory.ap.org/article/un-syria`,
      archiveUrl: `${server.origin}/web/20160428093000/http://bigstory.ap.org/article/un-syria`,
    });
    assert.deepEqual(
      ['closest', 'sort', 'filter', 'limit'].map((k) => query?.get(k)),
      ['20160428000000', 'closest', 'statuscode:200', '1'],
    );
  });

  test('resolves to null when the archive has no snapshot or cannot be reached', async () => {
    const fetcher = createFetcher({ allowHosts: ['127.0.0.1'], hostDelayMs: 0 });
    const cdx = `${server.origin}/cdx`;
    assert.equal(
      await findSnapshot('http://example.com/never-archived', '2016-04-28', { fetcher, cdx }),
      null,
    );
    const offline = createFetcher({
      resolver: {
        resolve: async () => Promise.reject(Object.assign(new Error('nx'), { code: 'ENOTFOUND' })),
      },
    });
    assert.equal(await findSnapshot('http://example.com/a', '2016-04-28', { fetcher: offline }), null);
  });
});
