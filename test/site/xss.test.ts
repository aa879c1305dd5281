import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseHTML } from 'linkedom';
import markdownIt from 'markdown-it';
import { nodeSiteFs } from '../../src/publish/markdown/_fs.ts';
import { offlineSearch } from '../../src/publish/search/engine.ts';
import { resultFile } from '../../src/publish/search/index.ts';
import { readEvents } from '../../src/store/events.ts';
import { type SiteFixture, siteFixture } from '../fixtures/site.ts';
import { PAYLOAD } from '../fixtures/xss.ts';

const SCRIPTS = new Set(['assets/search/entry.js', 'assets/search.js']);

/** Everything in an HTML document that could run script: inline scripts, on* attributes, non-http(s) URLs. */
function dangers(html: string, where: string): string[] {
  const { document } = parseHTML(html);
  const out: string[] = [];
  for (const el of document.querySelectorAll('*')) {
    if (el.localName === 'script') {
      const src = el.getAttribute('src');
      if (!src || !SCRIPTS.has(src.replace(/^(\.\.\/)+/, '')) || (el.textContent ?? '') !== '')
        out.push(`${where}: <script ${src ?? ''}>`);
    }
    if (['iframe', 'object', 'embed', 'img', 'base'].includes(el.localName))
      out.push(`${where}: <${el.localName}>`);
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) out.push(`${where}: ${el.localName}[${a.name}]`);
      if (
        ['href', 'src', 'action', 'xlink:href', 'formaction'].includes(a.name) &&
        /^\s*[a-z][a-z0-9+.-]*:/i.test(a.value)
      ) {
        if (!/^https?:\/\//i.test(a.value)) out.push(`${where}: ${a.name}=${a.value}`);
      }
    }
  }
  return out;
}

describe('XSS corpus through every output format', () => {
  let f: SiteFixture;
  let zorblaxPage: string;
  before(async () => {
    f = await siteFixture();
    const z = readEvents(f.store.db).find((e) => e.text.startsWith('Zorblax militants'));
    assert.ok(z);
    const slug = f.report.written.find(
      (w) => w.startsWith('news/2016/12/30/zorblax-militants') && w.endsWith('.html'),
    );
    assert.ok(slug, 'the Zorblax event page is written');
    zorblaxPage = slug;
  });
  after(() => f.dispose());

  test('no HTML page of the site carries an inline script, an event handler or a non-http(s) link', () => {
    const fs = nodeSiteFs(f.out);
    const pages = fs.list('.').filter((p) => p.endsWith('.html'));
    const found = pages.flatMap((p) => dangers(fs.read(p) ?? '', p));
    assert.deepEqual(found, []);
  });

  test('the payloads are shown as text on the event page, and the javascript: archive copy is dropped', () => {
    const { document } = parseHTML(readFileSync(join(f.out, zorblaxPage), 'utf8'));
    const h1 = document.querySelector('h1')?.textContent ?? '';
    assert.ok(h1.includes(`<script>${PAYLOAD}</script><img src=x onerror="${PAYLOAD}">`), h1);
    const lede = document.querySelector('blockquote.lede')?.textContent ?? '';
    assert.ok(lede.startsWith('MOSUL (AP) — <img src=x onerror='), lede);
    const story = [...document.querySelectorAll('p.meta a[href*="storyline/"]')].map((a) => a.textContent);
    assert.deepEqual(story, [`Zorblax <script>${PAYLOAD}</script> crisis`]);
    const sources = [...document.querySelectorAll('#sources-h + ol li')].map((li) => li.textContent);
    assert.ok(
      sources.every((s) => s?.includes('link dead')),
      sources.join(' | '),
    );
    assert.equal(
      document.querySelectorAll('#sources-h + ol a').length,
      2,
      'the two http(s) sources are links, no archive link',
    );
    const entities = [...document.querySelectorAll('#context-h + ul a')].map((a) => a.textContent);
    assert.ok(entities.some((t) => t?.startsWith('Zorblax "onfocus=')));
  });

  test('the Atom and JSON feeds carry the payloads as escaped text only', () => {
    const feedsDir = nodeSiteFs(join(f.out, 'feeds'));
    const atoms = feedsDir.list('.').filter((x) => x.endsWith('.atom.xml'));
    const parser = new XMLParser({
      ignoreAttributes: false,
      isArray: (name) => name === 'entry' || name === 'link',
    });
    let checked = 0;
    for (const file of atoms) {
      const xml = feedsDir.read(file) ?? '';
      assert.equal(XMLValidator.validate(xml), true, file);
      const feed = parser.parse(xml).feed;
      for (const entry of feed.entry ?? []) {
        for (const field of ['title', 'summary', 'content']) {
          const html = String(entry[field]?.['#text'] ?? entry[field] ?? '');
          assert.deepEqual(dangers(html, `${file} ${field}`), []);
          if (html.includes('Zorblax militants')) {
            const shown = parseHTML(`<div>${html}</div>`).document.querySelector('div')?.textContent ?? '';
            assert.ok(shown.includes(`<script>${PAYLOAD}</script>`), shown);
            checked++;
          }
        }
      }
      const json: unknown = JSON.parse(feedsDir.read(file.replace('.atom.xml', '.json')) ?? '');
      assert.ok(json && typeof json === 'object' && 'items' in json && Array.isArray(json.items));
      for (const item of json.items as { content_html?: string; title?: string }[]) {
        assert.deepEqual(dangers(item.content_html ?? '', `${file} json`), []);
      }
    }
    assert.ok(checked >= 3, `Zorblax entries seen ${checked}`);
  });

  test('the search index files only hand over their data, and return the payload as plain result text', async () => {
    const read = (file: string) => {
      const path = join(f.out, file);
      return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    };
    const search = offlineSearch(read);
    const found = await search.search('Zorblax militants');
    const hit = (await search.docs(found.hits.slice(0, 1), found))[0];
    assert.ok(hit);
    assert.ok(hit.text.includes(`<script>${PAYLOAD}</script>`));
    assert.match(resultFile(hit.date, hit.slug), /^news\/2016\/12\/30\/zorblax-militants[a-z0-9-]*\.html$/);
    assert.ok(existsSync(join(f.out, resultFile(hit.date, hit.slug))));
    // Each file the query loaded, run alone, calls the loader and does nothing else.
    for (const file of search.loaded.slice(1)) {
      const calls: unknown[] = [];
      const sandbox: Record<string, unknown> = { CURRENTS_SEARCH_LOAD: (...a: unknown[]) => calls.push(a) };
      sandbox['globalThis'] = sandbox;
      runInNewContext(read(file) ?? '', sandbox);
      assert.equal(calls.length, 1, file);
      assert.deepEqual(Object.keys(sandbox).sort(), ['CURRENTS_SEARCH_LOAD', 'globalThis'], file);
    }
    assert.ok(search.loaded.length >= 4, search.loaded.join(' '));
  });

  test('the Markdown pages render (CommonMark, raw HTML allowed) to nothing that runs', () => {
    const md = markdownIt({ html: true });
    const fs = nodeSiteFs(f.out);
    const files = fs.list('news/2016/12/30').filter((x) => x.endsWith('.md'));
    assert.ok(files.includes(zorblaxPage.replace(/\.html$/, '.md')));
    for (const file of files) assert.deepEqual(dangers(md.render(fs.read(file) ?? ''), file), []);
    const page = md.render(fs.read(zorblaxPage.replace(/\.html$/, '.md')) ?? '');
    assert.ok(
      parseHTML(page).document.querySelector('h1')?.textContent?.includes(`<script>${PAYLOAD}</script>`),
    );
  });
});
