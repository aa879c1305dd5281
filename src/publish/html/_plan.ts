import type { DatabaseSync } from 'node:sqlite';
import type { RankName } from '../../link/rank.ts';
import { asEntityTitle, type EntityTitle, type EventId, type IsoDate } from '../../model/ids.ts';
import { readEventsEnrichedAfter } from '../../store/archive.ts';
import { readListing, readListsChangedSince } from '../../store/related.ts';
import { dayFolder } from '../model.ts';
import type { HtmlManifest } from './_manifest.ts';
import { feedsOf } from './entity.ts';
import type { HtmlSite } from './site.ts';

/**
 * Which pages a build renders. `null` means every page of that kind (a full build). Pages of
 * other kinds are always rendered: assets, search page and entry file, 404, home, year and month
 * indexes, the archive feeds, the sitemap.
 */
export interface RenderPlan {
  events: ReadonlySet<EventId> | null;
  days: ReadonlySet<IsoDate> | null;
  entities: ReadonlySet<EntityTitle> | null;
  storylines: ReadonlySet<string> | null;
  /** Years whose search index files are rebuilt. */
  years: ReadonlySet<string> | null;
  /** Whether a file of the last build belongs to what this plan renders (so it is gone if not rendered again). */
  covers(file: string): boolean;
}

/** Render everything; every file of the last build is covered. */
export const FULL_PLAN: RenderPlan = {
  events: null,
  days: null,
  entities: null,
  storylines: null,
  years: null,
  covers: () => true,
};

/** "slug count" of every entity (or storyline) page: the manifest's record of what pages there are. */
export function pageSignatures(
  pages: Iterable<{ title: string; path: string; events: readonly unknown[] }>,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of pages) out.set(p.title, `${slugOf(p.path)} ${p.events.length}`);
  return out;
}

function slugOf(pathOrSignature: string): string {
  const s = pathOrSignature.split(' ')[0] ?? '';
  return s.slice(s.lastIndexOf('/') + 1);
}

/** Index of the first date ≥ `date` in ascending `dates` (dates.length when none). */
function lowerBound(dates: readonly IsoDate[], date: IsoDate): number {
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((dates[mid] as IsoDate) < date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** What the affected-pages plan is made from: the last manifest and the archive as it is now. */
export interface PlanInput {
  manifest: HtmlManifest;
  /** Day signatures now (every stored day). */
  days: ReadonlyMap<IsoDate, string>;
  /** Dates with events now, ascending. */
  dates: readonly IsoDate[];
  site: HtmlSite;
  entities: ReadonlyMap<string, string>;
  storylines: ReadonlyMap<string, string>;
}

/**
 * The pages a change since the last build can affect (the HTML counterpart of the Markdown
 * builder's `affectedModel`). Changed days are those added, removed or re-ingested; touched events
 * are the events on them and those citing a source enriched since. Rendered:
 * - event pages of touched events, of events whose related list changed or names an event of a
 *   changed day, and of every event sharing a changed day's month and day ("on this day");
 * - day pages of every day in a changed day's month (calendar) and the days before and after it,
 *   and of days with an event citing a source enriched since;
 * - entity and storyline pages (and feeds) named by a touched event, or whose slug or event count
 *   changed (a page that lost an event without gaining one);
 * - the search files of the years of changed days and touched events.
 */
export function affectedPlan(db: DatabaseSync, rank: RankName, input: PlanInput): RenderPlan {
  const { manifest, site, dates } = input;
  const changed = new Set<IsoDate>();
  for (const [date, sig] of input.days) if (manifest.days.get(date) !== sig) changed.add(date);
  for (const date of manifest.days.keys()) if (!input.days.has(date)) changed.add(date);
  const enriched = new Set(readEventsEnrichedAfter(db, manifest.articles));
  const monthDays = new Set([...changed].map((d) => d.slice(5)));
  const onChanged: EventId[] = [];
  const events = new Set<EventId>();
  const entities = new Set<EntityTitle>();
  const storylines = new Set<string>();
  const years = new Set<string>([...changed].map((d) => d.slice(0, 4)));
  const enrichedDays = new Set<IsoDate>();
  for (const e of site.events) {
    const touched = changed.has(e.date) || enriched.has(e.id);
    // Day pages show their events' sources as enrichment left them (dead, archived copy).
    if (enriched.has(e.id)) enrichedDays.add(e.date);
    if (changed.has(e.date)) onChanged.push(e.id);
    if (touched || monthDays.has(e.date.slice(5))) events.add(e.id);
    if (!touched) continue;
    for (const t of e.context) entities.add(t);
    for (const s of e.storyline) storylines.add(s);
    years.add(e.date.slice(0, 4));
  }
  for (const id of readListsChangedSince(db, rank, manifest.generation)) events.add(id);
  for (const id of readListing(db, rank, onChanged)) events.add(id);
  for (const [title, sig] of input.entities)
    if (manifest.entities.get(title) !== sig) entities.add(asEntityTitle(title));
  for (const title of manifest.entities.keys())
    if (!input.entities.has(title)) entities.add(asEntityTitle(title));
  for (const [title, sig] of input.storylines)
    if (manifest.storylines.get(title) !== sig) storylines.add(title);
  for (const title of manifest.storylines.keys()) if (!input.storylines.has(title)) storylines.add(title);
  const days = new Set<IsoDate>(enrichedDays);
  for (const date of changed) {
    const month = date.slice(0, 7);
    let i = lowerBound(dates, `${month}-00`);
    for (; i < dates.length && (dates[i] as IsoDate).startsWith(month); i++) days.add(dates[i] as IsoDate);
    const at = lowerBound(dates, date);
    const before = dates[at - 1];
    const after = dates[dates[at] === date ? at + 1 : at];
    if (before) days.add(before);
    if (after) days.add(after);
  }
  const folders = new Set([...changed].map((d) => `${dayFolder(d).slice(1)}/`));
  const owned = new Set<string>();
  const addOwned = (sigs: ReadonlyMap<string, string>, titles: ReadonlySet<string>, kind: string) => {
    for (const t of titles) {
      const sig = sigs.get(t);
      if (sig === undefined) continue;
      const path = `/${kind}/${slugOf(sig)}`;
      const feeds = feedsOf(path);
      owned.add(`${path.slice(1)}.html`);
      owned.add(feeds.atom.slice(1));
      owned.add(feeds.json.slice(1));
    }
  };
  addOwned(manifest.entities, entities, 'entity');
  addOwned(manifest.storylines, storylines, 'storyline');
  return {
    events,
    days,
    entities,
    storylines,
    years,
    covers(file) {
      if (owned.has(file)) return true;
      if (/^news\/\d{4}\/(\d{2}\/)?index\.html$/.test(file)) return true;
      const cut = file.lastIndexOf('/') + 1;
      if (folders.has(file.slice(0, cut))) return true;
      const year = /^assets\/search\/(\d{4})\//.exec(file)?.[1];
      return year !== undefined && years.has(year);
    },
  };
}
