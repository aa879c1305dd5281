import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import axe from 'axe-core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createCurrentsServer, type Listening, listen } from '../../src/serve/server.ts';
import { type SiteFixture, siteFixture } from '../fixtures/site.ts';

const CHROMIUM = '/usr/bin/chromium';

/** One page of each kind the HTML build writes, from the real days (plus a search with results). */
const KINDS = [
  'index.html',
  'news/2016/index.html',
  'news/2016/04/index.html',
  'news/2016/04/28/index.html',
  'entity/syria.html',
  'search.html?q=de+Mistura',
];

/** The WCAG 2.1 A and AA rules axe-core implements, plus its best practices (landmarks, headings, regions). */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

interface Finding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

async function audit(page: Page): Promise<Finding[]> {
  await page.addScriptTag({ content: axe.source });
  return page.evaluate(async (tags) => {
    const result = await (
      window as unknown as {
        axe: {
          run(
            ctx: Document,
            opts: object,
          ): Promise<{
            violations: {
              id: string;
              impact: string | null;
              help: string;
              nodes: { target: string[] }[];
            }[];
          }>;
        };
      }
    ).axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  }, TAGS);
}

describe('accessibility of the built site (axe-core in headless Chromium)', {
  skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing`,
}, () => {
  let f: SiteFixture;
  let served: Listening;
  let browser: Browser;
  let pages: string[];

  before(async () => {
    f = await siteFixture();
    const day = 'news/2016/04/28';
    const event = readdirSync(join(f.out, day)).find(
      (n) => n !== 'index.html' && readFileSync(join(f.out, day, n), 'utf8').includes('de Mistura appeals'),
    );
    const storyline = readdirSync(join(f.out, 'storyline')).find((n) => n.endsWith('.html'));
    assert.ok(event && storyline, 'the build wrote the de Mistura event page and a storyline page');
    pages = [...KINDS, `${day}/${event}`, `storyline/${storyline}`];
    served = await listen(createCurrentsServer({ db: f.store.db, root: f.out }), 0, '127.0.0.1');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });

  after(async () => {
    await browser?.close();
    await served?.close(100);
    f?.dispose();
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`every kind of page passes WCAG 2.1 AA and best-practice rules in the ${scheme} scheme`, async () => {
      const context = await browser.newContext({
        colorScheme: scheme,
        viewport: { width: 1100, height: 900 },
      });
      const page = await context.newPage();
      const found: Record<string, Finding[]> = {};
      for (const path of pages) {
        await page.goto(`${served.url}${path}`);
        if (path.startsWith('search.html')) await page.waitForSelector('main li a');
        const violations = await audit(page);
        if (violations.length > 0) found[path] = violations;
      }
      await context.close();
      assert.deepEqual(found, {});
    });
  }

  test('on a 360 px wide phone screen no page scrolls sideways', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
    const page = await context.newPage();
    const wide: Record<string, number> = {};
    for (const path of pages) {
      await page.goto(`${served.url}${path}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 360) wide[path] = width;
    }
    await context.close();
    assert.deepEqual(wide, {});
  });

  test('the audit does fail a page with a known violation (control)', async () => {
    const page = await browser.newPage();
    await page.setContent('<html><body><img src="x.png"><a href="#"></a></body></html>');
    const ids = (await audit(page)).map((v) => v.id);
    await page.close();
    assert.ok(ids.includes('image-alt') && ids.includes('link-name'), ids.join(', '));
  });

  test('keyboard: the first Tab on a page reaches a link that skips to the main content', async () => {
    const page = await browser.newPage();
    await page.goto(`${served.url}news/2016/04/28/index.html`);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const a = document.activeElement;
      return a instanceof HTMLAnchorElement ? { href: a.getAttribute('href'), text: a.textContent } : null;
    });
    await page.close();
    assert.ok(focused, 'the first Tab focuses a link');
    const target = focused.href ?? '';
    assert.match(target, /^#/);
  });
});
