import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseDay } from './parse.ts';

const REAL = new URL('../../../shared/data/wcep-wikitext-eras/2005-01-11.wiki', import.meta.url);

test('a bold date line heading an old page is not taken for a category', () => {
  // The real 2005 page, with the date line some pages of that era carry put in front of its items.
  const text = readFileSync(REAL, 'utf8').replace('content=\n', "content=\n'''[[January 11]], [[2005]]'''\n");
  const day = parseDay(text, { origin: '2005-01-11.wiki' });
  assert.ok(day.events.length > 0);
  assert.ok(day.events.every((e) => e.category === null));
  assert.deepEqual(day.warnings, []);
});

test('a wiki table (an image box) is layout, not events', () => {
  const text = readFileSync(REAL, 'utf8').replace(
    'content=\n',
    'content=\n{| class="wikitable"\n|-\n| [[File:Zhao Ziyang.jpg|thumb|Zhao Ziyang]]\n|}\n',
  );
  const plain = parseDay(readFileSync(REAL, 'utf8'), { origin: 'a' });
  const withTable = parseDay(text, { origin: 'a' });
  assert.deepEqual(
    withTable.events.map((e) => e.text),
    plain.events.map((e) => e.text),
  );
});

test('a page without a date in its template or name is refused with a no-date warning naming it', () => {
  const text = readFileSync(REAL, 'utf8').replace(/\{\{Current events\|[^\n]*content=/, '');
  const day = parseDay(text, { origin: 'dump/page.wiki' });
  assert.equal(day.date, null);
  assert.equal(day.events.length, 0);
  assert.equal(day.warnings[0]?.kind, 'no-date');
  assert.equal(day.warnings[0]?.origin, 'dump/page.wiki');
});

test('a date in the template wins over the file name, with a warning', () => {
  const day = parseDay(readFileSync(REAL, 'utf8'), { origin: '2005-01-12.wiki' });
  assert.equal(day.date, '2005-01-11');
  assert.equal(day.warnings[0]?.kind, 'date-mismatch');
});

test('a redirect page gives no events and a warning naming its target', () => {
  // What the API returns for a moved day page (the shape MediaWiki stores redirects in).
  const day = parseDay('#REDIRECT [[Portal:Current events/2005 January 11]]', { origin: '2005-01-11.wiki' });
  assert.equal(day.events.length, 0);
  assert.equal(day.warnings[0]?.kind, 'unrecognised-line');
  assert.match(day.warnings[0]?.message ?? '', /redirect to "Portal:Current events\/2005 January 11"/);
});
