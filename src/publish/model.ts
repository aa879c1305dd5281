import type { LinkSpan, PortalEvent, StoredEvent } from '../model/event.ts';
import type { EntityTitle, EventId, IsoDate } from '../model/ids.ts';
import type { RelatedEntry } from '../model/related.ts';

/**
 * The format-neutral page model of the archive, shared by the Markdown archive and the HTML site.
 * Paths are site-absolute and carry no extension ('/news/2016/04/28/<slug>'): each renderer
 * appends its own ('.md', '.html'). Texts are plain, never escaped: escaping is the renderer's job.
 */

/** A site-absolute page path without extension: '/news/2016/04/28/index'. */
export type PagePath = string;

/** A related event as shown on a page. */
export interface RelatedItem {
  id: EventId;
  date: IsoDate;
  text: string;
  spans: readonly LinkSpan[];
  path: PagePath;
  score: number;
  shared: EntityTitle[];
}

/** A cited source as shown on a page. */
export interface SourceItem {
  publisher: string;
  url: string;
  archiveUrl: string | null;
  deadLink: boolean;
}

/** Everything an event page shows. */
export interface EventPageModel {
  id: EventId;
  date: IsoDate;
  path: PagePath;
  slug: string;
  dayPath: PagePath;
  text: string;
  /** Where the event's wiki links sit in `text` (UTF-16 offsets). */
  spans: readonly LinkSpan[];
  category: string | null;
  /** Storyline bullets' texts, outermost first. */
  storyline: string[];
  /** The cited report's lede excerpt (≤ 220 characters), or null when no lede is known. */
  excerpt: string | null;
  sources: SourceItem[];
  /** Top related events in rank order (empty when none). */
  related: RelatedItem[];
  /** Context entities of the event, sorted. */
  context: EntityTitle[];
}

/**
 * A node under a category on a day page: a storyline bullet with children, or an event. An event
 * that is also the parent bullet of follow-up events (the portal nests them under it) holds them
 * as its children: it is shown once, not again as a storyline label.
 */
export type DayNode =
  | { kind: 'storyline'; text: string; children: DayNode[] }
  | {
      kind: 'event';
      id: EventId;
      text: string;
      path: PagePath;
      spans: readonly LinkSpan[];
      sources: SourceItem[];
      children: DayNode[];
    };

/** One category heading of a day page and what sits under it, in portal order. */
export interface DaySection {
  /** null on pages without headings (2002–2006). */
  category: string | null;
  nodes: DayNode[];
}

/** A link to a neighbouring day. */
export interface DayLink {
  date: IsoDate;
  path: PagePath;
}

/** Everything a day page shows. */
export interface DayPageModel {
  date: IsoDate;
  path: PagePath;
  sections: DaySection[];
  prev: DayLink | null;
  next: DayLink | null;
  /** The month index this day belongs to. */
  monthPath: PagePath;
  eventCount: number;
}

/** A month, year or root index page: a title and links to the pages below it. */
export interface IndexPageModel {
  kind: 'root' | 'year' | 'month';
  /** 'Archive', '2016', '2016-04'. */
  title: string;
  path: PagePath;
  /** The index one level up (null for the root). */
  parent: PagePath | null;
  entries: { label: string; path: PagePath; events: number }[];
}

/** The whole archive as page models. */
export interface SiteModel {
  events: EventPageModel[];
  days: DayPageModel[];
  indexes: IndexPageModel[];
}

/** What the site model is made from: stored events, related lists and known excerpts. */
export interface SiteInput {
  /** All events, in portal order (date, then position), with their stored slugs. */
  events: readonly StoredEvent[];
  /** Related lists by event id (absent or empty: nothing related). */
  related: ReadonlyMap<EventId, readonly RelatedEntry[]>;
  /** Lede excerpts by event id (absent: no lede known). */
  excerpts: ReadonlyMap<EventId, string>;
}

/** The folder of a day: '/news/2016/04/28'. Month and day are always zero-padded. */
export function dayFolder(date: IsoDate): string {
  const [y, m, d] = date.split('-');
  return `/news/${y}/${m?.padStart(2, '0')}/${d?.padStart(2, '0')}`;
}

