import type {
  DayNode,
  DayPageModel,
  EventPageModel,
  IndexPageModel,
  PagePath,
  SourceItem,
} from '../model.ts';
import { dayDataPath, monthPath, yearPath } from '../model.ts';
import { longDate, monthCalendar, monthName } from './calendar.ts';
import { attr, outLink, text } from './escape.ts';
import { entityHref, eventText } from './event-text.ts';
import { cutAtWord, headline } from './headline.ts';
import { crumbs, layout } from './layout.ts';
import { linkedText } from './linked-text.ts';
import { pageHref, relativeHref } from './paths.ts';
import type { HtmlSite } from './site.ts';

/** A link to another page of the site. */
function a(from: PagePath, to: PagePath, label: string): string {
  return `<a href="${attr(pageHref(from, to))}">${text(label)}</a>`;
}

function time(date: string): string {
  return `<time datetime="${attr(date)}">${text(date)}</time>`;
}

function dayTrail(date: string): [string, string][] {
  return [
    ['Archive', '/index.html'],
    [date.slice(0, 4), `${yearPath(date)}.html`],
    [monthName(date.slice(0, 7)), `${monthPath(date)}.html`],
  ];
}

/** A date-time from a page's metadata as 'D Month YYYY' (its day as published), or null when unreadable. */
function publishedDay(time: string | null): string | null {
  const m = time ? /^(\d{4}-\d{2}-\d{2})/.exec(time) : null;
  return m?.[1] ? longDate(m[1]).replace(/^\w+, /, '') : null;
}

/** One cited source on an event page: publisher link, then what enrichment learned (headline, date, lede). */
function sourceEntry(site: HtmlSite, s: SourceItem, shown: string | null): string {
  const state = site.sourceState.get(s.url);
  const archive = s.archiveUrl ?? state?.archiveUrl ?? null;
  const extra: string[] = [];
  if (s.deadLink || state?.dead === true) extra.push('link dead');
  if (archive) {
    const copy = outLink('archived copy', archive);
    if (copy !== text('archived copy')) extra.push(copy);
  }
  const about: string[] = [];
  if (state?.title) about.push(`<cite>${text(state.title)}</cite>`);
  if (state?.siteName && state.siteName !== s.publisher) about.push(text(state.siteName));
  const day = publishedDay(state?.publishedTime ?? null);
  if (day && state?.publishedTime)
    about.push(`<time datetime="${attr(state.publishedTime)}">${text(day)}</time>`);
  const head = `${outLink(s.publisher, s.url)}${about.length ? ` — ${about.join(' · ')}` : ''}${extra.length ? ` <span class="muted">(${extra.join(', ')})</span>` : ''}`;
  const lede =
    state?.excerpt && state.excerpt !== shown
      ? `<blockquote class="lede"><p>${text(state.excerpt)}</p></blockquote>`
      : '';
  return `<li>${head}${lede}</li>`;
}

/**
 * An event page: a short headline (its first sentence) with the rest of its text under it, links
 * inline; the lede of the report it cites; its sources; context, storylines, related events, on this day.
 */
