import type { DatabaseSync } from 'node:sqlite';
import type { StoredEvent } from '../model/event.ts';
import type { EventId, IsoDate } from '../model/ids.ts';
import { dayPath, eventPath } from '../publish/model.ts';
import { type ArticleSummary, readArticles } from '../store/articles.ts';
import { listDays, neighbourDay, readDayEventIds, readDayHeader } from '../store/day-list.ts';
import {
  cooccurringEntities,
  countEntityEvents,
  entityYears,
  readTimelinePage,
} from '../store/entity-timeline.ts';
import { readEvent, readEvents } from '../store/events.ts';
import { type SearchHit, searchEvents } from '../store/search.ts';
import { readEventSlugs } from '../store/slugs.ts';
import type { Paging } from './paging.ts';
import { relatedOf } from './related.ts';

/** What the API reads from: the store (event page paths come from the slugs stored with the events). */
export interface ApiContext {
  db: DatabaseSync;
}

/** A cited source in API answers: as cited, plus what enrichment found (null when never enriched). */
export interface SourceView {
  url: string;
  publisher: string;
  archiveUrl: string | null;
  deadLink: boolean;
  article: {
    outcome: string;
    title: string | null;
    siteName: string | null;
    lede: string | null;
    excerpt: string | null;
    finalUrl: string | null;
    archiveUrl: string | null;
  } | null;
}

/** An event in API answers. */
export interface EventView {
  id: EventId;
  date: IsoDate;
  category: string | null;
  storyline: { text: string; links: string[] }[];
  text: string;
  links: string[];
  context: string[];
  position: number;
  /** The built site's page ('/news/2016/04/28/<slug>', without extension). */
  path: string;
  /** This event in the API. */
  api: string;
  /** The first known lede excerpt of its sources, or null. */
  excerpt: string | null;
  sources: SourceView[];
}

/** A short reference to another event. */
export interface EventRef {
  id: EventId;
  date: IsoDate;
  text: string;
  path: string;
  api: string;
}

function apiOf(id: string): string {
  return `/api/events/${encodeURIComponent(id)}`;
}

function sourceViews(e: StoredEvent, articles: Map<string, ArticleSummary>): SourceView[] {
  return e.sources.map((s) => {
    const a = articles.get(s.url);
    return {
      url: s.url,
      publisher: s.publisher,
      archiveUrl: s.archiveUrl ?? null,
      deadLink: s.deadLink,
      article: a
        ? {
            outcome: a.outcome,
            title: a.title,
            siteName: a.siteName,
            lede: a.lede,
            excerpt: a.excerpt,
            finalUrl: a.finalUrl,
            archiveUrl: a.archiveUrl,
          }
        : null,
    };
  });
}

function eventView(e: StoredEvent, articles: Map<string, ArticleSummary>): EventView {
  const sources = sourceViews(e, articles);
  return {
    id: e.id,
    date: e.date,
    category: e.category,
    storyline: e.storyline.map((s) => ({ text: s.text, links: [...s.links] })),
    text: e.text,
    links: [...e.links],
    context: [...e.context],
    position: e.position,
    path: eventPath(e.date, e.slug),
    api: apiOf(e.id),
    excerpt: sources.find((s) => s.article?.excerpt)?.article?.excerpt ?? null,
    sources,
  };
}

function neighbour(
  db: DatabaseSync,
  date: IsoDate,
  dir: 'prev' | 'next',
): { date: IsoDate; api: string; path: string } | null {
  const d = neighbourDay(db, date, dir);
  return d === null ? null : { date: d, api: `/api/days/${d}`, path: dayPath(d) };
}

/** Every stored day with its event count, ascending; `null`-free. */
export function daysView(db: DatabaseSync): { days: { date: IsoDate; events: number; api: string }[] } {
  return { days: listDays(db).map((d) => ({ ...d, api: `/api/days/${d.date}` })) };
}

/**
 * One day: one page of its events in portal order with sources (a day of any size costs one page),
 * and the neighbouring days that have events; undefined when not stored.
 */
