import { createHash } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { type LinkReport, linkArchive } from '../../link/link.ts';
import type { RankName } from '../../link/rank.ts';
import type { PortalEvent } from '../../model/event.ts';
import { excerptOf } from '../../model/excerpt.ts';
import type { EventId, IsoDate } from '../../model/ids.ts';
import {
  readArticlesMark,
  readDayCounts,
  readDayStates,
  readEventDates,
  readEventIdsOn,
  readEventsEnrichedAfter,
} from '../../store/archive.ts';
import { readArticles } from '../../store/articles.ts';
import { readEvents } from '../../store/events.ts';
import { readLinkRun, readListing, readListsChangedSince, readRelated } from '../../store/related.ts';
import {
  dayFolder,
  type LazySiteModel,
  partialSiteModel,
  type SiteModel,
  siteModel,
  streamedSiteModel,
} from '../model.ts';
import { nodeSiteFs, type SiteFs } from './_fs.ts';
import { markdownFile, renderDayPage, renderEventPage, renderIndexPage } from './render.ts';

/** Name of the build manifest in the output folder: what the last build was made from, and its pages' hashes. */
export const MANIFEST = '.currents-build.json';
const MANIFEST_VERSION = 2;

/** What a build did (or, with dryRun, would do). */
export interface BuildReport {
  /** Pages rendered (all of them in a full build; the affected ones in an incremental build). */
  pages: number;
  written: string[];
  unchanged: number;
  removed: string[];
  dryRun: boolean;
  /** Whether only the pages affected since the last build were rendered. */
  incremental?: boolean;
  link: LinkReport;
}

/** Options of `buildMarkdown`. */
export interface BuildOptions {
  out: string;
  rank?: RankName;
  dryRun?: boolean;
  /** Render every page, even with a manifest from the last build. */
  full?: boolean;
  /** The output folder (default: the real folder `out`). */
  fs?: SiteFs;
}

interface Manifest {
  rank: string;
  /** Link generation of the rank when built. */
  generation: number;
  /** Day signatures (sha256:parser) when built. */
  days: Map<IsoDate, string>;
  /** Latest article enrichment time when built (ledes change pages too). */
  articles: string;
  pages: Map<string, string>;
}

/** The lede excerpt of every event: from its first source with an enriched excerpt or lede. */
export function readExcerpts(db: DatabaseSync, events: readonly PortalEvent[]): Map<EventId, string> {
  const articles = readArticles(
    db,
    events.flatMap((e) => e.sources.map((s) => s.url)),
  );
  const out = new Map<EventId, string>();
  for (const e of events) {
    for (const s of e.sources) {
      const a = articles.get(s.url);
      const text = a?.excerpt ?? (a?.lede ? excerptOf(a.lede) : null);
      if (text) {
        out.set(e.id, excerptOf(text));
        break;
      }
    }
  }
  return out;
}

/** The page model of the whole stored archive under a ranking (as last linked). */
export function readSiteModel(db: DatabaseSync, rank: RankName = 'reference'): SiteModel {
  const events = readEvents(db);
  return siteModel({ events, related: readRelated(db, rank), excerpts: readExcerpts(db, events) });
}

/** Like `readSiteModel`, with event pages and their related lists made while iterating, a year at a time (the full build's model). */
function readLazySiteModel(db: DatabaseSync, rank: RankName): LazySiteModel {
  const events = readEvents(db);
  return streamedSiteModel({
    events,
    excerpts: readExcerpts(db, events),
    relatedOf: (ids) => readRelated(db, rank, ids),
  });
}

/** Every Markdown file of a model and its content, one page at a time (nothing held in memory). */
export function* renderPages(model: SiteModel | LazySiteModel): Generator<[file: string, content: string]> {
  for (const p of model.indexes) yield [markdownFile(p.path), renderIndexPage(p)];
  for (const d of model.days) yield [markdownFile(d.path), renderDayPage(d)];
  for (const e of model.events) yield [markdownFile(e.path), renderEventPage(e)];
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

function stringMap(v: unknown): Map<string, string> | null {
  if (!v || typeof v !== 'object') return null;
  const out = new Map<string, string>();
  for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out.set(k, x);
  return out;
}

/** The last build's manifest, or null when missing, unreadable or of another version. */
function readManifest(fs: SiteFs): Manifest | null {
  const text = fs.read(MANIFEST);
  if (text === null) return null;
  try {
    const v: unknown = JSON.parse(text);
    if (!v || typeof v !== 'object' || !('version' in v) || v.version !== MANIFEST_VERSION) return null;
    const rank = 'rank' in v && typeof v.rank === 'string' ? v.rank : null;
    const generation = 'generation' in v && typeof v.generation === 'number' ? v.generation : null;
    const days = stringMap('days' in v ? v.days : null);
    const pages = stringMap('pages' in v ? v.pages : null);
    const articles = 'articles' in v && typeof v.articles === 'string' ? v.articles : null;
    if (rank === null || generation === null || articles === null || !days || !pages) return null;
    return { rank, generation, days, articles, pages };
  } catch {
    return null;
  }
}

function sorted(m: Map<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of [...m].sort((a, b) => (a[0] < b[0] ? -1 : 1))) out[k] = v;
  return out;
}

/** True for files the builder owns (and may remove): Markdown under news/ and the root index. */
function isOwned(file: string): boolean {
  return file === 'index.md' || (file.startsWith('news/') && file.endsWith('.md'));
}

