import type { EntityTitle } from '../../model/ids.ts';
import { EMPTY_PAGE_SLUG, type PageSlugs } from '../../model/slug.ts';
import type { EventPageModel, PagePath } from '../model.ts';

/**
 * What the HTML site adds to the format-neutral model: entity and storyline pages, "on this day"
 * lists, and the enriched state of sources (dead, archived copy). Pure: built from the SiteModel.
 */

/** An entity page: every event naming it in its context, oldest first. */
export interface EntityPage {
  title: EntityTitle;
  path: PagePath;
  events: EventPageModel[];
  /** Events per year, years ascending (no gaps filled). */
  years: [year: string, count: number][];
  /** The entities sharing the most events with it: count descending, then title. At most 12. */
  together: { title: EntityTitle; path: PagePath; count: number }[];
  /** Other titles events linked it by (redirects to it), ascending; empty without a redirect table. */
  alsoLinkedAs: readonly string[];
}

/** A storyline page: the events filed under a storyline bullet (on any day), oldest first. */
export interface StorylinePage {
  title: string;
  path: PagePath;
  events: EventPageModel[];
}

/** What the enrichment stage learned about one cited URL. */
export interface SourceState {
  dead: boolean;
  archiveUrl: string | null;
  /** The report's own headline, publisher name, publication time and lede excerpt, once enriched. */
  title: string | null;
  siteName: string | null;
  publishedTime: string | null;
  excerpt: string | null;
}

/** What the HTML pages need of the whole archive (event pages use it for links and "on this day"). */
export interface HtmlSite {
  /** Every event in portal order (their `related` lists may be left empty: no page of this object reads them). */
  events: readonly EventPageModel[];
  entities: Map<EntityTitle, EntityPage>;
  storylines: Map<string, StorylinePage>;
  sourceState: ReadonlyMap<string, SourceState>;
  /** Events on the same month and day in other years (at most 10, newest first). */
  onThisDay(e: EventPageModel): EventPageModel[];
  /**
   * The event a storyline step of an event on `date` is, when that bullet is itself an event with
   * follow-ups (the portal nests them under it); such a step has no storyline page.
   */
  parentEvent(date: string, step: string): EventPageModel | undefined;
}

const MAX_TOGETHER = 12;
const MAX_ON_THIS_DAY = 10;

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What the HTML site is made with besides the events: stored page slugs, enriched sources. */
export interface HtmlSiteOptions {
  /** Entity and storyline page slugs as stored (store/slugs.ts readPageSlugs). */
  slugs: PageSlugs;
  sourceState?: ReadonlyMap<string, SourceState>;
  /** Each entity's other linked titles (store/redirects.ts readAliases). */
  aliases?: ReadonlyMap<EntityTitle, readonly string[]>;
}

/**
 * The HTML site over every event's page model (portal order). Entity and storyline pages take
 * their stored slugs (a title the store has none for, which the store never leaves, is 'page').
 */
export function htmlSite(events: readonly EventPageModel[], options: HtmlSiteOptions): HtmlSite {
  const sourceState = options.sourceState ?? new Map<string, SourceState>();
  const byEntity = new Map<EntityTitle, EventPageModel[]>();
  const byStoryline = new Map<string, EventPageModel[]>();
  const byMonthDay = new Map<string, EventPageModel[]>();
  // Per month and day, where each year's run of events starts in `byMonthDay` (events come in portal order).
  const yearStarts = new Map<string, Map<string, number>>();
  // An event and its follow-ups: the follow-ups' storyline step is the event's own text, same day.
  const byDayText = new Map<string, EventPageModel>();
  for (const e of events) byDayText.set(`${e.date}\u0000${e.text}`, e);
  const parentEvent = (date: string, step: string) => byDayText.get(`${date}\u0000${step}`);
  for (const e of events) {
    for (const t of e.context) push(byEntity, t, e);
    for (const s of new Set(e.storyline)) if (!parentEvent(e.date, s)) push(byStoryline, s, e);
    const md = e.date.slice(5);
    const starts = yearStarts.get(md) ?? new Map<string, number>();
    yearStarts.set(md, starts);
    if (!starts.has(e.date.slice(0, 4))) starts.set(e.date.slice(0, 4), byMonthDay.get(md)?.length ?? 0);
    push(byMonthDay, md, e);
  }
  const entityPath = (t: string) => `/entity/${options.slugs.entities.get(t) ?? EMPTY_PAGE_SLUG}`;
  const entities = new Map<EntityTitle, EntityPage>();
  for (const [title, list] of byEntity) {
    const years = new Map<string, number>();
    const counts = new Map<EntityTitle, number>();
    for (const e of list) {
      const y = e.date.slice(0, 4);
      years.set(y, (years.get(y) ?? 0) + 1);
      for (const other of e.context) if (other !== title) counts.set(other, (counts.get(other) ?? 0) + 1);
    }
    const together = [...counts]
      .sort((a, b) => b[1] - a[1] || byCodeUnit(a[0], b[0]))
      .slice(0, MAX_TOGETHER)
      .map(([t, count]) => ({ title: t, path: entityPath(t), count }));
    entities.set(title, {
      title,
      path: entityPath(title),
      events: list,
      years: [...years].sort((a, b) => byCodeUnit(a[0], b[0])),
      together,
      alsoLinkedAs: options.aliases?.get(title) ?? [],
    });
  }
  const storylines = new Map<string, StorylinePage>();
  for (const [title, list] of byStoryline) {
    storylines.set(title, {
      title,
      path: `/storyline/${options.slugs.storylines.get(title) ?? EMPTY_PAGE_SLUG}`,
      events: list,
    });
  }
  return {
    events,
    entities,
    storylines,
    sourceState,
    onThisDay(e) {
      const same = byMonthDay.get(e.date.slice(5)) ?? [];
      const year = e.date.slice(0, 4);
      const out: EventPageModel[] = [];
      // The event's own year is one run: jump over it, so a day of 40k events costs 10 steps, not 40k.
      for (let i = same.length - 1; i >= 0 && out.length < MAX_ON_THIS_DAY; i--) {
        const other = same[i];
        if (other?.date.slice(0, 4) === year) i = yearStarts.get(e.date.slice(5))?.get(year) ?? i;
        else if (other) out.push(other);
      }
      return out;
    },
    parentEvent,
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