export function dayView({ db }: ApiContext, date: IsoDate, page: Paging) {
  const day = readDayHeader(db, date);
  if (!day) return undefined;
  const { total, ids } = readDayEventIds(db, date, page);
  const events = readEvents(db, { ids });
  const articles = readArticles(
    db,
    events.flatMap((e) => e.sources.map((s) => s.url)),
  );
  return {
    date,
    title: day.title,
    revision: day.revision,
    path: dayPath(date),
    prev: neighbour(db, date, 'prev'),
    next: neighbour(db, date, 'next'),
    eventCount: total,
    page: page.page,
    limit: page.limit,
    pages: Math.ceil(total / page.limit),
    events: events.map((e) => eventView(e, articles)),
  };
}

/** One event with its sources (and ledes) and related events; undefined when unknown. */
export function eventDetailView({ db }: ApiContext, id: EventId) {
  const e = readEvent(db, id);
  if (!e) return undefined;
  const related = relatedOf(db, id);
  const others = new Map(
    readEvents(db, { ids: related.entries.map((r) => r.id) }).map((o) => [o.id, o] as const),
  );
  const articles = readArticles(
    db,
    e.sources.map((s) => s.url),
  );
  return {
    ...eventView(e, articles),
    dayPath: dayPath(e.date),
    dayApi: `/api/days/${e.date}`,
    relatedOrigin: related.origin,
    related: related.entries.flatMap((r) => {
      const o = others.get(r.id);
      if (!o) return [];
      const ref: EventRef & { score: number; shared: string[] } = {
        id: o.id,
        date: o.date,
        text: o.text,
        path: eventPath(o.date, o.slug),
        api: apiOf(o.id),
        score: r.score,
        shared: [...r.shared],
      };
      return [ref];
    }),
  };
}

/** Co-occurring entities are counted over at most this many of the entity's most recent events. */
export const COOCCURRING_OVER = 2000;

/**
 * Every event of an entity as a timeline (date order), paged, with per-year counts and the
 * entities that co-occur most (over its `COOCCURRING_OVER` most recent events).
 */
export function entityView({ db }: ApiContext, title: string, page: Paging, order: 'asc' | 'desc') {
  const total = countEntityEvents(db, title);
  if (total === 0) return undefined;
  const rows = readTimelinePage(db, title, page, order);
  const slugs = readEventSlugs(
    db,
    rows.map((r) => r.id),
  );
  const years = entityYears(db, title);
  const cooccurring = cooccurringEntities(db, title, { over: COOCCURRING_OVER, limit: 10 }).map((c) => ({
    ...c,
    api: `/api/entities/${encodeURIComponent(c.title)}`,
  }));
  return {
    title,
    wikipedia: `https://en.wikipedia.org/wiki/${encodeURIComponent(title.replaceAll(' ', '_'))}`,
    total,
    page: page.page,
    limit: page.limit,
    pages: Math.ceil(total / page.limit),
    order,
    years,
    cooccurring,
    cooccurringOver: Math.min(total, COOCCURRING_OVER),
    events: rows.map((r) => ({
      id: r.id,
      date: r.date,
      text: r.text,
      path: eventPath(r.date, slugs.get(r.id) ?? ''),
      api: apiOf(r.id),
      /** True when the entity is linked in the event's own text, false when only via its storyline. */
      own: r.own,
    })),
  };
}

/** HTML-escapes a snippet piece. */
function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Ranked search results, paged, with highlighted snippets (as parts, and as escaped HTML with `<mark>`). */
export function searchView({ db }: ApiContext, query: string, page: Paging) {
  const result = searchEvents(db, query, { limit: page.limit, offset: page.offset });
  const slugs = readEventSlugs(
    db,
    result.hits.map((h) => h.id),
  );
  return {
    query,
    expression: result.expression,
    typos: result.typos,
    total: result.total,
    page: page.page,
    limit: page.limit,
    ranked: result.ranked,
    pages: Math.ceil(result.ranked / page.limit),
    hits: result.hits.map((h: SearchHit) => ({
      id: h.id,
      date: h.date,
      text: h.text,
      path: eventPath(h.date, slugs.get(h.id) ?? ''),
      api: apiOf(h.id),
      score: h.score,
      snippet: h.snippet,
      snippetHtml: h.snippet
        .map((p) => (p.match ? `<mark>${escapeHtml(p.text)}</mark>` : escapeHtml(p.text)))
        .join(''),
    })),
  };
}
