import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { createCurrentsServer, type Listening, listen } from '../../src/serve/server.ts';
import { type SiteFixture, siteFixture } from '../fixtures/site.ts';

const CHROMIUM = '/usr/bin/chromium';
/** Screenshots go to docs/screenshots with CURRENTS_SCREENSHOTS=1 (reviewed and committed), else to a temp folder. */
const KEEP_SHOTS = process.env['CURRENTS_SCREENSHOTS'] === '1';
const SHOTS = KEEP_SHOTS
  ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))
  : mkdtempSync(join(tmpdir(), 'currents-shots-'));

const DE_MISTURA = 'United Nations envoy for Syria Staffan de Mistura appeals';

describe('the site in headless Chromium', {
  skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing`,
}, () => {
  let f: SiteFixture;
  let served: Listening;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const dialogs: string[] = [];
  const errors: string[] = [];
  const outside: string[] = [];

  before(async () => {
    f = await siteFixture();
    served = await listen(createCurrentsServer({ db: f.store.db, root: f.out }), 0, '127.0.0.1');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    // Every request must stay on the test server or the built folder: anything else is recorded and refused.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(served.url) || url.startsWith('file://')) return route.continue();
      outside.push(url);
      return route.abort();
    });
    context.on('dialog', (d) => {
      dialogs.push(d.message());
      d.dismiss().catch(() => {});
    });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await served?.close(100);
    f?.dispose();
    if (!KEEP_SHOTS) rmSync(SHOTS, { recursive: true, force: true });
  });

  async function noScriptRan(): Promise<void> {
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(errors, []);
    assert.deepEqual(outside, []);
  }

  test('the detectors see a payload that does run (control: the same markup unescaped)', async () => {
    const control = await context.newPage();
    await control.setContent('<img src=x onerror="window.__xss=1;alert(1)">');
    await control.waitForFunction(() => (window as unknown as { __xss?: number }).__xss === 1);
    assert.deepEqual(dialogs, ['1']);
    await control.close();
    dialogs.length = 0;
  });

  test('home → 2016 → April → 28 → the de Mistura event → a related event → the Syria entity page', async () => {
    await page.goto(served.url);
    assert.equal(await page.locator('h1').first().textContent(), 'Latest days');
    await page.getByRole('link', { name: '2016', exact: true }).click();
    await page.getByRole('link', { name: 'April 2016', exact: true }).click();
    await page.locator('table.calendar').getByRole('link', { name: '28', exact: true }).click();
    assert.equal(await page.locator('h1').textContent(), 'Thursday, 28 April 2016');
    await page.screenshot({ path: join(SHOTS, 'day-page.png'), fullPage: false });
    await page
      .getByRole('link', { name: `Details: ${DE_MISTURA}` })
      .first()
      .click();
    const h1 = (await page.locator('h1').textContent()) ?? '';
    assert.ok(h1.startsWith(DE_MISTURA), h1);
    assert.ok(h1.endsWith('the failing Syrian peace talks.'), h1);
    assert.match(
      (await page.locator('blockquote.lede').textContent()) ?? '',
      /^GENEVA \(AP\) — The U\.N\. envoy/,
    );
    await page.screenshot({ path: join(SHOTS, 'event-page.png'), fullPage: true });
    const related = page.locator('#related-h + ol > li > a.more').first();
    const relatedHeadline = ((await related.getAttribute('aria-label')) ?? '').replace(/^Details: /, '');
    await related.click();
    assert.equal(await page.locator('h1').textContent(), relatedHeadline);
    await page.goBack();
    await page.locator('#context-h + ul').getByRole('link', { name: 'Syria', exact: true }).click();
    assert.equal(await page.locator('h1').textContent(), 'Syria');
    assert.ok((await page.locator('svg.chart rect').count()) >= 2);
    assert.ok((await page.locator('ol.timeline li').count()) >= 10);
    await page.screenshot({ path: join(SHOTS, 'entity-page.png'), fullPage: false });
    await noScriptRan();
  });

  test('the dark scheme is applied, and the skip link is the first stop of the keyboard', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${served.url}entity/syria.html`);
    const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    assert.equal(bg, 'rgb(18, 20, 23)');
    await page.screenshot({ path: join(SHOTS, 'entity-page-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  });

  test('searching "de Mistura" from the header reaches the event', async () => {
    await page.goto(`${served.url}news/2016/04/28/index.html`);
    await page.locator('#site-q').fill('de Mistura');
    await page.locator('#site-q').press('Enter');
    await page.waitForURL(/search\.html\?q=de\+Mistura/);
    await page.locator('#results li').first().waitFor();
    assert.match((await page.locator('#search-status').textContent()) ?? '', /^\d+ events? for “de Mistura”/);
    await page.locator('#results').getByRole('link', { name: DE_MISTURA }).first().click();
    assert.ok(((await page.locator('h1').textContent()) ?? '').startsWith(DE_MISTURA));
    await noScriptRan();
  });

  test('the page marks the matched words and reads prefixes, phrases and typos as /api/search does', async () => {
    await page.goto(`${served.url}search.html?q=de+Mistura`);
    await page.locator('#results li').first().waitFor();
    const first = page.locator('#results li').first();
    assert.deepEqual(await first.locator('mark').allTextContents(), ['de', 'Mistura']);
    assert.ok(((await first.locator('a').textContent()) ?? '').startsWith(DE_MISTURA));
    for (const q of ['syr*', '"peace talks"', 'Mistrua', 'Bashar al-Assad']) {
      await page.goto(`${served.url}search.html?q=${encodeURIComponent(q)}`);
      await page.locator('#results li').first().waitFor();
      const status = (await page.locator('#search-status').textContent()) ?? '';
      const api = (await (
        await fetch(`${served.url}api/search?q=${encodeURIComponent(q)}&limit=25`)
      ).json()) as {
        total: number;
        hits: { text: string }[];
      };
      assert.equal(Number(/^(\d+) events? for/.exec(status)?.[1]), api.total, `${q}: ${status}`);
      const shown = await page.locator('#results li a').allTextContents();
      // The same events in the same order; each link shows a window of its text (… where cut).
      assert.equal(shown.length, api.hits.length, q);
      shown.forEach((t, k) => {
        assert.ok(api.hits[k]?.text.includes(t.replace(/^…|…$/g, '')), `${q} #${k}: ${t}`);
      });
      assert.ok((await page.locator('#results mark').count()) >= shown.length, q);
    }
    await noScriptRan();
  });

  test('a search loads only the index files of its words by script tags, shows 25 results, and "More results" the rest', async () => {
    const loaded: string[] = [];
    const onRequest = (r: { url(): string; resourceType(): string }) => {
      if (r.url().startsWith(served.url))
        loaded.push(`${r.resourceType()} ${r.url().slice(served.url.length)}`);
    };
    page.on('request', onRequest);
    await page.goto(`${served.url}search.html?q=syr*`);
    await page.locator('#results li').first().waitFor();
    page.off('request', onRequest);
    const status = (await page.locator('#search-status').textContent()) ?? '';
    const total = Number(/^(\d+) events for “syr\*”$/.exec(status)?.[1]);
    assert.ok(total > 25, status);
    await page.locator('#results li').nth(24).waitFor();
    assert.equal(await page.locator('#results li').count(), 25);
    // Every index file came through a script element; the years' term and document shards only, not all of them.
    const index = loaded.filter((l) => l.includes('assets/search/'));
    assert.ok(
      index.every((l) => l.startsWith('script ')),
      index.join('\n'),
    );
    for (const year of ['2015', '2016'])
      assert.ok(index.includes(`script assets/search/${year}/meta.js`), year);
    assert.ok(index.some((l) => /\/t\d+\.js$/.test(l)) && index.some((l) => /\/d\d+\.js$/.test(l)));
    const built = readdirSync(join(f.out, 'assets/search'), { recursive: true }).filter((x) =>
      String(x).endsWith('.js'),
    );
    assert.ok(index.length < built.length / 2, `${index.length} of ${built.length} files loaded`);
    await page.getByRole('button', { name: 'More results' }).click();
    await page
      .locator('#results li')
      .nth(total - 1)
      .waitFor();
    assert.equal(await page.locator('#results li').count(), total);
    assert.equal(await page.getByRole('button', { name: 'More results' }).isVisible(), false);
    await noScriptRan();
  });

  test('opened from the folder with file://, a day page searches too', async () => {
    await page.goto(pathToFileURL(join(f.out, 'news/2016/04/28/index.html')).href);
    await page.locator('#site-q').fill('de Mistura');
    await page.locator('#site-q').press('Enter');
    await page.locator('#results li').first().waitFor();
    assert.ok(page.url().startsWith('file://'));
    await page.locator('#results').getByRole('link', { name: DE_MISTURA }).first().click();
    assert.ok(page.url().startsWith('file://') && page.url().endsWith('.html'));
    assert.ok(((await page.locator('h1').textContent()) ?? '').startsWith(DE_MISTURA));
    await noScriptRan();
  });

  test('no XSS payload runs: the Zorblax event, its storyline and entity pages, search results, feeds', async () => {
    await page.goto(`${served.url}news/2016/12/30/index.html`);
    await page.getByRole('link', { name: /^Details: Zorblax militants/ }).click();
    assert.ok(
      ((await page.locator('h1').textContent()) ?? '').includes('<script>window.__xss=1;alert(1)</script>'),
    );
    for (const link of await page.locator('#context-h + ul a, p.meta a[href*="storyline/"]').all()) {
      await link.hover();
      await link.focus();
    }
    await page.locator('p.meta a[href*="storyline/"]').click();
    assert.ok(((await page.locator('h1').textContent()) ?? '').startsWith('Zorblax <script>'));
    await page.goBack();
    await page.locator('#context-h + ul a', { hasText: 'onfocus' }).click();
    assert.ok(((await page.locator('h1').textContent()) ?? '').startsWith('Zorblax "onfocus='));
    await page.goto(`${served.url}search.html?q=Zorblax`);
    await page.locator('#results li').first().waitFor();
    assert.ok(
      ((await page.locator('#results li').first().textContent()) ?? '').includes('<img src=x onerror='),
    );
    await page.goto(`${served.url}feeds/archive.atom.xml`);
    await page.goto(`${served.url}feeds/archive.json`);
    await page.goto(`${served.url}search.html`);
    await noScriptRan();
  });
});
