import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseHTML } from 'linkedom';
import { DEFAULT_BASE_URL } from '../../src/publish/engine/publish.ts';
import { nodeSiteFs } from '../../src/publish/markdown/_fs.ts';
import { readEvents } from '../../src/store/events.ts';
import { type SiteFixture, siteFixture } from '../fixtures/site.ts';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['entry', 'link', 'url', 'category'].includes(name),
});

/** The site file an absolute URL of the default base names. */
function fileOf(url: string): string {
  assert.ok(url.startsWith(DEFAULT_BASE_URL), url);
  return decodeURIComponent(url.slice(DEFAULT_BASE_URL.length));
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('feeds and discovery', () => {
  let f: SiteFixture;
  before(async () => {
    f = await siteFixture();
  });
  after(() => f.dispose());

  test('the archive Atom feed is well-formed Atom 1.0 with the 50 newest events, newest first', () => {
    const xml = readFileSync(join(f.out, 'feeds/archive.atom.xml'), 'utf8');
    assert.equal(XMLValidator.validate(xml), true);
    const feed = parser.parse(xml).feed;
    assert.equal(feed['@xmlns'], 'http://www.w3.org/2005/Atom');
    assert.equal(feed.id, `${DEFAULT_BASE_URL}index.html`);
    assert.match(feed.updated, RFC3339);
    assert.equal(feed.updated, '2016-12-30T00:00:00.000Z');
    const self = feed.link.find((l: Record<string, string>) => l['@rel'] === 'self');
    assert.equal(self['@href'], `${DEFAULT_BASE_URL}feeds/archive.atom.xml`);
    assert.equal(feed.entry.length, 50);
    const dates = feed.entry.map((e: { updated: string }) => e.updated);
    assert.deepEqual(dates, [...dates].sort().reverse());
    for (const e of feed.entry) {
      assert.match(e.id, /^http:\/\/127\.0\.0\.1:8080\/news\/2016\/12\/\d\d\/[a-z0-9-]+\.html$/);
      assert.equal(e.link[0]['@href'], e.id);
      assert.ok(existsSync(join(f.out, fileOf(e.id))), e.id);
      assert.equal(e.title['@type'], 'html');
      assert.ok(String(e.title['#text']).length > 0);
    }
  });

  test('the Syria entity feeds (Atom and JSON Feed 1.1) list its newest events with their page URLs', () => {
    const syria = readEvents(f.store.db).filter((e) => e.context.includes('Syria' as never));
    const atom = parser.parse(readFileSync(join(f.out, 'feeds/entity-syria.atom.xml'), 'utf8')).feed;
    assert.equal(atom.title, 'Syria — Currents');
    assert.equal(atom.entry.length, Math.min(50, syria.length));
    const titles = atom.entry.map(
      (e: { title: { '#text': string } }) =>
        parseHTML(`<p>${e.title['#text']}</p>`).document.querySelector('p')?.textContent,
    );
    assert.deepEqual(
      titles,
      syria
        .slice(-50)
        .reverse()
        .map((e) => e.text),
    );
    const json: unknown = JSON.parse(readFileSync(join(f.out, 'feeds/entity-syria.json'), 'utf8'));
    assert.ok(json && typeof json === 'object');
    const v = json as Record<string, unknown>;
    // JSON Feed 1.1 required: version, title, items; each item: id, and content_html or content_text.
    assert.equal(v['version'], 'https://jsonfeed.org/version/1.1');
    assert.equal(v['title'], 'Syria — Currents');
    assert.equal(v['feed_url'], `${DEFAULT_BASE_URL}feeds/entity-syria.json`);
    assert.equal(v['home_page_url'], `${DEFAULT_BASE_URL}entity/syria.html`);
    assert.ok(Array.isArray(v['authors']) && !('author' in v));
    const items = v['items'];
    assert.ok(Array.isArray(items));
    assert.equal(items.length, atom.entry.length);
    for (const item of items as Record<string, unknown>[]) {
      assert.equal(typeof item['id'], 'string');
      assert.equal(typeof item['content_html'], 'string');
      assert.match(String(item['date_published']), RFC3339);
      assert.ok(existsSync(join(f.out, fileOf(String(item['url'])))));
    }
    assert.deepEqual(
      (items as Record<string, unknown>[]).map((i) => i['url']),
      atom.entry.map((e: { id: string }) => e.id),
    );
  });

  test('JSON Feed titles and summaries are plain text, never HTML entities, and items carry their sources', () => {
    const json: unknown = JSON.parse(readFileSync(join(f.out, 'feeds/archive.json'), 'utf8'));
    assert.ok(json && typeof json === 'object');
    const items = (json as Record<string, unknown>)['items'];
    assert.ok(Array.isArray(items));
    const byText = new Map(readEvents(f.store.db).map((e) => [e.text, e]));
    let apostrophes = 0;
    for (const item of items as Record<string, unknown>[]) {
      const title = String(item['title']);
      assert.doesNotMatch(title, /&(#\d+|#x[\da-f]+|[a-z]+);/i, title);
      assert.doesNotMatch(String(item['summary']), /&(#\d+|#x[\da-f]+|amp|lt|gt|quot);/i);
      if (title.includes("'")) apostrophes++;
      const event = byText.get(title);
      assert.ok(event, `a feed title is an event's own text: ${title}`);
      const html = parseHTML(`<div>${String(item['content_html'])}</div>`).document;
      const hrefs = [...html.querySelectorAll('a')].map((a) => a.getAttribute('href'));
      for (const source of event.sources) assert.ok(hrefs.includes(source.url), source.url);
      if (event.sources[0]) assert.equal(item['external_url'], event.sources[0].url);
    }
    assert.ok(apostrophes > 0, 'the newest 50 events include titles with an apostrophe, shown as is');
  });

  test('every entity and storyline has both feeds, and its page links them with rel=alternate', () => {
    const fs = nodeSiteFs(f.out);
    const pages = [...fs.list('entity'), ...fs.list('storyline')];
    assert.ok(pages.length > 1000);
    for (const page of pages) {
      const name = page.replace('/', '-').replace(/\.html$/, '');
      const { document } = parseHTML(fs.read(page) ?? '');
      const alt = [...document.querySelectorAll('link[rel=alternate]')].map((l) => l.getAttribute('href'));
      assert.deepEqual(alt, [`../feeds/${name}.atom.xml`, `../feeds/${name}.json`], page);
      assert.ok(
        existsSync(join(f.out, `feeds/${name}.atom.xml`)) && existsSync(join(f.out, `feeds/${name}.json`)),
        name,
      );
    }
  });

  test('robots.txt lets crawlers in and names the sitemap by its absolute URL', () => {
    assert.equal(
      readFileSync(join(f.out, 'robots.txt'), 'utf8'),
      `User-agent: *\nAllow: /\nSitemap: ${DEFAULT_BASE_URL}sitemap.xml\n`,
    );
  });

  test('sitemap.xml is a valid urlset naming every HTML page but the search and 404 pages, each of which exists', () => {
    const xml = readFileSync(join(f.out, 'sitemap.xml'), 'utf8');
    assert.equal(XMLValidator.validate(xml), true);
    const set = parser.parse(xml).urlset;
    assert.equal(set['@xmlns'], 'http://www.sitemaps.org/schemas/sitemap/0.9');
    const files = set.url.map((u: { loc: string }) => fileOf(u.loc)).sort();
    const html = nodeSiteFs(f.out)
      .list('.')
      .filter((p) => p.endsWith('.html') && p !== 'search.html' && p !== '404.html')
      .sort();
    assert.deepEqual(files, html);
  });
});
