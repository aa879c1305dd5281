import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseHTML } from 'linkedom';
import { fileInputs } from '../../src/ingest/files.ts';
import { ingestDays } from '../../src/ingest/pipeline.ts';
import { buildSite } from '../../src/pipeline.ts';
import { MANIFEST } from '../../src/publish/engine/_manifest.ts';
import { nodeSiteFs } from '../../src/publish/markdown/_fs.ts';
import { readEvents } from '../../src/store/events.ts';
import { AP_LEDE } from '../fixtures/ap.ts';
import { WIKITEXT_DIR } from '../fixtures/real-data.ts';
import { type SiteFixture, siteFixture } from '../fixtures/site.ts';

const DE_MISTURA =
  'news/2016/04/28/united-nations-envoy-for-syria-staffan-de-mistura-appeals-to-the-united-states-and-russia-to-intervene-to-help-revive-the-failing-syrian-pea';

function doc(out: string, file: string): Document {
  return parseHTML(readFileSync(join(out, file), 'utf8')).document as unknown as Document;
}

function texts(nodes: Iterable<Element>): string[] {
  return [...nodes].map((n) => (n.textContent ?? '').trim());
}

/** An event's text as a list shows it: without its date, sources, "Details" link and context line. */
function shownText(item: Element): string {
  let t = item.textContent ?? '';
  for (const x of item.querySelectorAll(':scope > time, .src, a.more, .context, ul'))
    t = t.replace(x.textContent ?? '', '');
  return t.trim();
}