export function renderEventPage(site: HtmlSite, e: EventPageModel): string {
  const p = e.path;
  const head = headline(e.text);
  const hrefOf = entityHref(site, p);
  const parts: string[] = [crumbs(p, [...dayTrail(e.date), [e.date, `${e.dayPath}.html`], ['Event', '']])];
  parts.push('<article>\n');
  const meta = [
    `<a href="${attr(pageHref(p, e.dayPath))}"><time datetime="${attr(e.date)}">${text(longDate(e.date))}</time></a>`,
  ];
  if (e.category) meta.push(text(e.category));
  parts.push(`<p class="meta">${meta.join(' · ')}</p>\n`);
  if (e.storyline.length > 0) {
    const links = e.storyline.map((s) => {
      const parent = site.parentEvent(e.date, s);
      if (parent) return a(p, parent.path, headline(parent.text).text);
      const page = site.storylines.get(s);
      return page ? a(p, page.path, s) : text(s);
    });
    parts.push(`<p class="meta">Storyline: ${links.join(' › ')}</p>\n`);
  }
  // A whole first sentence heads the page with its links; a cut one is plain, the whole text under it.
  const whole = head.rest > 0;
  const h1 = whole ? linkedText(e.text, e.spans, { hrefOf, to: head.text.length }) : text(head.text);
  parts.push(`<h1>${h1}</h1>\n`);
  const under = whole
    ? linkedText(e.text, e.spans, { hrefOf, from: head.rest })
    : linkedText(e.text, e.spans, { hrefOf });
  if (under) parts.push(`<p class="summary">${under}</p>\n`);
  if (e.excerpt) parts.push(`<blockquote class="lede"><p>${text(e.excerpt)}</p></blockquote>\n`);
  if (e.sources.length > 0) {
    const items = e.sources.map((s) => sourceEntry(site, s, e.excerpt));
    parts.push(section('sources', 'Sources', `<ol class="sources">${items.join('\n')}</ol>`));
  }
  if (e.context.length > 0) {
    const items = e.context.map((t) => {
      const page = site.entities.get(t);
      return `<li>${page ? a(p, page.path, t) : text(t)}</li>`;
    });
    parts.push(section('context', 'Context', `<ul class="tags">${items.join('')}</ul>`));
  }
  if (e.related.length > 0) {
    const items = e.related.map(
      (r) =>
        `<li>${time(r.date)} ${eventText(site, p, r)}<span class="context">Context: ${r.shared.map(text).join(', ')}</span></li>`,
    );
    parts.push(section('related', 'Related', `<ol class="related">${items.join('\n')}</ol>`));
  }
  const same = site.onThisDay(e);
  if (same.length > 0) {
    const items = same.map((o) => `<li>${time(o.date)} ${eventText(site, p, o)}</li>`);
    parts.push(
      section('on-this-day', 'On this day in other years', `<ul class="events">${items.join('\n')}</ul>`),
    );
  }
  parts.push('</article>\n');
  const title = cutAtWord(head.text, 120 - ' — Currents'.length);
  return layout({ path: p, title, description: e.excerpt ?? e.text, body: parts.join('') });
}

function section(id: string, title: string, body: string): string {
  return `<section aria-labelledby="${id}-h"><h2 id="${id}-h">${text(title)}</h2>\n${body}\n</section>\n`;
}

/** A source after an event, as the portal shows it: "(AP)", linked; a dead link says so, an archived copy is linked. */
function sourceLink(site: HtmlSite, s: SourceItem): string {
  const state = site.sourceState.get(s.url);
  const archive = s.archiveUrl ?? state?.archiveUrl ?? null;
  const extra: string[] = [];
  if (s.deadLink || state?.dead === true) extra.push('link dead');
  if (archive) {
    const copy = outLink('archived', archive);
    if (copy !== text('archived')) extra.push(copy);
  }
  return `(${outLink(s.publisher, s.url)}${extra.length ? `; ${extra.join(', ')}` : ''})`;
}

/**
 * A day's bullets as the portal nests them: storylines bold and linked to their pages, each event
 * with its links inline, its sources, and a separate link to its own page; follow-ups under their event.
 */
function dayNodes(site: HtmlSite, from: PagePath, nodes: readonly DayNode[]): string {
  const items = nodes.map((n) => {
    const children = n.children.length > 0 ? dayNodes(site, from, n.children) : '';
    if (n.kind === 'storyline') {
      const page = site.storylines.get(n.text);
      const label = page ? a(from, page.path, n.text) : text(n.text);
      return `<li><strong class="storyline">${label}</strong>${children}</li>`;
    }
    const sources = n.sources.map((src) => sourceLink(site, src)).join(' ');
    const shown = eventText(site, from, n, sources ? ` <span class="src">${sources}</span>` : '');
    return `<li class="event"><p>${shown}</p>${children}</li>`;
  });
  return `<ul>${items.join('\n')}</ul>`;
}

/** The sections of a day (categories, storylines, events), headings at `level`. */
function daySections(site: HtmlSite, from: PagePath, day: DayPageModel, level: 2 | 3): string {
  return day.sections
    .map(
      (s) =>
        `${s.category !== null ? `<h${level}>${text(s.category)}</h${level}>\n` : ''}${dayNodes(site, from, s.nodes)}\n`,
    )
    .join('');
}

