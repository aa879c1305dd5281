import { createHash } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import type { LinkReport } from '../../link/link.ts';
import { linkArchive } from '../../link/link.ts';
import type { RankName } from '../../link/rank.ts';
import { readArticles } from '../../store/articles.ts';
import { atomFeed, type FeedSpec, jsonFeed } from '../feeds/feeds.ts';
import { sitemaps } from '../feeds/sitemap.ts';
import { nodeSiteFs, type SiteFs } from '../markdown/_fs.ts';
import { readSiteModel } from '../markdown/build.ts';
import type { EventPageModel, SiteModel } from '../model.ts';
import { SEARCH_SCRIPT, SEARCH_SCRIPT_FILE } from '../search/client.ts';
import { searchFiles } from '../search/index.ts';
import { renderSearchPage } from '../search/page.ts';
import { feedsOf, renderEntityPage, renderStorylinePage } from './entity.ts';
import { ARCHIVE_FEEDS, CSS_FILE } from './layout.ts';
import { NOT_FOUND_FILE, renderNotFoundPage } from './notfound.ts';
import { renderDayPage, renderEventPage, renderHomePage, renderIndexPage } from './pages.ts';
import { htmlFile } from './paths.ts';
import { type HtmlSite, htmlSite, type SourceState } from './site.ts';
import { SITE_CSS } from './style.ts';

/** The HTML build's manifest (separate from the Markdown one, so both formats share one folder). */
export const HTML_MANIFEST = '.currents-build-html.json';
const MANIFEST_VERSION = 1;
/** Days shown in full on the home page. */
export const HOME_DAYS = 7;
/** Default site URL for feeds and the sitemap, which need absolute URLs (`currents serve`'s default). */
export const DEFAULT_BASE_URL = 'http://127.0.0.1:8080/';

/** What an HTML build did (or, with dryRun, would do): every file is rendered, changed ones written. */
export interface HtmlBuildReport {
  /** Files rendered (pages, feeds, assets, index, sitemap). */
  pages: number;
  written: string[];
  unchanged: number;
  removed: string[];
  dryRun: boolean;
  link: LinkReport;
}

export interface HtmlBuildOptions {
  out: string;
  rank?: RankName;
  dryRun?: boolean;
  /** Absolute URL the site is published at (feeds, sitemap); default DEFAULT_BASE_URL. */
  baseUrl?: string;
  fs?: SiteFs;
}

/** Dead/archived state of every cited URL the enrichment stage has a record of. */
export function readSourceStates(db: DatabaseSync, model: SiteModel): Map<string, SourceState> {
  const articles = readArticles(
    db,
    model.events.flatMap((e) => e.sources.map((s) => s.url)),
  );
  const out = new Map<string, SourceState>();
  for (const [url, a] of articles) out.set(url, { dead: a.outcome === 'dead', archiveUrl: a.archiveUrl });
  return out;
}

/** Every file of the HTML site (pages, assets, search index, feeds, sitemap) and its content. */
export function* renderHtmlFiles(
  site: HtmlSite,
  baseUrl: string,
): Generator<[file: string, content: string]> {
  const hasEvents = new Set(site.dates);
  const abs = (file: string) => new URL(file, baseUrl).href;
  const urls: string[] = [];
  const page = function* (file: string, content: string): Generator<[string, string]> {
    urls.push(abs(file));
    yield [file, content];
  };
  yield [CSS_FILE, SITE_CSS];
  yield [SEARCH_SCRIPT_FILE, SEARCH_SCRIPT];
  yield* searchFiles(site.model.events);
  yield ['search.html', renderSearchPage()];
  yield [NOT_FOUND_FILE, renderNotFoundPage(baseUrl)];
  for (const index of site.model.indexes) {
    const content =
      index.kind === 'root' ? renderHomePage(site, index, HOME_DAYS) : renderIndexPage(index, hasEvents);
    yield* page(htmlFile(index.path), content);
  }
  for (const d of site.model.days) yield* page(htmlFile(d.path), renderDayPage(d, hasEvents));
  for (const e of site.model.events) yield* page(htmlFile(e.path), renderEventPage(site, e));
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
    yield* page(htmlFile(entity.path), renderEntityPage(entity));
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
    yield* page(htmlFile(story.path), renderStorylinePage(story));
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
      events: site.model.events,
    },
    ARCHIVE_FEEDS,
  );
  yield* sitemaps(urls, baseUrl);
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

function readManifest(fs: SiteFs): Map<string, string> | null {
  const raw = fs.read(HTML_MANIFEST);
  if (raw === null) return null;
  try {
    const v: unknown = JSON.parse(raw);
    if (!v || typeof v !== 'object' || !('version' in v) || v.version !== MANIFEST_VERSION) return null;
    const files = 'files' in v ? v.files : null;
    if (!files || typeof files !== 'object') return null;
    const out = new Map<string, string>();
    for (const [file, hash] of Object.entries(files)) if (typeof hash === 'string') out.set(file, hash);
    return out;
  } catch {
    return null;
  }
}

/** Files the HTML builder owns when there is no manifest: what it would write, by folder and extension. */
function isOwned(file: string): boolean {
  return (
    file.endsWith('.html') ||
    file.startsWith('feeds/') ||
    file.startsWith('assets/') ||
    /^sitemap(-\d+)?\.xml$/.test(file)
  );
}

/**
 * Writes the HTML site incrementally, like the Markdown builder: links first, renders every file,
 * writes only files whose content changed (by the manifest's hashes, or the file on disk without
 * one), removes files of pages that are gone. A build with nothing changed writes no file.
 * @example buildHtml(store.db, { out: 'site' })
 */
export function buildHtml(db: DatabaseSync, options: HtmlBuildOptions): HtmlBuildReport {
  const rank = options.rank ?? 'reference';
  const fs = options.fs ?? nodeSiteFs(options.out);
  const baseUrl = new URL(options.baseUrl ?? DEFAULT_BASE_URL).href.replace(/\/?$/, '/');
  const link = linkArchive(db, { rank });
  const model = readSiteModel(db, rank);
  const site = htmlSite(model, readSourceStates(db, model));
  const manifest = readManifest(fs);
  const hashes = new Map<string, string>();
  const written: string[] = [];
  let unchanged = 0;
  for (const [file, content] of renderHtmlFiles(site, baseUrl)) {
    const hash = sha256(content);
    hashes.set(file, hash);
    const same = manifest ? manifest.get(file) === hash : fs.read(file) === content;
    if (same) unchanged++;
    else {
      written.push(file);
      if (!options.dryRun) fs.write(file, content);
    }
  }
  const previous = manifest
    ? [...manifest.keys()]
    : ['news', 'entity', 'storyline', 'feeds', 'assets'].flatMap((d) => fs.list(d)).filter(isOwned);
  const removed = previous.filter((f) => !hashes.has(f));
  if (!options.dryRun) {
    for (const file of removed) fs.remove(file);
    if (written.length > 0 || removed.length > 0 || manifest === null) {
      const files: Record<string, string> = {};
      for (const [file, hash] of [...hashes].sort((x, y) => (x[0] < y[0] ? -1 : 1))) files[file] = hash;
      fs.write(
        HTML_MANIFEST,
        `${JSON.stringify({ version: MANIFEST_VERSION, format: 'html', rank, baseUrl, files })}\n`,
      );
    }
  }
  return { pages: hashes.size, written, unchanged, removed, dryRun: options.dryRun === true, link };
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
