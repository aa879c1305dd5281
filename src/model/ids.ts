import { hash } from 'node:crypto';

/** A stable event id: `YYYYMMDD-` + 12 hex digits of the SHA-256 of the date and the event text. */
export type EventId = string & { readonly __brand: 'EventId' };

/** A normalised Wikipedia article title ("Staffan de Mistura"). */
export type EntityTitle = string & { readonly __brand: 'EntityTitle' };

/** A calendar date written `YYYY-MM-DD`. */
export type IsoDate = string;

/**
 * The id of an event: the same date and text always give the same id, so re-ingesting an
 * unchanged day keeps every id. `occurrence` (1-based) separates identical texts on one day.
 * @example eventId('2016-04-28', 'Belgium is to provide …') // '20160428-3f9c…'
 */
export function eventId(date: IsoDate, text: string, occurrence = 1): EventId {
  const digest = hash('sha256', `${date}\n${text}`, 'hex').slice(0, 12);
  const base = `${date.replaceAll('-', '')}-${digest}`;
  return (occurrence > 1 ? `${base}-${occurrence}` : base) as EventId;
}

/** The shape `eventId` gives: `YYYYMMDD-`, 12 hex digits, and `-N` (N ≥ 2, no upper bound) for a repeated text. */
const EVENT_ID_SHAPE = /^\d{8}-[0-9a-f]{12}(?:-[1-9]\d*)?$/;

/** Longest event id accepted from outside: the suffix of a repeat is bounded only by this (a 20-digit N). */
export const MAX_EVENT_ID_CHARS = 42;

/**
 * True when `s` has the shape of an event id as `eventId` makes them (any repeat number).
 * @example isEventId('20160428-b05e633a3066-12345') // true
 */
export function isEventId(s: string): s is EventId {
  return s.length <= MAX_EVENT_ID_CHARS && EVENT_ID_SHAPE.test(s);
}

/** Brands a string already known to be a normalised title (use `normaliseTitle` for raw input). */
export function asEntityTitle(title: string): EntityTitle {
  return title as EntityTitle;
}

/** Brands a string read back from our own store or export as an event id. */
export function asEventId(id: string): EventId {
  return id as EventId;
}

/** English month names, January first, as the portal's page titles and headings write them. */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** 1–12 for an English month name in any case, 0 when it is none. */
export function monthNumber(name: string): number {
  const lower = name.toLowerCase();
  return MONTH_NAMES.findIndex((m) => m.toLowerCase() === lower) + 1;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `s` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(s: string): s is IsoDate {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Formats year, month and day as a zero-padded `YYYY-MM-DD`, or null when it is no real date. */
export function toIsoDate(year: number, month: number, day: number): IsoDate | null {
  const s = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isIsoDate(s) ? s : null;
}