/** The path of a day page: '/news/2016/04/28/index'. */
export function dayPath(date: IsoDate): PagePath {
  return `${dayFolder(date)}/index`;
}

/** The path of an event page: '/news/2016/04/28/<slug>'. */
export function eventPath(date: IsoDate, slug: string): PagePath {
  return `${dayFolder(date)}/${slug}`;
}

/** The path of a month index: '/news/2016/04/index'. */
export function monthPath(date: IsoDate): PagePath {
  return `/news/${date.slice(0, 4)}/${date.slice(5, 7)}/index`;
}

/** The path of a year index: '/news/2016/index'. */
export function yearPath(date: IsoDate): PagePath {
  return `/news/${date.slice(0, 4)}/index`;
}

/** The path of the root index. */
export const ROOT_PATH: PagePath = '/index';

/** The stored slug of every event (given once by the store when the event was first written). */
export function slugsOf(events: readonly StoredEvent[]): Map<EventId, string> {
  return new Map(events.map((e) => [e.id, e.slug]));
}

/**
 * The model of every page of the archive. Pure: the same input gives the same model.
 * @example siteModel({ events: readEvents(db), related, excerpts })
 */
export function siteModel(input: SiteInput): SiteModel {
  const lazy = lazySiteModel(input);
  return { events: [...lazy.events], days: lazy.days, indexes: lazy.indexes };
}

/** A site model whose event pages are made one at a time as they are iterated (a large archive's builder holds one). */
export interface LazySiteModel {
  events: Iterable<EventPageModel>;
  days: DayPageModel[];
  indexes: IndexPageModel[];
}

/** Like `siteModel`, but event pages are made while iterating, so they need not all be in memory at once. */
export function lazySiteModel(input: SiteInput): LazySiteModel {
  return streamedSiteModel({
    events: input.events,
    excerpts: input.excerpts,
    relatedOf: () => input.related,
  });
}

/** What a streamed site model is made from: every event and excerpt, and a reader of related lists. */
export interface StreamedSiteInput {
  events: readonly StoredEvent[];
  excerpts: ReadonlyMap<EventId, string>;
  /** The related lists of the given events (asked a year of events at a time). */
  relatedOf(ids: readonly EventId[]): ReadonlyMap<EventId, readonly RelatedEntry[]>;
}

/**
 * Like `lazySiteModel`, but related lists too are read while iterating, a year of events at a time,
 * so a full build of a large archive never holds every list (1.2M entries on 150k events).
 */
export function streamedSiteModel(input: StreamedSiteInput): LazySiteModel {
  const events = [...input.events].sort(portalOrder);
  const slugs = slugsOf(events);
  const byId = new Map(events.map((e) => [e.id, e]));
  const pathOf = (e: PortalEvent) => eventPath(e.date, slugs.get(e.id) ?? 'event');
  const dayGroups = groupByDate(events);
  const dates = [...dayGroups.keys()];
  const days = dates.map((date, i) =>
    dayPageModel(date, dayGroups.get(date) ?? [], dates[i - 1] ?? null, dates[i + 1] ?? null, pathOf),
  );
  function* eventPages(): Generator<EventPageModel> {
    let start = 0;
    for (let i = 1; i <= events.length; i++) {
      if (i < events.length && events[i]?.date.slice(0, 4) === events[start]?.date.slice(0, 4)) continue;
      const year = events.slice(start, i);
      const source: SiteInput = {
        events: [],
        related: input.relatedOf(year.map((e) => e.id)),
        excerpts: input.excerpts,
      };
      for (const e of year) yield eventPage(e, source, byId, pathOf);
      start = i;
    }
  }
  return { events: { [Symbol.iterator]: eventPages }, days, indexes: indexPages(days) };
}

/** What a partial model is made from: the site input for some days, and what to build of them. */
export interface PartialSiteInput extends SiteInput {
  /** Every day of the archive with its event count, dates ascending (for neighbours and indexes). */
  allDays: readonly { date: IsoDate; events: number }[];
  /** Event pages wanted; every event of their days (and of their related events' days) is in `events`. */
  eventIds: ReadonlySet<EventId>;
  /** Day pages wanted; all their events are in `events`. */
  dayDates: ReadonlySet<IsoDate>;
}

