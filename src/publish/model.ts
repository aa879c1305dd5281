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

/** The folder of a day: '/news/2016/04/28'. Month and day are always zero-padded. */
export function dayFolder(date: IsoDate): string {
  const [y, m, d] = date.split('-');
  return `/news/${y}/${m?.padStart(2, '0')}/${d?.padStart(2, '0')}`;
}

/** The site path of a day's JSON dataset (its events as `currents export events` writes them): '/data/2016/04/28.json'. */
export function dayDataPath(date: IsoDate): string {
  return `/data/${date.slice(0, 4)}/${date.slice(5, 7)}/${date.slice(8, 10)}.json`;
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
type SourceLike = {
  publisher: string;
  url: string;
  archiveUrl?: string | null | undefined;
  deadLink: boolean;
};

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
export function relatedItems<
  E extends { id: EventId; date: IsoDate; text: string; spans: readonly LinkSpan[] },
>(
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
 * The page model of every event, in portal order, without related lists (each `related` is empty;
 * the build fills them a year at a time): the one way event pages are made, for every output.
 */
export function eventPagesWithoutRelated(
  events: readonly StoredEvent[],
  excerpts: ReadonlyMap<EventId, string>,
): EventPageModel[] {
  const sorted = [...events].sort(portalOrder);
  const slugs = slugsOf(sorted);
  const pathOf = (e: PortalEvent) => eventPath(e.date, slugs.get(e.id) ?? 'event');
  return sorted.map((e) => eventPage(e, excerpts, pathOf));
}

/** The day page of `date` from its events' page models (portal order). */
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

/** An event's page model; its related list is filled per batch by the build (`relatedItems`). */
function eventPage(
  e: PortalEvent,
  excerpts: ReadonlyMap<EventId, string>,
  pathOf: (e: PortalEvent) => PagePath,
): EventPageModel {
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
    excerpt: excerpts.get(e.id) ?? null,
    sources: e.sources.map(sourceItem),
    related: [],
    context: e.context,
  };
}

/** A source as pages show it (a stored source or one already shown). */
function sourceItem(s: SourceLike): SourceItem {
  return { publisher: s.publisher, url: s.url, archiveUrl: s.archiveUrl ?? null, deadLink: s.deadLink };
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
    nodes.push({
      kind: 'event',
      id: e.id,
      text: e.text,
      path: pathOf(e),
      spans: e.spans,
      sources,
      children: [],
    });
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
