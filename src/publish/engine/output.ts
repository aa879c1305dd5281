import type { IsoDate } from '../../model/ids.ts';
import type { EntityPage, HtmlSite, StorylinePage } from '../html/site.ts';
import type { DayPageModel, EventPageModel, IndexPageModel } from '../model.ts';

/** A file an output renders: its path under the output folder (with `/`) and its content. */
export type OutputFile = [file: string, content: string];

/**
 * The one site model every output renders from, read once per build (`readPublishSite`): every
 * event's page model in portal order (related lists empty; enrichment resolved into excerpts and
 * sources), the entity and storyline pages, and the indexes.
 */
export interface PublishSite {
  /** Events (portal order), entity and storyline pages, "on this day"; `sourceState` is empty here (see `withSources`). */
  site: HtmlSite;
  /** Dates with events, ascending. */
  dates: readonly IsoDate[];
  hasEvents: ReadonlySet<IsoDate>;
  /** Month, year and root indexes over every day. */
  indexes: readonly IndexPageModel[];
  /** A day's events, portal order (empty for a date without events). */
  eventsOn(date: IsoDate): readonly EventPageModel[];
  /** Every year's events, years ascending. */
  byYear: ReadonlyMap<string, readonly EventPageModel[]>;
  /** The day page of the i-th date of `dates` (previous and next days linked). */
  dayPage(i: number): DayPageModel;
  /** The site with the enriched state (headline, publisher, dead, archived copy) of these events' sources. */
  withSources(events: readonly EventPageModel[]): HtmlSite;
}

/** What every hook of an output is given. */
export interface PublishContext {
  model: PublishSite;
  /** Absolute URL the site is published at, ending in `/` (feeds, sitemap, robots.txt). */
  baseUrl: string;
}

/** A day to render: its page model, its events, and the site with those events' sources. */
export interface DayUnit {
  page: DayPageModel;
  events: readonly EventPageModel[];
  view: HtmlSite;
}

/**
 * One output format: which files it owns and how it renders them, unit by unit. The engine decides
 * which units (days, events, entities, storylines, years) a build renders (the change set) and
 * calls the hooks; an output never reads the store, the manifest or the disk. Site-wide files are
 * rendered by every build that renders anything; `finish` sees the final list of files.
 */
export interface Output {
  /** Short name, recorded in the manifest ('markdown', 'html', …). */
  name: string;
  /** Whether a file in the output folder is this output's (it may be removed when no longer rendered). */
  owns(file: string): boolean;
  site?(ctx: PublishContext): Iterable<OutputFile>;
  day?(ctx: PublishContext, day: DayUnit): Iterable<OutputFile>;
  /** An event page; `page.related` is filled, `view` has the sources of the events of its year batch. */
  event?(ctx: PublishContext, page: EventPageModel, view: HtmlSite): Iterable<OutputFile>;
  entity?(ctx: PublishContext, page: EntityPage): Iterable<OutputFile>;
  storyline?(ctx: PublishContext, page: StorylinePage): Iterable<OutputFile>;
  /** A year's events (portal order), for files made per year (the search index). */
  year?(ctx: PublishContext, year: string, events: readonly EventPageModel[]): Iterable<OutputFile>;
  /** Files made from every file of the site after this build (kept and rendered), e.g. the sitemap. */
  finish?(ctx: PublishContext, files: ReadonlySet<string>): Iterable<OutputFile>;
}
