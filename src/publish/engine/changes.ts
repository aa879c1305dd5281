import type { DatabaseSync } from 'node:sqlite';
import { asEntityTitle, type EntityTitle, type EventId, type IsoDate } from '../../model/ids.ts';
import type { RankName } from '../../model/related.ts';
import { readEventsEnrichedAfter } from '../../store/archive.ts';
import { readListing, readListsChangedSince } from '../../store/related.ts';
import type { BuildState } from './_manifest.ts';
import type { PublishSite } from './output.ts';

/**
 * What a build renders, for every output alike: the units (days, events, entities, storylines,
 * years) changed since the last build. `null` means every unit of that kind (a full build).
 * Site-wide files (assets, home, indexes, archive feeds, sitemap) are rendered by every build.
 */
export interface ChangeSet {
  days: ReadonlySet<IsoDate> | null;
  events: ReadonlySet<EventId> | null;
  entities: ReadonlySet<EntityTitle> | null;
  storylines: ReadonlySet<string> | null;
  years: ReadonlySet<string> | null;
  /**
   * Whether the files a unit of the last build rendered are all rendered again when still there
   * (so a file of that unit not rendered now is gone): the site, changed days, the entities,
   * storylines and years of this change set.
   */
  covers(unit: string): boolean;
}

/** Every unit: a full build. */
export const EVERYTHING: ChangeSet = {
  days: null,
  events: null,
  entities: null,
  storylines: null,
  years: null,
  covers: () => true,
};

/** The unit of the files of a day and of its events' pages. */
export function dayUnit(date: IsoDate): string {
  return `day:${date}`;
}

/** The unit of an entity's files. */
export function entityUnit(title: string): string {
  return `entity:${title}`;
}

/** The unit of a storyline's files. */
export function storylineUnit(title: string): string {
  return `storyline:${title}`;
}

/** The unit of a year's files (search index). */
export function yearUnit(year: string): string {
  return `year:${year}`;
}

/** The unit of site-wide files. */
export const SITE_UNIT = 'site';

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

/**
 * The units a change since the last build (`before`) can affect, given the archive now (`now`,
 * `model`). Changed days are those added, removed or re-ingested; touched events are the events on
 * them and those citing a source enriched since. Rendered:
 * - events: touched ones, those whose related list changed or names an event of a changed day,
 *   and every event sharing a changed day's month and day ("on this day");
 * - days: every day of a changed day's month (calendar), the days before and after it, and the
 *   days of events citing a source enriched since;
 * - entities and storylines named by a touched event, or whose slug or event count changed;
 * - years of changed days and touched events.
 */
export function changeSet(
  db: DatabaseSync,
  rank: RankName,
  input: { before: BuildState; now: BuildState; model: PublishSite },
): ChangeSet {
  const { before, now, model } = input;
  const dates = model.dates;
  const changed = new Set<IsoDate>();
  for (const [date, sig] of now.days) if (before.days.get(date) !== sig) changed.add(date);
  for (const date of before.days.keys()) if (!now.days.has(date)) changed.add(date);
  const enriched = new Set(readEventsEnrichedAfter(db, before.articles));
  const monthDays = new Set([...changed].map((d) => d.slice(5)));
  const onChanged: EventId[] = [];
  const events = new Set<EventId>();
  const entities = new Set<EntityTitle>();
  const storylines = new Set<string>();
  const years = new Set<string>([...changed].map((d) => d.slice(0, 4)));
  const days = new Set<IsoDate>();
  for (const e of model.site.events) {
    const touched = changed.has(e.date) || enriched.has(e.id);
    if (enriched.has(e.id)) days.add(e.date);
    if (changed.has(e.date)) onChanged.push(e.id);
    if (touched || monthDays.has(e.date.slice(5))) events.add(e.id);
    if (!touched) continue;
    for (const t of e.context) entities.add(t);
    for (const s of e.storyline) storylines.add(s);
    years.add(e.date.slice(0, 4));
  }
  for (const id of readListsChangedSince(db, rank, before.generation)) events.add(id);
  for (const id of readListing(db, rank, onChanged)) events.add(id);
  for (const [title, sig] of now.entities)
    if (before.entities.get(title) !== sig) entities.add(asEntityTitle(title));
  for (const title of before.entities.keys())
    if (!now.entities.has(title)) entities.add(asEntityTitle(title));
  for (const [title, sig] of now.storylines) if (before.storylines.get(title) !== sig) storylines.add(title);
  for (const title of before.storylines.keys()) if (!now.storylines.has(title)) storylines.add(title);
  for (const date of changed) {
    const month = date.slice(0, 7);
    for (
      let i = lowerBound(dates, `${month}-00`);
      i < dates.length && (dates[i] as IsoDate).startsWith(month);
      i++
    )
      days.add(dates[i] as IsoDate);
    const at = lowerBound(dates, date);
    const prev = dates[at - 1];
    const next = dates[dates[at] === date ? at + 1 : at];
    if (prev) days.add(prev);
    if (next) days.add(next);
  }
  const covered = new Set<string>([SITE_UNIT]);
  for (const d of changed) covered.add(dayUnit(d));
  for (const t of entities) covered.add(entityUnit(t));
  for (const t of storylines) covered.add(storylineUnit(t));
  for (const y of years) covered.add(yearUnit(y));
  return { days, events, entities, storylines, years, covers: (unit) => covered.has(unit) };
}
