import { UsageError } from '../../model/errors.ts';
import { MONTH_NAMES } from '../../model/ids.ts';

const PREFIX = 'Portal:Current events/';

/** The longest range of days one run may ask for: 10,000 days (~27 years, the portal's whole life). */
export const MAX_DAYS = 10_000;

/**
 * Whether `s` is a real calendar date written `YYYY-MM-DD` (2016-02-30 is not).
 * @example isDate('2016-04-28') // true
 */
export function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  const last = new Date(0);
  last.setUTCFullYear(y, mo, 0);
  return d <= last.getUTCDate();
}

/**
 * The portal page title of a day: English month name, day not zero-padded.
 * @example dayTitle('2016-04-28') // 'Portal:Current events/2016 April 28'
 */
export function dayTitle(date: string): string {
  if (!isDate(date)) throw new RangeError(`Not a date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  const [y, m, d] = date.split('-');
  return `${PREFIX}${Number(y)} ${MONTH_NAMES[Number(m) - 1]} ${Number(d)}`;
}

/**
 * The day a portal page title names, or undefined when it names none (`_` and spaces both accepted).
 * @example titleDate('Portal:Current_events/2016_April_28') // '2016-04-28'
 */
export function titleDate(title: string): string | undefined {
  const t = title.replace(/_/g, ' ').replace(/\s+/g, ' ').trim();
  if (!t.startsWith(PREFIX)) return undefined;
  const m = /^(\d{4}) ([A-Z][a-z]+) (\d{1,2})$/.exec(t.slice(PREFIX.length));
  if (!m) return undefined;
  const month = MONTH_NAMES.indexOf(m[2] as (typeof MONTH_NAMES)[number]);
  if (month < 0) return undefined;
  const date = `${m[1]}-${String(month + 1).padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isDate(date) ? date : undefined;
}

/** Adds `n` days to a date (UTC calendar arithmetic). */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(0);
  t.setUTCFullYear(y!, m! - 1, d! + n); // not Date.UTC: it reads years 0–99 as 1900–1999
  const year = t.getUTCFullYear();
  if (year < 1 || year > 9999) throw new RangeError(`${date} + ${n} days is outside years 1–9999`);
  return `${String(year).padStart(4, '0')}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-${String(t.getUTCDate()).padStart(2, '0')}`;
}

/** Days from `from` to `to`, inclusive, oldest first. */
export function dateRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length <= MAX_DAYS; d = addDays(d, 1)) out.push(d);
  return out;
}

/**
 * Checks a `--from`/`--to` pair from the command line and returns its days, oldest first.
 * Throws UsageError for a bad date, `from` after `to`, or more than MAX_DAYS days.
 * @example parseRange('2016-04-27', '2016-04-28') // ['2016-04-27', '2016-04-28']
 */
export function parseRange(from: string | undefined, to: string | undefined): string[] {
  if (from === undefined || to === undefined) {
    throw new UsageError('--api needs both --from and --to, e.g. --from 2016-04-01 --to 2016-04-30');
  }
  for (const [flag, value] of [
    ['--from', from],
    ['--to', to],
  ] as const) {
    if (!isDate(value)) {
      throw new UsageError(
        `${flag} needs a date written YYYY-MM-DD, e.g. ${flag} 2016-04-28 (got "${value}")`,
      );
    }
  }
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}; swap them`);
  const days = dateRange(from, to);
  if (days.length > MAX_DAYS) {
    throw new UsageError(
      `--from ${from} --to ${to} spans more than ${MAX_DAYS} days; split the range into several runs`,
    );
  }
  return days;
}

/**
 * The last `n` days up to and including `until` (a date), oldest first.
 * @example lastDays(3, '2016-03-01') // ['2016-02-28', '2016-02-29', '2016-03-01']
 */
export function lastDays(n: number, until: string): string[] {
  return dateRange(addDays(until, -(n - 1)), until);
}
