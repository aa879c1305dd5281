import { createHash } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import type { LinkReport } from '../../link/link.ts';
import { linkArchive } from '../../link/link.ts';
import type { RankName } from '../../link/rank.ts';
import type { EventId, IsoDate } from '../../model/ids.ts';
import type { RelatedEntry } from '../../model/related.ts';
import { readArticlesMark, readDayStates } from '../../store/archive.ts';
import { readArticles } from '../../store/articles.ts';
import { readEvents } from '../../store/events.ts';
import { readLinkRun, readRelated } from '../../store/related.ts';
import { readPageSlugs } from '../../store/slugs.ts';
import { atomFeed, FEED_ITEMS, type FeedSpec, jsonFeed } from '../feeds/feeds.ts';
import { robotsTxt, sitemaps } from '../feeds/sitemap.ts';
import { nodeSiteFs, type SiteFs } from '../markdown/_fs.ts';
import { readExcerpts } from '../markdown/build.ts';
import {
  type DayPageModel,
  dayPageOf,
  dayPath,
  type EventPageModel,
  eventPagesWithoutRelated,
  indexPages,
  relatedItems,
} from '../model.ts';
import { SEARCH_SCRIPT, SEARCH_SCRIPT_FILE } from '../search/client.ts';
import { searchEntryFile, searchYearFiles } from '../search/index.ts';
import { renderSearchPage } from '../search/page.ts';
import { HTML_MANIFEST, htmlManifestText, readHtmlManifest } from './_manifest.ts';
import { affectedPlan, FULL_PLAN, pageSignatures, type RenderPlan } from './_plan.ts';
import { feedsOf, renderEntityPage, renderStorylinePage } from './entity.ts';
import { ARCHIVE_FEEDS, CSS_FILE, ICON_FILE, ICON_SVG } from './layout.ts';
import { NOT_FOUND_FILE, renderNotFoundPage } from './notfound.ts';
import { renderDayPage, renderEventPage, renderHomePage, renderIndexPage } from './pages.ts';
import { htmlFile } from './paths.ts';
import { type HtmlSite, htmlSite, type SourceState } from './site.ts';
import { SITE_CSS } from './style.ts';

export { HTML_MANIFEST } from './_manifest.ts';
/** Days shown in full on the home page. */
export const HOME_DAYS = 7;
/** Default site URL for feeds and the sitemap, which need absolute URLs (`currents serve`'s default). */
export const DEFAULT_BASE_URL = 'http://127.0.0.1:8080/';

/** What an HTML build did (or, with dryRun, would do). */
export interface HtmlBuildReport {
  /** Files rendered (every file in a full build; the affected ones and the site-wide ones in an incremental one). */
  pages: number;
  written: string[];
  unchanged: number;
  removed: string[];
  dryRun: boolean;
  /** Whether only the pages affected since the last build were rendered. */
  incremental: boolean;
  link: LinkReport;
}

export interface HtmlBuildOptions {
  out: string;
  rank?: RankName;
  dryRun?: boolean;
  /** Absolute URL the site is published at (feeds, sitemap); default DEFAULT_BASE_URL. */
  baseUrl?: string;
  /** Render every page, even with a manifest from the last build. */
  full?: boolean;
  /** The report of a link run just made for this rank (the combined build links once for both formats). */
  linked?: LinkReport;
  fs?: SiteFs;
}

/** Dead/archived state of the given cited URLs, for those the enrichment stage has a record of. */
export function readSourceStates(db: DatabaseSync, urls: string[]): Map<string, SourceState> {
  const out = new Map<string, SourceState>();
  for (const [url, a] of readArticles(db, urls))
    out.set(url, {
      dead: a.outcome === 'dead',
      archiveUrl: a.archiveUrl,
      title: a.title,
      siteName: a.siteName,
      publishedTime: a.publishedTime,
      excerpt: a.excerpt,
    });
  return out;
}

