import type { DayNode, DayPageModel, EventPageModel, IndexPageModel, PagePath } from '../model.ts';
import { monthPath, yearPath } from '../model.ts';
import { longDate, monthCalendar, monthName } from './calendar.ts';
import { attr, outLink, text } from './escape.ts';
import { crumbs, layout } from './layout.ts';
import { pageHref } from './paths.ts';
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

/** An event page: the Markdown page's content plus context entities, storylines, dead-source copies, on this day. */
export function renderEventPage(site: HtmlSite, e: EventPageModel): string {
  const p = e.path;
  const parts: string[] = [crumbs(p, [...dayTrail(e.date), [e.date, `${e.dayPath}.html`], ['Event', '']])];
  parts.push('<article>\n');
  const meta = [`<a href="${attr(pageHref(p, e.dayPath))}">${time(e.date)}</a>`];
  if (e.category) meta.push(text(e.category));
  parts.push(`<p class="meta">${meta.join(' · ')}</p>\n`);
  if (e.storyline.length > 0) {
    const links = e.storyline.map((s) => {
      const page = site.storylines.get(s);
      return page ? a(p, page.path, s) : text(s);
    });
    parts.push(`<p class="meta">Storyline: ${links.join(' › ')}</p>\n`);
  }
  parts.push(`<h1>${text(e.text)}</h1>\n`);
  if (e.excerpt) parts.push(`<blockquote class="lede"><p>${text(e.excerpt)}</p></blockquote>\n`);
  if (e.sources.length > 0) {
    const items = e.sources.map((s) => {
      const state = site.sourceState.get(s.url);
      const dead = s.deadLink || state?.dead === true;
      const archive = s.archiveUrl ?? state?.archiveUrl ?? null;
      const extra: string[] = [];
      if (dead) extra.push('link dead');
      if (archive) {
        const copy = outLink('archived copy', archive);
        if (copy !== text('archived copy')) extra.push(copy);
      }
      return `<li>${outLink(s.publisher, s.url)}${extra.length ? ` <span class="muted">(${extra.join(', ')})</span>` : ''}</li>`;
    });
    parts.push(section('sources', 'Sources', `<ol>${items.join('\n')}</ol>`));
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
        `<li>${a(p, r.path, r.text)} ${time(r.date)}<span class="context">Context: ${r.shared.map(text).join(', ')}</span></li>`,
    );
    parts.push(section('related', 'Related', `<ol class="related">${items.join('\n')}</ol>`));
  }
  const same = site.onThisDay(e);
  if (same.length > 0) {
    const items = same.map((o) => `<li>${time(o.date)} ${a(p, o.path, o.text)}</li>`);
    parts.push(
      section('on-this-day', 'On this day in other years', `<ul class="events">${items.join('\n')}</ul>`),
    );
  }
  parts.push('</article>\n');
  return layout({ path: p, title: e.text, description: e.excerpt ?? e.text, body: parts.join('') });
}

function section(id: string, title: string, body: string): string {
  return `<section aria-labelledby="${id}-h"><h2 id="${id}-h">${text(title)}</h2>\n${body}\n</section>\n`;
}

function dayNodes(from: PagePath, nodes: readonly DayNode[]): string {
  const items = nodes.map((n) =>
    n.kind === 'event'
      ? `<li>${a(from, n.path, n.text)}</li>`
      : `<li><span class="storyline">${text(n.text)}</span>${dayNodes(from, n.children)}</li>`,
  );
  return `<ul>${items.join('\n')}</ul>`;
}

/** The sections of a day (categories, storylines, events), headings at `level`. */
function daySections(from: PagePath, day: DayPageModel, level: 2 | 3): string {
  return day.sections
    .map(
      (s) =>
        `${s.category !== null ? `<h${level}>${text(s.category)}</h${level}>\n` : ''}${dayNodes(from, s.nodes)}\n`,
    )
    .join('');
}

/** A day page: previous/next day, the month calendar, the day's events under categories and storylines. */
export function renderDayPage(day: DayPageModel, hasEvents: ReadonlySet<string>): string {
  const p = day.path;
  const nav = (label: string) =>
    `<nav class="days" aria-label="${label}">${day.prev ? `<a rel="prev" href="${attr(pageHref(p, day.prev.path))}">← ${text(day.prev.date)}</a>` : '<span></span>'}${day.next ? `<a rel="next" href="${attr(pageHref(p, day.next.path))}">${text(day.next.date)} →</a>` : '<span></span>'}</nav>\n`;
  const body = [
    crumbs(p, [...dayTrail(day.date), [day.date, '']]),
    `<h1><time datetime="${attr(day.date)}">${text(longDate(day.date))}</time></h1>\n`,
    `<p class="meta">${day.eventCount} event${day.eventCount === 1 ? '' : 's'}</p>\n`,
    nav('Previous and next day'),
    daySections(p, day, 2),
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
export function renderHomePage(root: IndexPageModel, latest: readonly DayPageModel[]): string {
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
    parts.push(daySections(p, day, 3), '</section>\n');
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
