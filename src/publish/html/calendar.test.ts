import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHTML } from 'linkedom';
import { longDate, monthCalendar } from './calendar.ts';
import { yearChart } from './chart.ts';

test('April 2016 starts on a Friday: four blank cells, 30 days, days with events linked', () => {
  const html = monthCalendar(
    '/news/2016/04/28/index',
    '2016-04',
    new Set(['2016-04-16', '2016-04-28']),
    '2016-04-28',
  );
  const { document } = parseHTML(`<div>${html}</div>`);
  const cells = [...document.querySelectorAll('tbody td')].map((td) => td.textContent);
  assert.deepEqual(cells.slice(0, 5), ['', '', '', '', '1']);
  assert.equal(cells.filter((c) => c !== '').length, 30);
  assert.deepEqual(
    [...document.querySelectorAll('td a')].map((a) => [a.textContent, a.getAttribute('href')]),
    [
      ['16', '../16/index.html'],
      ['28', 'index.html'],
    ],
  );
  assert.equal(document.querySelector('td[aria-current=date]')?.textContent, '28');
});

test('the year chart draws every year from the first to the last, empty years as gaps', () => {
  const { document } = parseHTML(
    `<div>${yearChart(
      [
        ['2014', 3],
        ['2016', 6],
      ],
      'Syria',
    )}</div>`,
  );
  assert.deepEqual(
    [...document.querySelectorAll('title')].map((t) => t.textContent),
    ['2014: 3 events', '2015: 0 events', '2016: 6 events'],
  );
  assert.deepEqual(
    [...document.querySelectorAll('rect')].map((r) => r.getAttribute('height')),
    ['40', '0', '80'],
  );
  assert.equal(
    document.querySelector('svg')?.getAttribute('aria-label'),
    'Syria — events per year: 2014: 3, 2016: 6',
  );
});

test('a day is headed as the portal heads it, weekday first, whatever the host time zone', () => {
  assert.equal(longDate('2016-04-28'), 'Thursday, 28 April 2016');
  assert.equal(longDate('2002-01-01'), 'Tuesday, 1 January 2002');
  assert.equal(longDate('2016-02-29'), 'Monday, 29 February 2016');
  assert.equal(longDate('2026-12-03'), 'Thursday, 3 December 2026');
});