/**
 * What changed since the last build, as a partial model: the events of changed days, events whose
 * related list changed or names an event of a changed day, the changed days and their neighbours,
 * and every index. `folders` are the day folders whose other pages may have to go.
 */
function affectedModel(
  db: DatabaseSync,
  rank: RankName,
  manifest: Manifest,
  states: Map<IsoDate, string>,
): { model: SiteModel; folders: string[] } {
  const changed = new Set<IsoDate>();
  for (const [date, sig] of states) if (manifest.days.get(date) !== sig) changed.add(date);
  for (const date of manifest.days.keys()) if (!states.has(date)) changed.add(date);
  const onChanged = readEventIdsOn(db, [...changed]);
  const wanted = new Set<string>([
    ...onChanged,
    ...readListsChangedSince(db, rank, manifest.generation),
    ...readListing(db, rank, onChanged as EventId[]),
    ...readEventsEnrichedAfter(db, manifest.articles),
  ]);
  const allDays = readDayCounts(db);
  const dates = allDays.map((d) => d.date);
  const dayDates = new Set<IsoDate>();
  for (const date of changed) {
    // The day itself if it still has events, and the days before and after it (their links may change).
    let i = dates.findIndex((d) => d >= date);
    if (i < 0) i = dates.length;
    if (dates[i] === date) {
      dayDates.add(date);
      if (i + 1 < dates.length) dayDates.add(dates[i + 1] as IsoDate);
    } else if (i < dates.length) dayDates.add(dates[i] as IsoDate);
    if (i > 0) dayDates.add(dates[i - 1] as IsoDate);
  }
  const related = readRelated(db, rank, [...wanted] as EventId[]);
  const relatedIds = [...related.values()].flatMap((l) => l.map((r) => r.id as string));
  const needed = new Set<IsoDate>(dayDates);
  for (const date of readEventDates(db, [...wanted, ...relatedIds]).values()) needed.add(date);
  const events = readEvents(db, { dates: [...needed] });
  const model = partialSiteModel({
    events,
    related,
    excerpts: readExcerpts(
      db,
      events.filter((e) => wanted.has(e.id)),
    ),
    allDays,
    eventIds: wanted as Set<EventId>,
    dayDates,
  });
  return { model, folders: [...changed].map((d) => `${dayFolder(d).slice(1)}/`) };
}

/**
 * Writes the Markdown archive incrementally. Links first (incremental). With a manifest from the
 * last build under the same ranking, only affected pages are rendered (see `affectedModel`);
 * otherwise every page is, compared with the manifest's hashes or, without one, with the file on
 * disk. Only pages whose content changed are written; pages of events that are gone are removed.
 * A build with nothing changed writes no file.
 * @example buildMarkdown(store.db, { out: 'site' })
 */
export function buildMarkdown(db: DatabaseSync, options: BuildOptions): BuildReport {
  const rank = options.rank ?? 'reference';
  const fs = options.fs ?? nodeSiteFs(options.out);
  const link = linkArchive(db, { rank });
  const generation = readLinkRun(db, rank).generation;
  const states = readDayStates(db);
  const articles = readArticlesMark(db);
  const manifest = readManifest(fs);
  const incremental = manifest !== null && manifest.rank === rank && options.full !== true;
  const plan = incremental
    ? affectedModel(db, rank, manifest, states)
    : { model: readLazySiteModel(db, rank), folders: null };
  const hashes = new Map<string, string>();
  const written: string[] = [];
  let unchanged = 0;
  for (const [file, content] of renderPages(plan.model)) {
    const hash = sha256(content);
    hashes.set(file, hash);
    const same = manifest ? manifest.pages.get(file) === hash : fs.read(file) === content;
    if (same) unchanged++;
    else {
      written.push(file);
      if (!options.dryRun) fs.write(file, content);
    }
  }
  // Pages that may be gone: all previous pages (full build), or those of the changed days' folders.
  const previous = manifest
    ? [...manifest.pages.keys()].filter(
        (f) =>
          plan.folders === null ||
          plan.folders.some((dir) => f.startsWith(dir) && !f.slice(dir.length).includes('/')),
      )
    : [...fs.list('news'), 'index.md'].filter(isOwned);
  const removed = previous.filter((f) => !hashes.has(f) && (manifest !== null || fs.read(f) !== null));
  if (!options.dryRun) {
    for (const file of removed) fs.remove(file);
    const pages = incremental && manifest ? new Map(manifest.pages) : new Map<string, string>();
    for (const f of removed) pages.delete(f);
    for (const [f, h] of hashes) pages.set(f, h);
    const sameState =
      manifest !== null &&
      manifest.generation === generation &&
      manifest.articles === articles &&
      manifest.days.size === states.size &&
      [...states].every(([d, s]) => manifest.days.get(d) === s);
    if (
      written.length > 0 ||
      removed.length > 0 ||
      !sameState ||
      manifest === null ||
      manifest.rank !== rank
    ) {
      const text = JSON.stringify({
        version: MANIFEST_VERSION,
        format: 'md',
        rank,
        generation,
        articles,
        days: sorted(states),
        pages: sorted(pages),
      });
      fs.write(MANIFEST, `${text}\n`);
    }
  }
  return {
    pages: hashes.size,
    written,
    unchanged,
    removed,
    dryRun: options.dryRun === true,
    incremental,
    link,
  };
}
