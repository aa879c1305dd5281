import { createHash } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { type LinkReport, linkArchive } from '../../link/link.ts';
import type { RankName } from '../../link/rank.ts';
import type { EventId } from '../../model/ids.ts';
import { readArticles } from '../../store/articles.ts';
import { readEvents } from '../../store/events.ts';
import { readRelated } from '../../store/related.ts';
import { excerptOf } from '../excerpt.ts';
import { type SiteModel, siteModel } from '../model.ts';
import { nodeSiteFs, type SiteFs } from './_fs.ts';
import { markdownFile, renderDayPage, renderEventPage, renderIndexPage } from './render.ts';

/** Name of the build manifest in the output folder: content hash of every page written. */
export const MANIFEST = '.currents-build.json';
const MANIFEST_VERSION = 1;

/** What a build did (or, with dryRun, would do). */
export interface BuildReport {
  pages: number;
  written: string[];
  unchanged: number;
  removed: string[];
  dryRun: boolean;
  link: LinkReport;
}

/** Options of `buildMarkdown`. */
export interface BuildOptions {
  out: string;
  rank?: RankName;
  dryRun?: boolean;
  /** The output folder (default: the real folder `out`). */
  fs?: SiteFs;
}

/** The lede excerpt of every event: from its first source with an enriched excerpt or lede. */
export function readExcerpts(db: DatabaseSync, events: ReturnType<typeof readEvents>): Map<EventId, string> {
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

/** The page model of the whole stored archive under a ranking (links it first if stale). */
export function readSiteModel(db: DatabaseSync, rank: RankName = 'reference'): SiteModel {
  const events = readEvents(db);
  return siteModel({ events, related: readRelated(db, rank), excerpts: readExcerpts(db, events) });
}

/** Every Markdown file of the archive and its content, one page at a time (nothing held in memory). */
export function* renderPages(model: SiteModel): Generator<[file: string, content: string]> {
  for (const p of model.indexes) yield [markdownFile(p.path), renderIndexPage(p)];
  for (const d of model.days) yield [markdownFile(d.path), renderDayPage(d)];
  for (const e of model.events) yield [markdownFile(e.path), renderEventPage(e)];
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

function readManifest(fs: SiteFs): Map<string, string> | null {
  const text = fs.read(MANIFEST);
  if (text === null) return null;
  try {
    const v: unknown = JSON.parse(text);
    if (!v || typeof v !== 'object' || !('version' in v) || v.version !== MANIFEST_VERSION) return null;
    const pages = 'pages' in v ? v.pages : null;
    if (!pages || typeof pages !== 'object') return null;
    const out = new Map<string, string>();
    for (const [file, hash] of Object.entries(pages)) if (typeof hash === 'string') out.set(file, hash);
    return out;
  } catch {
    return null;
  }
}

/** True for files the builder owns (and may remove): Markdown under news/ and the root index. */
function isOwned(file: string): boolean {
  return file === 'index.md' || (file.startsWith('news/') && file.endsWith('.md'));
}

/**
 * Writes the Markdown archive incrementally: links first (incremental), renders every page,
 * writes only pages whose content changed, removes pages of events that are gone. With a
 * manifest from the last build, pages are compared by hash; without one, with the file on disk.
 * A build with nothing changed writes no file.
 * @example buildMarkdown(store.db, { out: 'site' })
 */
export function buildMarkdown(db: DatabaseSync, options: BuildOptions): BuildReport {
  const rank = options.rank ?? 'reference';
  const fs = options.fs ?? nodeSiteFs(options.out);
  const link = linkArchive(db, { rank });
  const model = readSiteModel(db, rank);
  const manifest = readManifest(fs);
  const hashes = new Map<string, string>();
  const written: string[] = [];
  let unchanged = 0;
  for (const [file, content] of renderPages(model)) {
    const hash = sha256(content);
    hashes.set(file, hash);
    const same = manifest ? manifest.get(file) === hash : fs.read(file) === content;
    if (same) unchanged++;
    else {
      written.push(file);
      if (!options.dryRun) fs.write(file, content);
    }
  }
  const previous = manifest ? [...manifest.keys()] : [...fs.list('news'), 'index.md'].filter(isOwned);
  const removed = previous.filter((f) => !hashes.has(f) && (manifest !== null || fs.read(f) !== null));
  if (!options.dryRun) {
    for (const file of removed) fs.remove(file);
    if (written.length > 0 || removed.length > 0 || manifest === null) {
      const pages: Record<string, string> = {};
      for (const [file, hash] of [...hashes].sort((x, y) => (x[0] < y[0] ? -1 : 1))) pages[file] = hash;
      fs.write(MANIFEST, `${JSON.stringify({ version: MANIFEST_VERSION, format: 'md', rank, pages })}\n`);
    }
  }
  return { pages: hashes.size, written, unchanged, removed, dryRun: options.dryRun === true, link };
}
