import type { DatabaseSync } from 'node:sqlite';
import type { StoredEvent } from '../../model/event.ts';
import { excerptOf } from '../../model/excerpt.ts';
import type { EventId, IsoDate } from '../../model/ids.ts';
import { type ArticleSummary, readArticles } from '../../store/articles.ts';
import { readEvents } from '../../store/events.ts';
import { readAliases } from '../../store/redirects.ts';
import { readPageSlugs } from '../../store/slugs.ts';
import { type HtmlSite, htmlSite, type SourceState } from '../html/site.ts';
import { dayPageOf, dayPath, type EventPageModel, eventPagesWithoutRelated, indexPages } from '../model.ts';
import type { PublishSite } from './output.ts';

/** The enriched state of the given cited URLs (those the enrich stage has a record of). */
export function readSourceStates(db: DatabaseSync, urls: string[]): Map<string, SourceState> {
  const out = new Map<string, SourceState>();
  for (const [url, a] of readArticles(db, urls)) out.set(url, sourceState(a));
  return out;
}

function sourceState(a: ArticleSummary): SourceState {
  return {
    dead: a.outcome === 'dead',
    archiveUrl: a.archiveUrl,
    title: a.title,
    siteName: a.siteName,
    publishedTime: a.publishedTime,
    excerpt: a.excerpt,
  };
}

/**
 * Every event's page model with what enrichment learned resolved into it, for every output alike:
 * the lede excerpt (first source with one) and each source's archived copy and dead state.
 */
export function enrichedEventPages(db: DatabaseSync, stored: readonly StoredEvent[]): EventPageModel[] {
  const articles = readArticles(
    db,
    stored.flatMap((e) => e.sources.map((s) => s.url)),
  );
  const excerpts = new Map<EventId, string>();
  for (const e of stored) {
    for (const s of e.sources) {
      const a = articles.get(s.url);
      const text = a?.excerpt ?? (a?.lede ? excerptOf(a.lede) : null);
      if (text) {
        excerpts.set(e.id, excerptOf(text));
        break;
      }
    }
  }
  const pages = eventPagesWithoutRelated(stored, excerpts);
  for (const page of pages) {
    for (const s of page.sources) {
      const a = articles.get(s.url);
      if (!a) continue;
      s.archiveUrl = s.archiveUrl ?? a.archiveUrl;
      s.deadLink = s.deadLink || a.outcome === 'dead';
    }
  }
  return pages;
}

/**
 * The one site model of the stored archive (see `PublishSite`), read once per build.
 * @example readPublishSite(store.db).site.events // every event page, portal order
 */
export function readPublishSite(db: DatabaseSync): PublishSite {
  const events = enrichedEventPages(db, readEvents(db));
  const site = htmlSite(events, { slugs: readPageSlugs(db), aliases: readAliases(db) });
  const byDate = new Map<IsoDate, EventPageModel[]>();
  const byYear = new Map<string, EventPageModel[]>();
  for (const e of events) {
    push(byDate, e.date, e);
    push(byYear, e.date.slice(0, 4), e);
  }
  const dates = [...byDate.keys()];
  const stubs = dates.map((date) => ({
    date,
    path: dayPath(date),
    eventCount: byDate.get(date)?.length ?? 0,
  }));
  const eventsOn = (date: IsoDate) => byDate.get(date) ?? [];
  return {
    site,
    dates,
    hasEvents: new Set(dates),
    indexes: indexPages(stubs),
    eventsOn,
    byYear,
    dayPage(i) {
      const date = dates[i] as IsoDate;
      return dayPageOf(date, eventsOn(date), dates[i - 1] ?? null, dates[i + 1] ?? null);
    },
    withSources(list): HtmlSite {
      const urls = list.flatMap((e) => e.sources.map((s) => s.url));
      return { ...site, sourceState: readSourceStates(db, urls) };
    },
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