describe('the HTML site built from the 25 real days', () => {
  let f: SiteFixture;
  before(async () => {
    f = await siteFixture();
  });
  after(() => f.dispose());

  test('the de Mistura event page shows the Markdown page content plus context and storyline links', () => {
    const d = doc(f.out, `${DE_MISTURA}.html`);
    const md = readFileSync(join(f.out, `${DE_MISTURA}.md`), 'utf8');
    // A short headline (the first sentence), the rest of the text under it: together the Markdown title.
    const h1 = d.querySelector('h1')?.textContent ?? '';
    assert.equal(
      h1,
      'United Nations envoy for Syria Staffan de Mistura appeals to the United States and Russia to intervene to help revive the failing Syrian peace talks.',
    );
    const summary = d.querySelector('p.summary')?.textContent ?? '';
    assert.equal(`${h1} ${summary}`, md.split('\n')[2]?.slice(2).replaceAll('\\', '').trim());
    assert.ok((d.querySelector('title')?.textContent ?? '').length <= 120);
    assert.equal(d.querySelector('p.meta time')?.textContent, 'Thursday, 28 April 2016');
    assert.equal(d.querySelector('blockquote.lede')?.textContent, md.split('\n')[4]);
    assert.ok(AP_LEDE.startsWith((d.querySelector('blockquote.lede')?.textContent ?? 'x').replace(/…$/, '')));
    // Related: the same ten texts, in the same order, as the Markdown page (the reference rule).
    const mdRelated = md
      .split('### Related:')[1]
      ?.split('\n')
      .filter((l) => /^\d+\. \[/.test(l))
      .map((l) => l.replace(/^\d+\. \[(.*)\]\(.*$/, '$1').replaceAll('\\', ''));
    const related = [...d.querySelectorAll('#related-h + ol > li')].map(shownText);
    assert.equal(related.length, 10);
    assert.deepEqual(related, mdRelated);
    const context = [...d.querySelectorAll('#context-h + ul a')];
    assert.deepEqual(texts(context), [
      'Russia',
      'Staffan de Mistura',
      'Syria',
      'Syrian peace process',
      'United Nations',
      'United States',
    ]);
    assert.equal(context[2]?.getAttribute('href'), '../../../../entity/syria.html');
    const storyline = [...d.querySelectorAll('p.meta a')].filter((a) =>
      a.getAttribute('href')?.includes('storyline/'),
    );
    assert.deepEqual(texts(storyline), ['Syrian peace process']);
    assert.equal(
      d.querySelector('#sources-h + ol a')?.getAttribute('href'),
      'http://bigstory.ap.org/article/7da077a315944fdfbc31b377a380046e/un-envoy-appeals-us-russia-help-syria-peace-talks',
    );
    // Landmarks and the skip link.
    assert.equal(d.querySelector('a.skip')?.getAttribute('href'), '#main');
    assert.ok(
      d.querySelector('main#main') && d.querySelector('header.site') && d.querySelector('footer.site'),
    );
    assert.equal(
      d.querySelector('link[rel=alternate][type="application/atom+xml"]')?.getAttribute('href'),
      '../../../../feeds/archive.atom.xml',
    );
  });

  test('a day page has its month calendar, previous and next days and every event of the day', () => {
    const d = doc(f.out, 'news/2016/04/28/index.html');
    assert.equal(d.querySelector('a[rel=prev]')?.textContent, '← 2016-04-21');
    assert.equal(d.querySelector('a[rel=prev]')?.getAttribute('href'), '../21/index.html');
    assert.equal(d.querySelector('a[rel=next]')?.textContent, '2016-06-16 →');
    assert.equal(d.querySelector('table.calendar caption')?.textContent, 'April 2016');
    assert.deepEqual(texts(d.querySelectorAll('table.calendar td a')), ['16', '21', '28']);
    assert.equal(d.querySelector('td[aria-current="date"]')?.textContent, '28');
    const events = readEvents(f.store.db, {}).filter((e) => e.date === '2016-04-28');
    // Every event once, in portal order, each with a separate link to its own page.
    assert.deepEqual(
      [...d.querySelectorAll('li.event > p')].map(shownText),
      events.map((e) => e.text),
    );
    assert.equal(d.querySelectorAll('li.event > p > a.more').length, events.length);
    assert.equal(d.querySelector('h1')?.textContent, 'Thursday, 28 April 2016');
    // The event with a follow-up is shown once, the follow-up nested under it, and it is no storyline.
    const aleppo = [...d.querySelectorAll('li.event')].find((li) =>
      shownText(li).startsWith('A wave of airstrikes on Aleppo'),
    );
    assert.ok(aleppo);
    assert.deepEqual([...aleppo.querySelectorAll(':scope > ul > li.event > p')].map(shownText), [
      'Médecins Sans Frontières claims that victims of a strike on a hospital include 14 patients and doctors.',
    ]);
    assert.ok(
      !texts(d.querySelectorAll('strong.storyline')).some((t) => t.startsWith('A wave of airstrikes')),
    );
    assert.ok(
      !existsSync(
        join(
          f.out,
          'storyline/a-wave-of-airstrikes-on-aleppo-syria-kills-at-least-61-people-including-children.html',
        ),
      ),
    );
    // Storylines bold and linked to their pages; sources after each event, linked by their publisher label.
    const war = [...d.querySelectorAll('strong.storyline a')].find(
      (a) => a.textContent === 'Syrian Civil War',
    );
    assert.equal(war?.getAttribute('href'), '../../../../storyline/syrian-civil-war.html');
    const mistura = [...d.querySelectorAll('li.event > p')].find((p) =>
      shownText(p).startsWith('United Nations envoy for Syria'),
    );
    // Its wiki links inline, each to our entity page, as the portal links them.
    assert.deepEqual(
      [...(mistura?.querySelectorAll(':scope > a:not(.more)') ?? [])].map((a) => [
        a.textContent,
        a.getAttribute('href'),
      ]),
      [
        ['United Nations', '../../../../entity/united-nations.html'],
        ['Syria', '../../../../entity/syria.html'],
        ['Staffan de Mistura', '../../../../entity/staffan-de-mistura.html'],
        ['United States', '../../../../entity/united-states.html'],
        ['Russia', '../../../../entity/russia.html'],
      ],
    );
    assert.deepEqual(
      [...(mistura?.querySelectorAll('.src a') ?? [])].map((a) => [a.textContent, a.getAttribute('href')]),
      [
        [
          'AP',
          'http://bigstory.ap.org/article/7da077a315944fdfbc31b377a380046e/un-envoy-appeals-us-russia-help-syria-peace-talks',
        ],
      ],
    );
  });

  test('the Syria entity page lists every event naming Syria, a bar per year, the entities seen with it and its Wikipedia article', () => {
    const d = doc(f.out, 'entity/syria.html');
    const syria = readEvents(f.store.db).filter((e) => e.context.includes('Syria' as never));
    assert.deepEqual(
      [...d.querySelectorAll('ol.timeline li')].map(shownText),
      syria.map((e) => e.text),
    );
    const perYear = (y: string) => syria.filter((e) => e.date.startsWith(y)).length;
    assert.equal(perYear('2015'), 4);
    assert.deepEqual(
      [...d.querySelectorAll('svg.chart title')].map((t) => t.textContent),
      [`2015: 4 events`, `2016: ${perYear('2016')} events`],
    );
    assert.equal(d.querySelector('p.meta a')?.getAttribute('href'), 'https://en.wikipedia.org/wiki/Syria');
    const together = texts(d.querySelectorAll('#together-h + ul a'));
    assert.ok(together.includes('Syrian Civil War'), together.join(', '));
  });

  test('a storyline page threads its events over time', () => {
    const d = doc(f.out, 'storyline/syrian-peace-process.html');
    const thread = readEvents(f.store.db).filter((e) =>
      e.storyline.some((s) => s.text === 'Syrian peace process'),
    );
    assert.ok(thread.length >= 2);
    assert.deepEqual(
      [...d.querySelectorAll('ol.timeline li')].map(shownText),
      thread.map((e) => e.text),
    );
  });

  test('the home page shows the latest seven days, newest first, and every year', () => {
    const d = doc(f.out, 'index.html');
    assert.deepEqual(texts(d.querySelectorAll('main section h2 a')), [
      '2016-12-30',
      '2016-12-29',
      '2016-12-27',
      '2016-12-26',
      '2016-12-24',
      '2016-12-23',
      '2016-12-18',
    ]);
    assert.deepEqual(texts(d.querySelectorAll('#years + ul a')), ['2015', '2016']);
  });

  test('every relative link and script of every page points to a file of the site', () => {
    const fs = nodeSiteFs(f.out);
    const pages = fs.list('.').filter((p) => p.endsWith('.html'));
    assert.ok(pages.length > 1500);
    const missing: string[] = [];
    for (const page of pages) {
      const d = doc(f.out, page);
      // Every page names the site's icon, so no browser asks a host for a missing /favicon.ico.
      if (!d.querySelector('link[rel=icon][href$="assets/icon.svg"]')) missing.push(`${page} names no icon`);
      for (const el of d.querySelectorAll('a[href], link[href], script[src]')) {
        const ref = el.getAttribute('href') ?? el.getAttribute('src') ?? '';
        if (/^https?:/.test(ref) || ref.startsWith('#')) continue;
        // Only 404.html links by absolute paths (from the base URL, here the host's root): a host
        // serves it at any depth.
        if (ref.startsWith('/') && page !== '404.html') missing.push(`${page} → ${ref} (not relative)`);
        const target = new URL(
          ref.startsWith('/') ? `.${ref}` : ref,
          `file:///site/${ref.startsWith('/') ? '' : page}`,
        );
        const file = decodeURIComponent(target.pathname.slice('/site/'.length));
        if (!existsSync(join(f.out, file))) missing.push(`${page} → ${ref}`);
      }
    }
    assert.deepEqual(missing.slice(0, 5), []);
  });

  test('a second build writes nothing; a reworded event rewrites its pages only, and a gone event is removed', async () => {
    const again = buildSite(f.store.db, { out: f.out, format: 'both' }).publish;
    assert.deepEqual(again.written, []);
    assert.ok(existsSync(join(f.out, MANIFEST)));
    const file = join(f.dir, '2016-04-21.wiki');
    const original = readFileSync(join(WIKITEXT_DIR, '2016-04-21.wiki'), 'utf8');
    const line = original.split('\n').find((l) => l.startsWith('**') && l.includes('[http'));
    assert.ok(line);
    writeFileSync(file, original.replace(line, line.replace(/^\*\*/, '**Reworded: ')));
    await ingestDays(f.store.db, fileInputs([file]));
    const changed = buildSite(f.store.db, { out: f.out, format: 'both' }).publish;
    const pages = changed.written.filter((w) => w.endsWith('.html'));
    assert.ok(pages.length > 0 && pages.length < 200, `${pages.length} HTML pages written`);
    assert.ok(changed.written.some((w) => w.startsWith('news/2016/04/21/reworded-')));
    assert.equal(
      changed.removed.filter((r) => r.startsWith('news/2016/04/21/') && r.endsWith('.html')).length,
      1,
    );
    for (const r of changed.removed) assert.equal(existsSync(join(f.out, r)), false);
  });
});
