import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { type ServeFixture, serveFixture } from '../../test/fixtures/serve.ts';
import { json, rawRequest } from './_request.ts';
import { createCurrentsServer, type Listening, listen } from './server.ts';

const REFERENCE = readFileSync(
  fileURLToPath(new URL('../../../shared/spec/reference-event-page.md', import.meta.url)),
);

describe('currents serve: the built site folder', () => {
  let fx: ServeFixture;
  let srv: Listening;
  const logged: string[] = [];
  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
    rawRequest(srv.url, path, { headers, method });

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

  test('serves index.html for / with an HTML content type', async () => {
    const r = await get('/');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.match(r.body.toString(), /<h1>Currents<\/h1>/);
  });

  test('redirects a folder asked without its slash, then serves its index.html', async () => {
    const r = await get('/news/2016/04/28');
    assert.equal(r.status, 301);
    assert.equal(r.headers.location, '/news/2016/04/28/');
    const page = await get('/news/2016/04/28/');
    assert.equal(page.status, 200);
    assert.match(page.body.toString(), /<title>2016-04-28<\/title>/);
  });

  test('serves an extension-less page path from <path>.html, and the Markdown page as text/markdown', async () => {
    const html = await get('/news/2016/04/28/united-nations-envoy');
    assert.equal(html.status, 200);
    assert.equal(html.headers['content-type'], 'text/html; charset=utf-8');
    const md = await get('/news/2016/04/28/united-nations-envoy.md');
    assert.equal(md.headers['content-type'], 'text/markdown; charset=utf-8');
    assert.deepEqual(md.body, REFERENCE);
  });

  test('names content types by extension', async () => {
    assert.equal((await get('/manifest.json')).headers['content-type'], 'application/json; charset=utf-8');
    assert.equal((await get('/style.css')).headers['content-type'], 'text/css; charset=utf-8');
    assert.equal((await get('/tiny.txt')).headers['content-type'], 'text/plain; charset=utf-8');
    writeFileSync(
      join(fx.site, 'archive.atom.xml'),
      '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>\n',
    );
    assert.equal(
      (await get('/archive.atom.xml')).headers['content-type'],
      'application/atom+xml; charset=utf-8',
    );
  });

  test('serves the JSON feeds as application/feed+json and other JSON as application/json', async () => {
    mkdirSync(join(fx.site, 'feeds'), { recursive: true });
    writeFileSync(join(fx.site, 'feeds/archive.json'), '{"version":"https://jsonfeed.org/version/1.1"}\n');
    assert.equal(
      (await get('/feeds/archive.json')).headers['content-type'],
      'application/feed+json; charset=utf-8',
    );
    assert.equal((await get('/manifest.json')).headers['content-type'], 'application/json; charset=utf-8');
  });

  test('answers 304 to a matching If-None-Match (strong or weak) and 200 to another tag', async () => {
    const first = await get('/news/2016/04/28/united-nations-envoy.md');
    const etag = String(first.headers.etag);
    assert.match(etag, /^"[\w-]{22}"$/);
    const again = await get('/news/2016/04/28/united-nations-envoy.md', { 'If-None-Match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    assert.equal(again.headers.etag, etag);
    assert.equal(
      (await get('/news/2016/04/28/united-nations-envoy.md', { 'If-None-Match': `W/${etag}` })).status,
      304,
    );
    assert.equal(
      (await get('/news/2016/04/28/united-nations-envoy.md', { 'If-None-Match': '"other"' })).status,
      200,
    );
  });

  test('answers 304 to If-Modified-Since at or after Last-Modified, 200 before it', async () => {
    const first = await get('/manifest.json');
    const lastModified = String(first.headers['last-modified']);
    assert.equal(new Date(lastModified).toUTCString(), lastModified);
    assert.equal((await get('/manifest.json', { 'If-Modified-Since': lastModified })).status, 304);
    assert.equal(
      (await get('/manifest.json', { 'If-Modified-Since': 'Thu, 01 Jan 1970 00:00:00 GMT' })).status,
      200,
    );
    assert.equal((await get('/manifest.json', { 'If-Modified-Since': 'not a date' })).status, 200);
  });

  test('compresses with brotli or gzip as accepted; the bytes decompress to the file', async () => {
    const br = await get('/news/2016/04/28/united-nations-envoy.md', {
      'Accept-Encoding': 'gzip, deflate, br',
    });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(br.headers.vary, 'Accept-Encoding');
    assert.deepEqual(brotliDecompressSync(br.body), REFERENCE);
    assert.ok(br.body.length < REFERENCE.length / 2);
    const gz = await get('/news/2016/04/28/united-nations-envoy.md', { 'Accept-Encoding': 'br;q=0, gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(gz.body), REFERENCE);
    const plain = await get('/news/2016/04/28/united-nations-envoy.md');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.deepEqual(plain.body, REFERENCE);
    assert.equal(new Set([br.headers.etag, gz.headers.etag, plain.headers.etag]).size, 3);
    const cond = await get('/news/2016/04/28/united-nations-envoy.md', {
      'Accept-Encoding': 'br',
      'If-None-Match': String(br.headers.etag),
    });
    assert.equal(cond.status, 304);
  });

  test('sends tiny files as they are', async () => {
    const r = await get('/tiny.txt', { 'Accept-Encoding': 'br, gzip' });
    assert.equal(r.headers['content-encoding'], undefined);
    assert.equal(r.body.toString(), 'ok\n');
  });

  test('HEAD gets the headers of GET and no body', async () => {
    const getAnswer = await get('/style.css');
    const head = await get('/style.css', {}, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    assert.equal(head.headers['content-length'], String(getAnswer.body.length));
    assert.equal(head.headers.etag, getAnswer.headers.etag);
  });

  test('a changed file gets a new ETag and its new bytes', async () => {
    const first = await get('/style.css');
    const file = join(fx.site, 'style.css');
    writeFileSync(file, 'body { color: #111; }\n'.repeat(30));
    const later = new Date(Date.now() + 5_000);
    utimesSync(file, later, later);
    const second = await get('/style.css', { 'If-None-Match': String(first.headers.etag) });
    assert.equal(second.status, 200);
    assert.notEqual(second.headers.etag, first.headers.etag);
    assert.equal(second.body.toString(), 'body { color: #111; }\n'.repeat(30));
  });

  test('a file rewritten at once with bytes of the same length is served new (no stale answer from memory)', async () => {
    const file = join(fx.site, 'same-size.txt');
    writeFileSync(file, 'first version of the page\n'.repeat(20));
    assert.equal((await get('/same-size.txt')).body.toString(), 'first version of the page\n'.repeat(20));
    assert.equal((await get('/same-size.txt')).body.toString(), 'first version of the page\n'.repeat(20));
    writeFileSync(file, 'other version of the page\n'.repeat(20));
    assert.equal((await get('/same-size.txt')).body.toString(), 'other version of the page\n'.repeat(20));
    // Replaced by rename, as a build writing a temp file and moving it does: a new inode.
    writeFileSync(`${file}.tmp`, 'third version of the page\n'.repeat(20));
    renameSync(`${file}.tmp`, file);
    assert.equal((await get('/same-size.txt')).body.toString(), 'third version of the page\n'.repeat(20));
    rmSync(file);
    assert.equal((await get('/same-size.txt')).status, 404);
  });

  test('a served file later replaced by a symlink out of the folder is refused, not answered from memory', async () => {
    const file = join(fx.site, 'swapped.txt');
    writeFileSync(file, 'inside the site\n');
    assert.equal((await get('/swapped.txt')).body.toString(), 'inside the site\n');
    rmSync(file);
    symlinkSync(join(fx.dir, 'outside.txt'), file);
    const r = await get('/swapped.txt');
    assert.equal(r.status, 404);
    assert.doesNotMatch(r.body.toString(), /outside the site/);
  });

  test('an extension-less path served from <path>.html switches to <path> once that appears', async () => {
    const dir = join(fx.site, 'switch');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'page.html'), '<!doctype html><p>from page.html</p>\n');
    assert.equal((await get('/switch/page')).body.toString(), '<!doctype html><p>from page.html</p>\n');
    assert.equal((await get('/switch/page')).body.toString(), '<!doctype html><p>from page.html</p>\n');
    writeFileSync(join(dir, 'page'), 'the file named exactly\n');
    assert.equal((await get('/switch/page')).body.toString(), 'the file named exactly\n');
  });

  test('a percent-encoded variant of a path is checked in full like any other path', async () => {
    assert.equal((await get('/tiny.txt')).status, 200);
    assert.equal((await get('/%74iny.txt')).body.toString(), 'ok\n');
    assert.equal((await get('/%2e%2e/tiny.txt')).status, 400);
  });

  for (const path of [
    '/../outside.txt',
    '/..%2foutside.txt',
    '/..%2Foutside.txt',
    '/%2e%2e/outside.txt',
    '/%2E%2E%2Foutside.txt',
    '/news/..%2f..%2f..%2f..%2foutside.txt',
    '/news/2016/../../../outside.txt',
    '/..%5coutside.txt',
    '/tiny.txt%00.html',
    '/%00',
    '/%E0%A4%A',
    '/./tiny.txt',
  ]) {
    test(`refuses ${path} with a JSON 400 and never the file`, async () => {
      const r = await get(path);
      assert.equal(r.status, 400);
      assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
      assert.equal((json(r) as { error: { code: string } }).error.code, 'bad_path');
      assert.doesNotMatch(r.body.toString(), /outside the site|ok\n/);
    });
  }

  test('hides dotfiles and symlinks that lead out of the folder', async () => {
    for (const path of ['/.secret', '/escape.txt', '/%2esecret']) {
      const r = await get(path);
      assert.equal(r.status, 404, path);
      assert.doesNotMatch(r.body.toString(), /hidden|outside the site/);
    }
  });

  test('never redirects to another host (//host paths are not found)', async () => {
    const r = await get('//evil.example/');
    assert.equal(r.status, 404);
    assert.equal(r.headers.location, undefined);
  });

  test('answers an unknown path with a JSON 404 and no stack', async () => {
    const r = await get('/news/2099/01/01/nothing');
    assert.equal(r.status, 404);
    assert.deepEqual(json(r), { error: { status: 404, code: 'not_found', message: 'No such page' } });
  });

  test("a browser asking for a missing page gets the site's 404.html with status 404", async () => {
    const accept = { Accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8' };
    assert.equal(
      (await get('/news/2099/01/01/nothing', accept)).headers['content-type'],
      'application/json; charset=utf-8',
    );
    writeFileSync(
      join(fx.site, '404.html'),
      '<!doctype html><title>Not found</title><h1>No such page</h1>\n',
    );
    const r = await get('/news/2099/01/01/nothing', accept);
    assert.equal(r.status, 404);
    assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(r.body.toString(), '<!doctype html><title>Not found</title><h1>No such page</h1>\n');
    const api = await get('/news/2099/01/01/nothing');
    assert.equal(api.headers['content-type'], 'application/json; charset=utf-8');
    const traversal = await get('/..%2f404.html', accept);
    assert.equal(traversal.status, 400);
  });

  test('refuses other methods with 405 and Allow', async () => {
    const r = await get('/', {}, 'POST');
    assert.equal(r.status, 405);
    assert.equal(r.headers.allow, 'GET, HEAD');
  });

  test('refuses an overlong path with 414', async () => {
    const r = await get(`/${'a'.repeat(5000)}`);
    assert.equal(r.status, 414);
    assert.equal((json(r) as { error: { code: string } }).error.code, 'uri_too_long');
    assert.deepEqual(logged, []);
  });
});