/**
 * The model of some pages only (an incremental build): the wanted event and day pages, and every
 * month, year and root index. Each page equals the one `siteModel` gives for the whole archive.
 */
export function partialSiteModel(input: PartialSiteInput): SiteModel {
  const events = [...input.events].sort(portalOrder);
  const slugs = slugsOf(events);
  const byId = new Map(events.map((e) => [e.id, e]));
  const pathOf = (e: PortalEvent) => eventPath(e.date, slugs.get(e.id) ?? 'event');
  const eventPages = events
    .filter((e) => input.eventIds.has(e.id))
    .map((e) => eventPage(e, input, byId, pathOf));
  const dayGroups = groupByDate(events);
  const days: DayPageModel[] = [];
  input.allDays.forEach((d, i) => {
    if (!input.dayDates.has(d.date)) return;
    const prev = input.allDays[i - 1]?.date ?? null;
    const next = input.allDays[i + 1]?.date ?? null;
    days.push(dayPageModel(d.date, dayGroups.get(d.date) ?? [], prev, next, pathOf));
  });
  const stubs = input.allDays.map((d) => ({ date: d.date, path: dayPath(d.date), eventCount: d.events }));
  return { events: eventPages, days, indexes: indexPages(stubs) };
}

/** What a day page needs of an event (a stored event has all of it). */
export interface DayEvent {
  id: EventId;
  text: string;
  category: string | null;
  storyline: readonly { text: string }[];
  spans: readonly LinkSpan[];
  sources: readonly SourceLike[];
}

/** A source as stored (`Source`) or as already shown (`SourceItem`). */
type SourceLike = { publisher: string; url: string; archiveUrl?: string | null | undefined; deadLink: boolean };

function dayPageModel<E extends DayEvent>(
  date: IsoDate,
  events: readonly E[],
  prev: IsoDate | null,
  next: IsoDate | null,
  pathOf: (e: E) => PagePath,
): DayPageModel {
  return {
    date,
    path: dayPath(date),
    sections: daySections(events, pathOf),
    prev: prev ? { date: prev, path: dayPath(prev) } : null,
    next: next ? { date: next, path: dayPath(next) } : null,
    monthPath: monthPath(date),
    eventCount: events.length,
  };
}

function portalOrder(a: PortalEvent, b: PortalEvent): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : a.position - b.position;
}

/** Related entries as shown on a page: entries whose event no longer exists are left out. */
export function relatedItems<E extends { id: EventId; date: IsoDate; text: string; spans: readonly LinkSpan[] }>(
  entries: readonly RelatedEntry[],
  byId: ReadonlyMap<EventId, E>,
  pathOf: (e: E) => PagePath,
): RelatedItem[] {
  const related: RelatedItem[] = [];
  for (const r of entries) {
    const other = byId.get(r.id);
    if (!other) continue;
    related.push({
      id: other.id,
      date: other.date,
      text: other.text,
      spans: other.spans,
      path: pathOf(other),
      score: r.score,
      shared: r.shared,
    });
  }
  return related;
}

/**
 * The page model of every event, in portal order, without related lists (each `related` is empty):
 * what entity, storyline and search pages need of all events, at a fraction of the full model's memory.
 */
export function eventPagesWithoutRelated(
  events: readonly StoredEvent[],
  excerpts: ReadonlyMap<EventId, string>,
): EventPageModel[] {
  const sorted = [...events].sort(portalOrder);
  const slugs = slugsOf(sorted);
  const pathOf = (e: PortalEvent) => eventPath(e.date, slugs.get(e.id) ?? 'event');
  const input: SiteInput = { events: [], related: new Map(), excerpts };
  return sorted.map((e) => eventPage(e, input, new Map(), pathOf));
}

/** The day page of `date` from its events' page models (portal order), as `siteModel` makes it. */
export function dayPageOf(
  date: IsoDate,
  pages: readonly EventPageModel[],
  prev: IsoDate | null,
  next: IsoDate | null,
): DayPageModel {
  const events = pages.map((p) => ({
    id: p.id,
    text: p.text,
    category: p.category,
    storyline: p.storyline.map((text) => ({ text })),
    spans: p.spans,
    sources: p.sources,
    path: p.path,
  }));
  return dayPageModel(date, events, prev, next, (e) => e.path);
}