/** A day page: previous/next day, the month calendar, the day's events under categories and storylines. */
export function renderDayPage(site: HtmlSite, day: DayPageModel, hasEvents: ReadonlySet<string>): string {
  const p = day.path;
  const nav = (label: string) =>
    `<nav class="days" aria-label="${label}">${day.prev ? `<a rel="prev" href="${attr(pageHref(p, day.prev.path))}">← ${text(day.prev.date)}</a>` : '<span></span>'}${day.next ? `<a rel="next" href="${attr(pageHref(p, day.next.path))}">${text(day.next.date)} →</a>` : '<span></span>'}</nav>\n`;
  const body = [
    crumbs(p, [...dayTrail(day.date), [day.date, '']]),
    `<h1><time datetime="${attr(day.date)}">${text(longDate(day.date))}</time></h1>\n`,
    `<p class="meta">${day.eventCount} event${day.eventCount === 1 ? '' : 's'} · <a href="${attr(relativeHref(p, dayDataPath(day.date)))}" type="application/json">data (JSON)</a></p>\n`,
    nav('Previous and next day'),
    daySections(site, p, day, 2),
    nav('Previous and next day, end of page'),
    monthCalendar(p, day.date.slice(0, 7), hasEvents, day.date),
  ].join('');
  const heading = longDate(day.date);
  const description = `${day.eventCount} event${day.eventCount === 1 ? '' : 's'} of ${heading}, from Wikipedia's Current events portal, with their sources and related events.`;
  return layout({ path: p, title: heading, description, body });
}

/** A year or month index; a month also shows its calendar. */
export function renderIndexPage(index: IndexPageModel, hasEvents: ReadonlySet<string>): string {
  const p = index.path;
  const title = index.kind === 'month' ? monthName(index.title) : index.title;
  const trail: [string, string][] = [['Archive', '/index.html']];
  if (index.kind === 'month') trail.push([index.title.slice(0, 4), `${yearPath(`${index.title}-01`)}.html`]);
  trail.push([title, '']);
  const items = index.entries.map(
    (e) =>
      `<li>${a(p, e.path, index.kind === 'year' ? monthName(e.label) : e.label)} <span class="muted">— ${e.events} event${e.events === 1 ? '' : 's'}</span></li>`,
  );
  const body = [
    crumbs(p, trail),
    `<h1>${text(title)}</h1>\n`,
    index.kind === 'month' ? monthCalendar(p, index.title, hasEvents) : '',
    `<ul>${items.join('\n')}</ul>\n`,
  ].join('');
  const count = index.entries.reduce((n, e) => n + e.events, 0);
  const description = `${count} event${count === 1 ? '' : 's'} of ${title} from Wikipedia's Current events portal, day by day, with their sources and related events.`;
  return layout({ path: p, title, description, body });
}

/** The home page (the root index): the latest days in full (given oldest first), then every year. */
export function renderHomePage(
  site: HtmlSite,
  root: IndexPageModel,
  latest: readonly DayPageModel[],
): string {
  const p = root.path;
  const days = [...latest].reverse();
  const parts = ['<h1>Latest days</h1>\n'];
  if (days.length === 0)
    parts.push(
      '<p>The archive is empty: run <code>currents ingest</code>, then <code>currents build</code>.</p>\n',
    );
  for (const day of days) {
    parts.push(
      `<section aria-labelledby="d-${day.date}"><h2 id="d-${day.date}">${a(p, day.path, day.date)}</h2>\n`,
    );
    parts.push(daySections(site, p, day, 3), '</section>\n');
  }
  const years = root.entries.map(
    (e) =>
      `<li>${a(p, e.path, e.label)} <span class="muted">— ${e.events} event${e.events === 1 ? '' : 's'}</span></li>`,
  );
  parts.push(
    `<section aria-labelledby="years"><h2 id="years">Archive by year</h2>\n<ul>${years.join('\n')}</ul></section>\n`,
  );
  return layout({
    path: p,
    title: 'Latest news from the Current events portal',
    description:
      "Wikipedia's Current events portal as a permanent archive: every event with the lede of the report it cites, its sources, and related events from any year.",
    body: parts.join(''),
  });
}
