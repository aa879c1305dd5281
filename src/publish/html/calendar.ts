import { type IsoDate, MONTH_NAMES } from '../../model/ids.ts';
import type { PagePath } from '../model.ts';
import { dayPath } from '../model.ts';
import { attr } from './escape.ts';
import { pageHref } from './paths.ts';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** 'April 2016' for '2016-04'. */
export function monthName(ym: string): string {
  return `${MONTH_NAMES[Number(ym.slice(5, 7)) - 1] ?? ym.slice(5, 7)} ${ym.slice(0, 4)}`;
}

/**
 * A day as the portal heads it, weekday first, computed in UTC: 'Thursday, 28 April 2016'.
 * @example longDate('2016-04-28') // 'Thursday, 28 April 2016'
 */
export function longDate(date: IsoDate): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const weekday = WEEKDAY_NAMES[new Date(Date.UTC(y, m - 1, d)).getUTCDay()] ?? '';
  return `${weekday}, ${d} ${MONTH_NAMES[m - 1] ?? ''} ${y}`;
}

/**
 * A month as a table (weeks from Monday): days with events link to their page, the current day is
 * marked `aria-current="date"`. Dates are computed in UTC so the grid never depends on the host's zone.
 */
export function monthCalendar(
  from: PagePath,
  ym: string,
  hasEvents: ReadonlySet<IsoDate>,
  current?: IsoDate,
): string {
  const year = Number(ym.slice(0, 4));
  const month = Number(ym.slice(5, 7));
  const first = new Date(Date.UTC(year, month - 1, 1));
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const cells: string[] = [];
  for (let i = 0; i < lead; i++) cells.push('<td></td>');
  for (let d = 1; d <= days; d++) {
    const date = `${ym}-${String(d).padStart(2, '0')}`;
    const mark = date === current ? ' aria-current="date"' : '';
    const inner = hasEvents.has(date)
      ? `<a href="${attr(pageHref(from, dayPath(date)))}">${d}</a>`
      : String(d);
    cells.push(`<td${mark}>${inner}</td>`);
  }
  while (cells.length % 7 !== 0) cells.push('<td></td>');
  const rows: string[] = [];
  for (let i = 0; i < cells.length; i += 7) rows.push(`<tr>${cells.slice(i, i + 7).join('')}</tr>`);
  const head = WEEKDAYS.map((w) => `<th scope="col">${w}</th>`).join('');
  return `<table class="calendar"><caption>${monthName(ym)}</caption><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>\n`;
}
