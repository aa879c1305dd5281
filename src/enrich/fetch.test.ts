import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import zlib from 'node:zlib';
import { VERSION } from '../model/version.ts';
import { articleBytes, startServer } from './_testServer.ts';
import { createFetcher, type FetcherOptions } from './fetch.ts';

const CNN = articleBytes('postlight/www.cnn.com.html');
// 64 MiB of zeros, gzipped to ~64 KiB: made once, before any memory is measured.
const BOMB = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024));
const html = { 'content-type': 'text/html; charset=utf-8' };

describe('fetcher against a misbehaving local server', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let tries429 = 0;
  before(async () => {
    // Compressed once, up front: brotli at its default quality takes longer than the headers timeout.
    const gz = zlib.gzipSync(CNN);
    const br = zlib.brotliCompressSync(CNN);
    server = await startServer({
      '/robots.txt': (_q, s) => s.end('User-agent: *\nDisallow: /private/\n'),
      '/article': (_q, s) => {
        s.writeHead(200, html);
        s.end(CNN);
      },
      '/article.gz': (_q, s) => {
        s.writeHead(200, { ...html, 'content-encoding': 'gzip' });
        s.end(gz);
      },
      '/article.br': (_q, s) => {
        s.writeHead(200, { ...html, 'content-encoding': 'br' });
        s.end(br);
      },
      '/slow-headers': () => {},
      '/slow-body': (_q, s) => {
        s.writeHead(200, html);
        s.write(CNN.subarray(0, 1000));
      },
      '/endless': (_q, s) => {
        s.writeHead(200, html);
        const chunk = Buffer.alloc(64 * 1024, 'a');
        const timer = setInterval(() => s.write(chunk), 1);
        s.on('close', () => clearInterval(timer));
      },
      '/bomb': (_q, s) => {
        s.writeHead(200, { ...html, 'content-encoding': 'gzip' });
        s.end(BOMB);
      },
      '/loop-a': (_q, s) => {
        s.writeHead(302, { location: '/loop-b' });
        s.end();
      },
      '/loop-b': (_q, s) => {
        s.writeHead(302, { location: '/loop-a' });
        s.end();
      },
      '/to-localhost': (_q, s) => {
        s.writeHead(302, { location: `http://localhost:${server.port}/article` });
        s.end();
      },
      '/to-metadata': (_q, s) => {
        s.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' });
        s.end();
      },
      '/to-file': (_q, s) => {
        s.writeHead(301, { location: 'file:///etc/passwd' });
        s.end();
      },
      '/busy': (_q, s) => {
        tries429++;
        if (tries429 === 1) {
          s.writeHead(429, { 'retry-after': '1' });
          s.end();
          return;
        }
        s.writeHead(200, html);
        s.end(CNN);
      },
      '/always-503': (_q, s) => {
        s.writeHead(503, { 'retry-after': '0' });
        s.end();
      },
      '/private/page': (_q, s) => s.end('secret'),
      '/gone': (_q, s) => {
        s.writeHead(410, html);
        s.end('<title>Gone</title>');
      },
      '/wrong-charset': (_q, s) => {
        s.writeHead(200, { 'content-type': 'text/html; charset=iso-8859-1' });
        s.end(CNN);
      },
      '/soft-404': (_q, s) => {
        s.writeHead(200, html);
        s.end('<html><head><title>Page Not Found | Example News</title></head><body>Sorry</body></html>');
      },
    });
  });
  after(() => server.close());

  const options = (extra: FetcherOptions = {}): FetcherOptions => ({
    allowHosts: ['127.0.0.1'],
    hostDelayMs: 5,
    backoffMs: 10,
    headersTimeoutMs: 500,
    totalTimeoutMs: 1500,
    maxBytes: 2 * 1024 * 1024,
    maxDecodedBytes: 4 * 1024 * 1024,
    ...extra,
  });

  test('fetches a real article page byte for byte', async () => {
    const out = await createFetcher(options()).fetch(`${server.origin}/article`);
    assert.equal(out.status, 'ok');
    assert.ok(out.status === 'ok' && Buffer.from(out.response.body).equals(CNN));
  });

  test('undoes gzip and brotli content-encoding', async () => {
    const f = createFetcher(options());
    for (const path of ['/article.gz', '/article.br']) {
      const out = await f.fetch(`${server.origin}${path}`);
      assert.ok(out.status === 'ok' && Buffer.from(out.response.body).equals(CNN), path);
    }
  });

  test('sends a descriptive User-Agent with the contact URL', async () => {
    const f = createFetcher(options({ contact: 'https://currents.example/bot' }));
    assert.equal(
      f.userAgent,
      `Currents/${VERSION} (+https://currents.example/bot) node/${process.versions.node}`,
    );
  });

  test('gives up on slow headers with a failed outcome', async () => {
    const out = await createFetcher(options()).fetch(`${server.origin}/slow-headers`);
    assert.equal(out.status, 'failed');
    assert.match(out.status === 'failed' ? out.reason : '', /^headers-timeout/);
  });

  test('gives up on a slow body with a failed outcome', async () => {
    const out = await createFetcher(options()).fetch(`${server.origin}/slow-body`);
    assert.match(out.status === 'failed' ? out.reason : out.status, /^body-timeout/);
  });

  test('stops an endless body at the byte cap', async () => {
    const out = await createFetcher(options({ totalTimeoutMs: 10_000 })).fetch(`${server.origin}/endless`);
    assert.match(out.status === 'failed' ? out.reason : out.status, /^too-large: body over the cap/);
  });

  test('stops a gzip bomb at the decompressed cap without exhausting memory', async () => {
    const before = process.memoryUsage().arrayBuffers;
    const out = await createFetcher(options()).fetch(`${server.origin}/bomb`);
    assert.match(out.status === 'failed' ? out.reason : out.status, /^too-large-decoded/);
    assert.ok(process.memoryUsage().arrayBuffers - before < 24 * 1024 * 1024);
  });

  test('ends a redirect loop as failed', async () => {
    const out = await createFetcher(options()).fetch(`${server.origin}/loop-a`);
    assert.match(out.status === 'failed' ? out.reason : out.status, /^redirect loop/);
  });

  test('refuses a redirect to a host that resolves to loopback', async () => {
    const out = await createFetcher(options()).fetch(`${server.origin}/to-localhost`);
    assert.equal(out.status, 'blocked');
    assert.match(out.status === 'blocked' ? out.reason : '', /refused localhost: resolves to loopback/);
  });

  test('refuses a redirect to the cloud metadata address and to a file: URL', async () => {
    const f = createFetcher(options());
    const meta = await f.fetch(`${server.origin}/to-metadata`);
    assert.deepEqual(meta, {
      status: 'blocked',
      url: `${server.origin}/to-metadata`,
      reason: 'refused link-local address 169.254.169.254',
    });
    const file = await f.fetch(`${server.origin}/to-file`);
    assert.match(file.status === 'blocked' ? file.reason : '', /refused scheme file:/);
  });

  test('waits out a 429 with Retry-After and then succeeds', async () => {
    const out = await createFetcher(options()).fetch(`${server.origin}/busy`);
    assert.equal(out.status, 'ok');
    assert.equal(server.hits.get('/busy'), 2);
  });

  test('retries a 503 a bounded number of times', async () => {
    const out = await createFetcher(options({ retries: 2 })).fetch(`${server.origin}/always-503`);
    assert.match(out.status === 'failed' ? out.reason : '', /HTTP 503 after 3 tries/);
    assert.equal(server.hits.get('/always-503'), 3);
  });

  test('honours a robots.txt disallow without requesting the page', async () => {
    const out = await createFetcher(options()).fetch(`${server.origin}/private/page`);
    assert.equal(out.status, 'blocked');
    assert.equal(server.hits.get('/private/page'), undefined);
  });

  test('records 410 and a soft-404 page as dead', async () => {
    const f = createFetcher(options());
    const gone = await f.fetch(`${server.origin}/gone`);
    assert.equal(gone.status === 'dead' && gone.reason, 'HTTP 410');
    const soft = await f.fetch(`${server.origin}/soft-404`);
    assert.equal(soft.status === 'dead' && soft.reason, 'soft-404 page (title says not found)');
  });

  test('refuses private addresses before any connection when not allow-listed', async () => {
    const f = createFetcher({ hostDelayMs: 0 });
    const before = server.connections();
    const urls = [
      `${server.origin}/article`,
      'http://10.1.2.3/',
      'http://169.254.169.254/latest/meta-data/',
      `http://[::1]:${server.port}/article`,
      `http://[::ffff:127.0.0.1]:${server.port}/article`,
      'http://100.64.0.1/',
      `http://[::127.0.0.1]:${server.port}/article`,
      'http://168.63.129.16/machine?comp=goalstate',
      `http://[64:ff9b::127.0.0.1]:${server.port}/article`,
      `http://[2002:7f00:1::1]:${server.port}/article`,
    ];
    const reasons = [];
    for (const url of urls) {
      const out = await f.fetch(url);
      reasons.push(out.status === 'blocked' ? out.reason : out.status);
    }
    assert.deepEqual(reasons, [
      'refused loopback address 127.0.0.1',
      'refused private address 10.1.2.3',
      'refused link-local address 169.254.169.254',
      'refused loopback address ::1',
      'refused ::ffff:7f00:1 carrying loopback address 127.0.0.1',
      'refused shared (CGNAT) address 100.64.0.1',
      'refused IPv4-compatible address ::7f00:1',
      'refused cloud metadata address 168.63.129.16',
      'refused 64:ff9b::7f00:1 carrying loopback address 127.0.0.1',
      'refused 2002:7f00:1::1 carrying loopback address 127.0.0.1',
    ]);
    assert.equal(server.connections(), before);
  });

  test('regression: SSRF gaps — --allow-host ::1 and [::1] both allow http://[::1]/ URLs', async () => {
    const v6 = await startServer({ '/article': (_q, s) => s.end(CNN) }, { host: '::1' });
    try {
      const url = `${v6.origin}/article`;
      const statuses = [];
      for (const allowHosts of [['::1'], ['[::1]'], ['0:0:0:0:0:0:0:1']]) {
        const out = await createFetcher(options({ allowHosts })).fetch(url);
        statuses.push(out.status === 'blocked' ? out.reason : out.status);
      }
      assert.deepEqual(statuses, ['ok', 'ok', 'ok']);
      const other = await createFetcher(options({ allowHosts: ['127.0.0.1'] })).fetch(url);
      assert.equal(other.status === 'blocked' && other.reason, 'refused loopback address ::1');
    } finally {
      await v6.close();
    }
  });

  test('refuses a public-looking name whose DNS answer is private (rebinding)', async () => {
    const f = createFetcher({ resolver: { resolve: async () => [{ address: '10.0.0.7', family: 4 }] } });
    const out = await f.fetch('https://news.example.com/story');
    assert.equal(
      out.status === 'blocked' && out.reason,
      'refused news.example.com: resolves to private address 10.0.0.7',
    );
  });

  test('records an unknown host as dead and a DNS timeout as failed, quickly', async () => {
    const nx = createFetcher({
      resolver: {
        resolve: async () => Promise.reject(Object.assign(new Error('nx'), { code: 'ENOTFOUND' })),
      },
    });
    const dead = await nx.fetch('https://gone.example.com/a');
    assert.deepEqual(dead, {
      status: 'dead',
      url: 'https://gone.example.com/a',
      reason: 'DNS lookup of gone.example.com failed: ENOTFOUND',
      unreached: true,
    });
    const hang = createFetcher({ dnsTimeoutMs: 50, resolver: { resolve: () => new Promise(() => {}) } });
    const failed = await hang.fetch('https://slow.example.com/a');
    assert.equal(
      failed.status === 'failed' && failed.reason,
      'DNS lookup of slow.example.com failed: ETIMEOUT',
    );
  });

  test('passes bytes through unchanged under a wrong charset header, keeping the header for the decoder', async () => {
    const out = await createFetcher(options()).fetch(`${server.origin}/wrong-charset`);
    assert.ok(out.status === 'ok');
    assert.equal(out.response.headers['content-type'], 'text/html; charset=iso-8859-1');
    assert.ok(Buffer.from(out.response.body).equals(CNN));
  });

  test('waits the robots.txt Crawl-delay between two requests to one host', async () => {
    const slow = await startServer({
      '/robots.txt': (_q, s) => s.end('User-agent: *\nCrawl-delay: 7\n'),
      '/article': (_q, s) => s.end(CNN),
    });
    let now = 1_000_000;
    const sleeps: number[] = [];
    const clock = {
      now: () => now,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        now += ms;
      },
    };
    const f = createFetcher({ allowHosts: ['127.0.0.1'], hostDelayMs: 500, clock });
    const outs = [await f.fetch(`${slow.origin}/article`), await f.fetch(`${slow.origin}/article?page=2`)];
    await slow.close();
    assert.deepEqual(
      outs.map((o) => o.status),
      ['ok', 'ok'],
    );
    assert.deepEqual(sleeps, [7000]);
    assert.equal(slow.hits.get('/robots.txt'), 1);
  });

  test('follows a redirected robots.txt and honours it', async () => {
    const moved = await startServer({
      '/robots.txt': (_q, s) => {
        s.writeHead(301, { location: '/robots-real.txt' });
        s.end();
      },
      '/robots-real.txt': (_q, s) => s.end('User-agent: Currents\nDisallow: /\n'),
      '/article': (_q, s) => s.end(CNN),
    });
    const out = await createFetcher(options()).fetch(`${moved.origin}/article`);
    await moved.close();
    assert.equal(
      out.status === 'blocked' && out.reason,
      `robots.txt of ${moved.origin.slice(7)} disallows /article`,
    );
    assert.equal(moved.hits.get('/article'), undefined);
  });

  test('stops asking DNS once no server has answered three lookups (offline run)', async () => {
    let asked = 0;
    const f = createFetcher({
      resolver: {
        resolve: async () => {
          asked++;
          throw Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
        },
      },
    });
    const outs = [];
    for (const host of ['a', 'b', 'c', 'd', 'e'])
      outs.push(await f.fetch(`https://${host}.example.com/story`));
    assert.equal(asked, 6);
    assert.deepEqual(
      outs.map((o) => (o.status === 'failed' ? o.reason : o.status)),
      [
        'DNS lookup of a.example.com failed: ECONNREFUSED',
        'DNS lookup of b.example.com failed: ECONNREFUSED',
        'DNS lookup of c.example.com failed: ECONNREFUSED',
        'DNS lookup of d.example.com skipped: no DNS server answers',
        'DNS lookup of e.example.com skipped: no DNS server answers',
      ],
    );
  });

  test('refuses non-http schemes', async () => {
    const out = await createFetcher().fetch('ftp://example.com/file');
    assert.equal(out.status === 'blocked' && out.reason, 'refused scheme ftp: in ftp://example.com/file');
  });
});
