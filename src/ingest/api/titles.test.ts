import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../model/errors.ts';
import { dayTitle, isDate, lastDays, MAX_DAYS, parseRange, titleDate } from './titles.ts';

test('names a day as the portal does: English month, day without zero padding', () => {
  assert.equal(dayTitle('2016-04-28'), 'Portal:Current events/2016 April 28');
  assert.equal(dayTitle('2003-09-05'), 'Portal:Current events/2003 September 5');
  assert.equal(dayTitle('2021-12-10'), 'Portal:Current events/2021 December 10');
});

test('reads the day back from a title, with spaces or underscores', () => {
  assert.equal(titleDate('Portal:Current events/2016 April 28'), '2016-04-28');
  assert.equal(titleDate('Portal:Current_events/2003_September_5'), '2003-09-05');
  assert.equal(titleDate('Portal:Current events/2016 Foo 28'), undefined);
  assert.equal(titleDate('Portal:Current events/2016 February 30'), undefined);
  assert.equal(titleDate('Portal:Current events/April 2016'), undefined);
});

test('accepts only real calendar dates', () => {
  assert.equal(isDate('2016-02-29'), true);
  assert.equal(isDate('2015-02-29'), false);
  assert.equal(isDate('2016-4-28'), false);
  assert.equal(isDate('2016-13-01'), false);
  assert.equal(isDate('2016-04-28T00:00'), false);
});

test('a range is inclusive and crosses month and leap-year ends', () => {
  assert.deepEqual(parseRange('2016-02-28', '2016-03-01'), ['2016-02-28', '2016-02-29', '2016-03-01']);
  assert.deepEqual(parseRange('2016-04-28', '2016-04-28'), ['2016-04-28']);
  assert.deepEqual(lastDays(3, '2017-01-01'), ['2016-12-30', '2016-12-31', '2017-01-01']);
});

test('bad --from/--to are usage errors that say what to type', () => {
  assert.throws(
    () => parseRange('2016-04-31', '2016-05-01'),
    (e: unknown) => {
      assert.ok(e instanceof UsageError);
      assert.match(
        e.message,
        /--from needs a date written YYYY-MM-DD, e\.g\. --from 2016-04-28 \(got "2016-04-31"\)/,
      );
      return true;
    },
  );
  assert.throws(() => parseRange('2016-05-02', '2016-05-01'), /--from 2016-05-02 is after --to 2016-05-01/);
  assert.throws(() => parseRange('2016-05-02', undefined), /needs both --from and --to/);
  assert.throws(() => parseRange('1990-01-01', '2026-01-01'), new RegExp(`more than ${MAX_DAYS} days`));
});

test('date arithmetic holds in the first centuries too (Date.UTC would read year 99 as 1999)', () => {
  assert.deepEqual(lastDays(2, '0100-01-01'), ['0099-12-31', '0100-01-01']);
  assert.equal(isDate('0100-02-29'), false);
  assert.equal(isDate('0096-02-29'), true);
});
