import { yearChart } from './chart.ts';
import { attr, outLink, text } from './escape.ts';
import { eventText } from './event-text.ts';
import { crumbs, layout } from './layout.ts';
import { pageHref, relativeHref } from './paths.ts';
import type { EntityPage, HtmlSite, StorylinePage } from './site.ts';

/** Wikipedia article URL of a title (spaces as underscores, the rest percent-encoded). */
export function wikipediaUrl(title: string): string {
  return `https://en.wikipedia.org/wiki/${encodeURIComponent(title.replaceAll(' ', '_'))}`;
}

/** Feed paths (site paths with extension) of an entity or storyline page. */
export function feedsOf(path: string): { atom: string; json: string } {
  const name = path.replace(/^\/+/, '').replace('/', '-');
  return { atom: `/feeds/${name}.atom.xml`, json: `/feeds/${name}.json` };
}

function timeline(site: HtmlSite, from: string, events: EntityPage['events']): string {
  const parts: string[] = [];
  let year = '';
  let open = false;
  for (const e of events) {
    const y = e.date.slice(0, 4);
    if (y !== year) {
      if (open) parts.push('</ol>\n');
      parts.push(`<h3 id="y${y}">${y}</h3>\n<ol class="timeline">`);
      year = y;
      open = true;
    }
    parts.push(`<li><time datetime="${e.date}">${e.date}</time><p>${eventText(site, from, e)}</p></li>`);
  }
  if (open) parts.push('</ol>\n');
  return parts.join('\n');
}

function feedLinks(from: string, feeds: { atom: string; json: string }): string {
  return `<p class="feeds">Follow: <a href="${attr(relativeHref(from, feeds.atom))}">Atom feed</a> <a href="${attr(relativeHref(from, feeds.json))}">JSON Feed</a></p>\n`;
}

/** An entity page: chart per year, Wikipedia link, entities seen with it most, every event as a timeline. */
export function renderEntityPage(site: HtmlSite, page: EntityPage): string {
  const p = page.path;
  const first = page.events[0]?.date ?? '';
  const last = page.events.at(-1)?.date ?? '';
  const n = page.events.length;
  const feeds = feedsOf(p);
  const together = page.together.map(
    (t) =>
      `<li><a href="${attr(pageHref(p, t.path))}">${text(t.title)}</a> <span class="muted">${t.count}</span></li>`,
  );
  const body = [
    crumbs(p, [
      ['Archive', '/index.html'],
      ['Entity', ''],
    ]),
    `<h1>${text(page.title)}</h1>\n`,
    `<p class="meta">${n} event${n === 1 ? '' : 's'}, ${first}${last !== first ? ` to ${last}` : ''} · ${outLink('Wikipedia article', wikipediaUrl(page.title), 'noopener')}</p>\n`,
    page.alsoLinkedAs.length > 0
      ? `<p class="meta">Also linked as: ${page.alsoLinkedAs.map((t) => text(t)).join(', ')}</p>\n`
      : '',
    feedLinks(p, feeds),
    `<figure>${yearChart(page.years, page.title)}<figcaption class="muted">Events per year</figcaption></figure>\n`,
    together.length > 0
      ? `<section aria-labelledby="together-h"><h2 id="together-h">Often in the news with</h2>\n<ul class="tags">${together.join('')}</ul></section>\n`
      : '',
    `<section aria-labelledby="timeline-h"><h2 id="timeline-h">Timeline</h2>\n${timeline(site, p, page.events)}</section>\n`,
  ].join('');
  return layout({ path: p, title: page.title, description: `${n} events about ${page.title}`, body, feeds });
}

/** A storyline page: the thread of its events over time. */
export function renderStorylinePage(site: HtmlSite, page: StorylinePage): string {
  const p = page.path;
  const n = page.events.length;
  const feeds = feedsOf(p);
  const first = page.events[0]?.date ?? '';
  const last = page.events.at(-1)?.date ?? '';
  const body = [
    crumbs(p, [
      ['Archive', '/index.html'],
      ['Storyline', ''],
    ]),
    `<h1>${text(page.title)}</h1>\n`,
    `<p class="meta">Storyline · ${n} event${n === 1 ? '' : 's'}, ${first}${last !== first ? ` to ${last}` : ''}</p>\n`,
    feedLinks(p, feeds),
    `<section aria-labelledby="timeline-h"><h2 id="timeline-h">Timeline</h2>\n${timeline(site, p, page.events)}</section>\n`,
  ].join('');
  return layout({ path: p, title: page.title, description: `Storyline: ${page.title}`, body, feeds });
}