function eventPage(
  e: PortalEvent,
  input: SiteInput,
  byId: Map<EventId, PortalEvent>,
  pathOf: (e: PortalEvent) => PagePath,
): EventPageModel {
  const related = relatedItems(input.related.get(e.id) ?? [], byId, pathOf);
  const path = pathOf(e);
  return {
    id: e.id,
    date: e.date,
    path,
    slug: path.slice(path.lastIndexOf('/') + 1),
    dayPath: dayPath(e.date),
    text: e.text,
    spans: e.spans,
    category: e.category,
    storyline: e.storyline.map((s) => s.text),
    excerpt: input.excerpts.get(e.id) ?? null,
    sources: e.sources.map(sourceItem),
    related,
    context: e.context,
  };
}

/** A source as pages show it (a stored source or one already shown). */
function sourceItem(s: SourceLike): SourceItem {
  return { publisher: s.publisher, url: s.url, archiveUrl: s.archiveUrl ?? null, deadLink: s.deadLink };
}

function groupByDate(events: readonly PortalEvent[]): Map<IsoDate, PortalEvent[]> {
  const out = new Map<IsoDate, PortalEvent[]>();
  for (const e of events) {
    const list = out.get(e.date);
    if (list) list.push(e);
    else out.set(e.date, [e]);
  }
  return out;
}

/**
 * A day's events under their categories and storylines, in portal order: consecutive events with
 * the same category share a heading, and consecutive events with the same storyline prefix share
 * those storyline bullets. A storyline step that is the event just before it at that level (a
 * bullet that is an event and has follow-ups) is that event: the follow-ups nest under it.
 */
export function daySections<E extends DayEvent>(
  events: readonly E[],
  pathOf: (e: E) => PagePath,
): DaySection[] {
  const sections: DaySection[] = [];
  for (const e of events) {
    let section = sections.at(-1);
    if (!section || section.category !== e.category) {
      section = { category: e.category, nodes: [] };
      sections.push(section);
    }
    let nodes = section.nodes;
    for (const step of e.storyline) {
      const last = nodes.at(-1);
      if (last && last.text === step.text) nodes = last.children;
      else {
        const node: DayNode = { kind: 'storyline', text: step.text, children: [] };
        nodes.push(node);
        nodes = node.children;
      }
    }
    const sources = e.sources.map(sourceItem);
    nodes.push({ kind: 'event', id: e.id, text: e.text, path: pathOf(e), spans: e.spans, sources, children: [] });
  }
  return sections;
}

/** Month, year and root indexes over the given days (dates ascending). */
export function indexPages(
  days: readonly Pick<DayPageModel, 'date' | 'path' | 'eventCount'>[],
): IndexPageModel[] {
  const months = new Map<string, IndexPageModel>();
  const years = new Map<string, IndexPageModel>();
  const root: IndexPageModel = { kind: 'root', title: 'Archive', path: ROOT_PATH, parent: null, entries: [] };
  for (const day of days) {
    const y = day.date.slice(0, 4);
    const ym = day.date.slice(0, 7);
    let year = years.get(y);
    if (!year) {
      year = { kind: 'year', title: y, path: yearPath(day.date), parent: ROOT_PATH, entries: [] };
      years.set(y, year);
      root.entries.push({ label: y, path: year.path, events: 0 });
    }
    let month = months.get(ym);
    if (!month) {
      month = { kind: 'month', title: ym, path: monthPath(day.date), parent: year.path, entries: [] };
      months.set(ym, month);
      year.entries.push({ label: ym, path: month.path, events: 0 });
    }
    month.entries.push({ label: day.date, path: day.path, events: day.eventCount });
    const yearEntry = year.entries.at(-1);
    if (yearEntry) yearEntry.events += day.eventCount;
    const rootEntry = root.entries.at(-1);
    if (rootEntry) rootEntry.events += day.eventCount;
  }
  return [root, ...years.values(), ...months.values()];
}
