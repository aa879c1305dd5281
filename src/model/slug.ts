import type { PortalEvent } from './event.ts';
import type { EventId } from './ids.ts';

/** Letters that Unicode does not decompose into a base letter plus accent, folded by hand. */
const LETTERS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ø: 'o',
  Ø: 'o',
  ł: 'l',
  Ł: 'l',
  đ: 'd',
  Đ: 'd',
  ð: 'd',
  Ð: 'd',
  þ: 'th',
  Þ: 'th',
  ı: 'i',
};

/** How many characters (code points) of the text a slug is made from. */
export const SLUG_CHARS = 140;

/** The slug of an event whose text has no letter or digit. */
export const EMPTY_EVENT_SLUG = 'event';

/** The slug of an entity or storyline page whose title has no letter or digit. */
export const EMPTY_PAGE_SLUG = 'page';

/**
 * The slug of an event text (SPEC.md): its first 140 characters, accents folded to ASCII,
 * lower-cased, every run of other characters than `a-z0-9` made one `-`, `-` trimmed at both ends.
 * @example slugify('Staffan de Mistura, U.N. envoy…') // 'staffan-de-mistura-u-n-envoy'
 */
export function slugify(text: string): string {
  const head = Array.from(text).slice(0, SLUG_CHARS).join('');
  const folded = head
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[ßæÆœŒøØłŁđĐðÐþÞı]/g, (c) => LETTERS[c] ?? c);
  return folded
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Where slugs of one space (one day's events, or all entity pages) are recorded: which are taken,
 * and per base where the search for its next free suffix resumes. In memory (`slugSpace`) or in
 * the store (entity and storyline pages).
 */
export interface SlugLedger {
  has(slug: string): boolean;
  add(slug: string): void;
  /** The first suffix worth trying for `base` (2 when `base` was never searched). */
  counter(base: string): number;
  setCounter(base: string, next: number): void;
}

/**
 * Takes the slug for `base`: the base itself when free, else `base-N` for the smallest N ≥ 2 not
 * taken and not skipped for this base before. Linear time: the ledger's counter per base remembers
 * where the last search stopped, so `base-2 … base-(N-1)` are never probed again, and every failed
 * probe lands on a distinct taken slug (`x-N` splits into base `x` and suffix `N` one way only, and
 * the counter moves past it): n takes cost O(n + taken) probes in all, however many texts repeat
 * and however many bases look suffixed themselves ('foo-2' beside 'foo', 'foo').
 * @example takeSlug(ledger, 'foo') // 'foo', then 'foo-2'
 */
export function takeSlug(ledger: SlugLedger, base: string): string {
  let slug = base;
  if (ledger.has(slug)) {
    let n = ledger.counter(base);
    for (slug = `${base}-${n}`; ledger.has(slug); slug = `${base}-${n}`) n++;
    ledger.setCounter(base, n + 1);
  }
  ledger.add(slug);
  return slug;
}

/** An in-memory ledger with `taken` already in use. */
export function slugSpace(taken: Iterable<string> = []): SlugLedger {
  const used = new Set(taken);
  const next = new Map<string, number>();
  return {
    has: (slug) => used.has(slug),
    add: (slug) => {
      used.add(slug);
    },
    counter: (base) => next.get(base) ?? 2,
    setCounter: (base, n) => {
      next.set(base, n);
    },
  };
}

/** The base slug of an event text: its `slugify`, or `event` when that is empty. */
export function eventSlugBase(text: string): string {
  return slugify(text) || EMPTY_EVENT_SLUG;
}

/**
 * Slugs for the events of one day, in portal order (SPEC.md): an event in `kept` keeps its slug;
 * every other one takes its base slug, or the next free `-2`, `-3` … of it. With nothing kept this
 * is the slug of every event of a day stored for the first time.
 * @example daySlugs(events) // Map { id1 => 'foo', id2 => 'foo-2' }
 */
export function daySlugs(
  events: readonly { id: EventId; text: string }[],
  kept: ReadonlyMap<EventId, string> = new Map(),
): Map<EventId, string> {
  const space = slugSpace(events.flatMap((e) => kept.get(e.id) ?? []));
  const out = new Map<EventId, string>();
  for (const e of events) out.set(e.id, kept.get(e.id) ?? takeSlug(space, eventSlugBase(e.text)));
  return out;
}

/** The base slug of an entity or storyline page title: its `slugify`, or `page` when that is empty. */
export function pageSlugBase(title: string): string {
  return slugify(title) || EMPTY_PAGE_SLUG;
}

/** The stored slugs of entity and storyline pages, by title. */
export interface PageSlugs {
  entities: ReadonlyMap<string, string>;
  storylines: ReadonlyMap<string, string>;
}

/**
 * Events with the slugs a store gives them when it stores them first: per day, in the given
 * (portal) order. For building from parsed days without a store (tests, benchmarks).
 */
export function withFreshSlugs<E extends PortalEvent>(events: readonly E[]): (E & { slug: string })[] {
  const byDay = new Map<string, E[]>();
  for (const e of events) {
    const day = byDay.get(e.date);
    if (day) day.push(e);
    else byDay.set(e.date, [e]);
  }
  const slugs = new Map<EventId, string>();
  for (const day of byDay.values()) for (const [id, slug] of daySlugs(day)) slugs.set(id, slug);
  return events.map((e) => ({ ...e, slug: slugs.get(e.id) ?? EMPTY_EVENT_SLUG }));
}