/** What the HTML files are rendered from: every event's page (related lists read per batch), by date. */
export interface HtmlInput {
  site: HtmlSite;
  /** Dates with events, ascending. */
  dates: readonly IsoDate[];
  /** The stored related lists of the given events (a year's worth at a time). */
  relatedOf(ids: readonly EventId[]): ReadonlyMap<EventId, readonly RelatedEntry[]>;
  /** The enriched state of the given source URLs. */
  sourceStatesOf(urls: string[]): ReadonlyMap<string, SourceState>;
}

function groupBy<T>(items: Iterable<T>, key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/**
 * Every file of the HTML site the plan asks for (pages, assets, search index, feeds) and its
 * content, one at a time; the sitemap is made by `sitemapFiles` from the final list of pages.
 * Event pages are made a year at a time, so only one year's related lists are in memory.
 */
export function* renderHtmlFiles(
  input: HtmlInput,
  plan: RenderPlan,
  baseUrl: string,
): Generator<[file: string, content: string]> {
  const { site, dates } = input;
  const hasEvents = new Set(dates);
  const abs = (file: string) => new URL(file, baseUrl).href;
  const byDate = groupBy(site.events, (e) => e.date);
  const byYear = groupBy(site.events, (e) => e.date.slice(0, 4));
  yield [CSS_FILE, SITE_CSS];
  yield [ICON_FILE, ICON_SVG];
  yield [SEARCH_SCRIPT_FILE, SEARCH_SCRIPT];
  for (const [year, events] of byYear)
    if (!plan.years || plan.years.has(year)) yield* searchYearFiles(year, events);
  yield searchEntryFile(new Map([...byYear].map(([y, list]) => [y, list.length])));
  yield ['search.html', renderSearchPage()];
  yield [NOT_FOUND_FILE, renderNotFoundPage(baseUrl)];
  yield ['robots.txt', robotsTxt(baseUrl)];
  const dayPage = (i: number) => {
    const date = dates[i] as IsoDate;
    return dayPageOf(date, byDate.get(date) ?? [], dates[i - 1] ?? null, dates[i + 1] ?? null);
  };
  // Day pages show their events' sources with what enrichment learned (dead, archived copy).
  const dayView = (days: readonly DayPageModel[]): HtmlSite => {
    const urls = days.flatMap((d) => (byDate.get(d.date) ?? []).flatMap((e) => e.sources.map((s) => s.url)));
    return { ...site, sourceState: input.sourceStatesOf(urls) };
  };
  const stubs = dates.map((date) => ({
    date,
    path: dayPath(date),
    eventCount: byDate.get(date)?.length ?? 0,
  }));
  for (const index of indexPages(stubs)) {
    if (index.kind === 'root') {
      const latest: DayPageModel[] = [];
      for (let i = Math.max(0, dates.length - HOME_DAYS); i < dates.length; i++) latest.push(dayPage(i));
      yield [htmlFile(index.path), renderHomePage(dayView(latest), index, latest)];
    } else yield [htmlFile(index.path), renderIndexPage(index, hasEvents)];
  }
  for (let i = 0; i < dates.length; i++) {
    if (plan.days && !plan.days.has(dates[i] as IsoDate)) continue;
    const day = dayPage(i);
    yield [htmlFile(day.path), renderDayPage(dayView([day]), day, hasEvents)];
  }
  const byId = new Map(site.events.map((e) => [e.id, e]));
  for (const events of byYear.values()) {
    const wanted = plan.events ? events.filter((e) => plan.events?.has(e.id)) : events;
    if (wanted.length === 0) continue;
    const related = input.relatedOf(wanted.map((e) => e.id));
    const states = input.sourceStatesOf(wanted.flatMap((e) => e.sources.map((s) => s.url)));
    const view: HtmlSite = { ...site, sourceState: states };
    for (const e of wanted) {
      const page = { ...e, related: relatedItems(related.get(e.id) ?? [], byId, (o) => o.path) };
      yield [htmlFile(e.path), renderEventPage(view, page)];
    }
  }
  const urlOf = (e: EventPageModel) => abs(htmlFile(e.path));
  const feeds = function* (
    spec: Omit<FeedSpec, 'atomUrl' | 'jsonUrl' | 'urlOf'>,
    paths: { atom: string; json: string },
  ) {
    const full: FeedSpec = {
      ...spec,
      atomUrl: abs(paths.atom.slice(1)),
      jsonUrl: abs(paths.json.slice(1)),
      urlOf,
    };
    yield [paths.atom.slice(1), atomFeed(full)] as [string, string];
    yield [paths.json.slice(1), jsonFeed(full)] as [string, string];
  };
  for (const entity of site.entities.values()) {
    if (plan.entities && !plan.entities.has(entity.title)) continue;
    yield [htmlFile(entity.path), renderEntityPage(site, entity)];
    yield* feeds(
      {
        title: `${entity.title} — Currents`,
        description: `Events about ${entity.title}`,
        pageUrl: abs(htmlFile(entity.path)),
        events: entity.events,
      },
      feedsOf(entity.path),
    );
  }
  for (const story of site.storylines.values()) {
    if (plan.storylines && !plan.storylines.has(story.title)) continue;
    yield [htmlFile(story.path), renderStorylinePage(site, story)];
    yield* feeds(
      {
        title: `${story.title} — Currents`,
        description: `Storyline: ${story.title}`,
        pageUrl: abs(htmlFile(story.path)),
        events: story.events,
      },
      feedsOf(story.path),
    );
  }
  yield* feeds(
    {
      title: 'Currents — all events',
      description: "Wikipedia's Current events portal, as an archive",
      pageUrl: abs('index.html'),
      events: site.events.slice(-FEED_ITEMS),
    },
    ARCHIVE_FEEDS,
  );
}

/** Whether a file is an HTML page listed in the sitemap (every page but the search and 404 pages). */
export function isSitemapPage(file: string): boolean {
  return file.endsWith('.html') && file !== 'search.html' && file !== NOT_FOUND_FILE;
}

/** The sitemap file(s) of the site's pages, in file-name order (so an incremental build can make them from its file list). */
export function sitemapFiles(files: Iterable<string>, baseUrl: string): [file: string, content: string][] {
  const pages = [...files].filter(isSitemapPage).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sitemaps(
    pages.map((f) => new URL(f, baseUrl).href),
    baseUrl,
  );
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** Files the HTML builder owns when there is no manifest: what it would write, by folder and extension. */
function isOwned(file: string): boolean {
  return (
    file.endsWith('.html') ||
    file.startsWith('feeds/') ||
    file.startsWith('assets/') ||
    file === 'robots.txt' ||
    /^sitemap(-\d+)?\.xml$/.test(file)
  );
}

/** The site input from the store: every event's page model without related lists, and the HTML site over them. */
function readHtmlInput(db: DatabaseSync, rank: RankName): HtmlInput {
  const stored = readEvents(db);
  const events = eventPagesWithoutRelated(stored, readExcerpts(db, stored));
  const site = htmlSite(events, { slugs: readPageSlugs(db) });
  const dates: IsoDate[] = [];
  for (const e of events) if (dates.at(-1) !== e.date) dates.push(e.date);
  return {
    site,
    dates,
    relatedOf: (ids) => readRelated(db, rank, ids),
    sourceStatesOf: (urls) => readSourceStates(db, urls),
  };
}

/**
 * Writes the HTML site incrementally. Links first (incremental, unless `linked` says it was just
 * done). With a manifest from the last build of the same ranking and base URL, only the pages a
 * change can affect are rendered (`affectedPlan`); otherwise (or with `full`) every page is (slugs
 * are stored, so no page moves while its event or title lives). Only files whose hash changed are written;
 * files of pages that are gone are removed. A build with nothing changed writes no file.
 * @example buildHtml(store.db, { out: 'site' })
 */
export function buildHtml(db: DatabaseSync, options: HtmlBuildOptions): HtmlBuildReport {
  const rank = options.rank ?? 'reference';
  const fs = options.fs ?? nodeSiteFs(options.out);
  const baseUrl = new URL(options.baseUrl ?? DEFAULT_BASE_URL).href.replace(/\/?$/, '/');
  const link = options.linked ?? linkArchive(db, { rank });
  const generation = readLinkRun(db, rank).generation;
  const days = readDayStates(db);
  const articles = readArticlesMark(db);
  const manifest = readHtmlManifest(fs);
  const report = {
    written: [] as string[],
    unchanged: 0,
    removed: [] as string[],
    dryRun: options.dryRun === true,
  };
  if (
    manifest !== null &&
    options.full !== true &&
    manifest.rank === rank &&
    manifest.baseUrl === baseUrl &&
    manifest.generation === generation &&
    manifest.articles === articles &&
    sameEntries(manifest.days, days)
  ) {
    // Nothing the site is made from changed (days, related lists, enrichment): every file would be the same.
    return { ...report, pages: 0, incremental: true, link };
  }
  const input = readHtmlInput(db, rank);
  const entities = pageSignatures(input.site.entities.values());
  const storylines = pageSignatures(input.site.storylines.values());
  const incremental =
    manifest !== null &&
    options.full !== true &&
    manifest.rank === rank &&
    manifest.baseUrl === baseUrl;
  const plan = incremental
    ? affectedPlan(db, rank, { manifest, days, dates: input.dates, site: input.site, entities, storylines })
    : FULL_PLAN;
  const hashes = new Map<string, string>();
  const written: string[] = [];
  let unchanged = 0;
  // Without a manifest, files are compared with the disk: list it once instead of trying to read each file.
  const onDisk = manifest ? null : new Set(fs.list('.'));
  const put = (file: string, content: string) => {
    const hash = sha256(content);
    hashes.set(file, hash);
    const same = manifest
      ? manifest.files.get(file) === hash
      : onDisk?.has(file) === true && fs.read(file) === content;
    if (same) unchanged++;
    else {
      written.push(file);
      if (!options.dryRun) fs.write(file, content);
    }
  };
  for (const [file, content] of renderHtmlFiles(input, plan, baseUrl)) put(file, content);
  const isSitemap = (f: string) => /^sitemap(-\d+)?\.xml$/.test(f);
  const previous = manifest
    ? [...manifest.files.keys()].filter((f) => plan.covers(f) || isSitemap(f))
    : [...(onDisk ?? [])].filter((f) => /^(news|entity|storyline|feeds|assets)\//.test(f) && isOwned(f));
  const gone = new Set(previous.filter((f) => !hashes.has(f) && !isSitemap(f)));
  const kept = incremental && manifest ? [...manifest.files.keys()].filter((f) => !gone.has(f)) : [];
  for (const [file, content] of sitemapFiles(new Set([...kept, ...hashes.keys()]), baseUrl))
    put(file, content);
  const removed = previous.filter((f) => !hashes.has(f));
  if (!options.dryRun) {
    for (const file of removed) fs.remove(file);
    const files = incremental && manifest ? new Map(manifest.files) : new Map<string, string>();
    for (const f of removed) files.delete(f);
    for (const [f, h] of hashes) files.set(f, h);
    const text = htmlManifestText({ rank, baseUrl, generation, articles, days, entities, storylines, files });
    if (fs.read(HTML_MANIFEST) !== text) fs.write(HTML_MANIFEST, text);
  }
  return { ...report, pages: hashes.size, written, unchanged, removed, incremental, link };
}

function sameEntries(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/** The HTML build's report for the CLI: files written, unchanged, removed (listed when asked). */
export function formatHtmlBuildReport(r: HtmlBuildReport, list: boolean): string {
  const lines = [
    `html: ${r.pages} files: ${r.written.length} ${r.dryRun ? 'would write' : 'written'}, ${r.unchanged} unchanged, ${r.removed.length} ${r.dryRun ? 'would be removed' : 'removed'}`,
  ];
  if (list) {
    for (const f of r.written) lines.push(`  write  ${f}`);
    for (const f of r.removed) lines.push(`  remove ${f}`);
  }
  return `${lines.join('\n')}\n`;
}
