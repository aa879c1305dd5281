import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseHTML } from 'linkedom';
import { type Browser, chromium } from 'playwright-core';
import { fileInputs, listInputFiles } from '../../src/ingest/files.ts';
import { ingestDays } from '../../src/ingest/pipeline.ts';
import { buildSite } from '../../src/pipeline.ts';
import { NOT_FOUND_FILE, renderNotFoundPage } from '../../src/publish/html/notfound.ts';
import { SITE_CSS } from '../../src/publish/html/style.ts';
import { rawRequest } from '../../src/serve/_request.ts';
import { createCurrentsServer, type Listening, listen } from '../../src/serve/server.ts';
import { openStore, type Store } from '../../src/store/open.ts';
import { WIKITEXT_DIR } from '../fixtures/real-data.ts';

const CHROMIUM = '/usr/bin/chromium';
/** Where the site under test is to be published; it is served on 127.0.0.1 in the tests. */
const PUBLISHED = 'https://news.example.org/';
const BROWSER = { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

/** Every URL a page points at: links, form actions, scripts, images, stylesheets. */
function targets(html: string): string[] {
  const { document } = parseHTML(html);
  return [
    ...[...document.querySelectorAll('[href]')].map((e) => e.getAttribute('href') ?? ''),
    ...[...document.querySelectorAll('[src]')].map((e) => e.getAttribute('src') ?? ''),
    ...[...document.querySelectorAll('form[action]')].map((e) => e.getAttribute('action') ?? ''),
  ];
}

describe('the 404 page', () => {
  test('links by absolute paths from the base URL, under a sub-path too, and inlines the CSS', () => {
    const html = renderNotFoundPage('https://example.org/currents/');
    const own = targets(html).filter((t) => !t.startsWith('#') && !t.startsWith('https://en.wikipedia.org/'));
    assert.deepEqual([...new Set(own)].sort(), [
      '/currents/assets/icon.svg',
      '/currents/feeds/archive.atom.xml',
      '/currents/index.html',
      '/currents/index.html#years',
      '/currents/search.html',
    ]);
    const { document } = parseHTML(html);
    assert.equal(document.querySelector('link[rel=stylesheet]'), null);
    assert.equal(document.querySelector('style')?.textContent?.trim(), SITE_CSS.trim());
    assert.equal(document.querySelector('title')?.textContent, 'Page not found — Currents');
    assert.equal(document.querySelector('meta[name=robots]')?.getAttribute('content'), 'noindex');
  });

  test('a base URL carrying quotes or markup cannot break out of an attribute', () => {
    const html = renderNotFoundPage(new URL('https://example.org/a"b<c>/').href);
    assert.doesNotMatch(html, /a"b|<c>/);
    assert.ok(targets(html).includes('/a%22b%3Cc%3E/search.html'));
  });

  describe('built by the HTML build and served by currents serve', () => {
    let dir: string;
    let store: Store;
    let served: Listening;
    let out: string;
    let browser: Browser | undefined;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'currents-404-'));
      store = openStore(join(dir, 'currents.db'));
      await ingestDays(store.db, fileInputs(listInputFiles([WIKITEXT_DIR])));
      out = join(dir, 'site');
      // Built for where it will be published, previewed here on another host and port.
      buildSite(store.db, { out, baseUrl: PUBLISHED, format: 'html' });
      served = await listen(createCurrentsServer({ db: store.db, root: out }), 0, '127.0.0.1');
    });
    after(async () => {
      await browser?.close();
      await served?.close(100);
      store?.db.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('the build writes 404.html at the site root, kept out of the sitemap', () => {
      assert.equal(readFileSync(join(out, NOT_FOUND_FILE), 'utf8'), renderNotFoundPage(PUBLISHED));
      assert.doesNotMatch(readFileSync(join(out, 'sitemap.xml'), 'utf8'), /404\.html/);
    });

    test('a browser asking for a missing page at any depth gets it with status 404, and every link on it works on this host', async () => {
      const page = readFileSync(join(out, NOT_FOUND_FILE));
      for (const path of ['/nothing', '/news/2099/01/01/nothing', '/entity/a/b/c/d/missing.html']) {
        const r = await rawRequest(served.url, path, { headers: BROWSER });
        assert.equal(r.status, 404, path);
        assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
        assert.deepEqual(r.body, page);
      }
      const own = targets(page.toString()).filter((t) => t.startsWith('/'));
      assert.deepEqual([...new Set(own)].sort(), [
        '/assets/icon.svg',
        '/feeds/archive.atom.xml',
        '/index.html',
        '/index.html#years',
        '/search.html',
      ]);
      for (const url of new Set(own.map((t) => new URL(t.replace(/#.*/, ''), served.url).href))) {
        const r = await fetch(url);
        assert.equal(r.status, 200, url);
        await r.arrayBuffer();
      }
    });

    test('never shows the requested path, so markup in it goes nowhere', async () => {
      const r = await rawRequest(served.url, '/news/%3Cscript%3Ealert(1)%3C/script%3E/%22onload=%22x', {
        headers: BROWSER,
      });
      assert.equal(r.status, 404);
      assert.deepEqual(r.body, readFileSync(join(out, NOT_FOUND_FILE)));
      assert.doesNotMatch(r.body.toString(), /script%3E|<script|alert|onload/i);
    });

    test('a client that did not ask for HTML still gets the JSON 404', async () => {
      const r = await rawRequest(served.url, '/news/2099/01/01/nothing');
      assert.equal(r.status, 404);
      assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
    });

    test('in Chromium, deep in the site: styled, and its search link leads to the search page', {
      skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing`,
    }, async () => {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
      const context = await browser.newContext();
      const outside: string[] = [];
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith(served.url)) return route.continue();
        outside.push(url);
        return route.abort();
      });
      const tab = await context.newPage();
      const errors: string[] = [];
      tab.on('pageerror', (e) => errors.push(e.message));
      const answer = await tab.goto(`${served.url}news/2016/04/28/no-such-event/deeper/still`);
      assert.equal(answer?.status(), 404);
      assert.equal(await tab.title(), 'Page not found — Currents');
      // The inline stylesheet applies: the header bar is a flex row and the skip link is off screen.
      assert.equal(
        await tab.evaluate(
          () => getComputedStyle(document.querySelector('header.site .bar') as Element).display,
        ),
        'flex',
      );
      assert.equal(
        await tab.evaluate(() => getComputedStyle(document.querySelector('a.skip') as Element).left),
        '-999px',
      );
      await tab.click('main a[href$="search.html"]');
      await tab.waitForURL(`${served.url}search.html`);
      assert.equal(tab.url(), `${served.url}search.html`);
      assert.deepEqual(outside, []);
      assert.deepEqual(errors, []);
    });
  });
});
