import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { asEventId, type EventId } from '../model/ids.ts';
import { eventPath } from '../publish/model.ts';
import { daySlugs, slugify } from '../publish/slug.ts';
import { type Fixture, makeFixture } from './_fixture.ts';
import { createPathCache, eventPaths, somePaths } from './paths.ts';

const YAML_DAYS = fileURLToPath(new URL('../../../shared/data/wcep-daily-yaml/', import.meta.url));

/** Every day of the real plain-text portal items (../shared/data/wcep-daily-yaml), texts in page order. */
function realDays(): { date: string; rows: { id: EventId; position: number; text: string }[] }[] {
  const out: { date: string; rows: { id: EventId; position: number; text: string }[] }[] = [];
  for (const name of readdirSync(YAML_DAYS).filter((f) => f.endsWith('.jsonl.gz'))) {
    for (const line of gunzipSync(readFileSync(`${YAML_DAYS}${name}`))
      .toString('utf8')
      .split('\n')) {
      if (!line.trim()) continue;
      const day: { date?: unknown; categories?: unknown } = JSON.parse(line);
      if (typeof day.date !== 'string' || !day.categories || typeof day.categories !== 'object') continue;
      const texts = Object.values(day.categories)
        .flat()
        .filter((t): t is string => typeof t === 'string' && t.trim() !== '');
      out.push({
        date: day.date,
        rows: texts.map((text, i) => ({ id: asEventId(`${day.date}#${i}`), position: i, text })),
      });
    }
  }
  return out;
}

describe('event page paths for the API', () => {
  const days = realDays();
  test('somePaths gives the real portal items the path the whole-day rule gives them, repeated slugs included', () => {
    let dayCount = 0;
    let checked = 0;
    let suffixed = 0;
    for (const { date, rows } of days) {
      const whole = daySlugs(rows);
      const pathOf = (id: EventId) => eventPath(date, whole.get(id) ?? '');
      assert.deepEqual(
        somePaths(date, rows, new Set(rows.map((r) => r.id))),
        new Map(rows.map((r) => [r.id, pathOf(r.id)])),
      );
      dayCount++;
      // One event at a time where the rule has something to decide: a slug taken before, or a
      // text whose slug's first letter is not its own first character.
      const repeats = rows.filter((r) => whole.get(r.id) !== (slugify(r.text) || 'event')).length;
      if (repeats === 0 && rows.every((r) => /^[A-Za-z0-9]/.test(r.text))) continue;
      suffixed += repeats;
      for (const row of rows) {
        assert.deepEqual(
          somePaths(date, rows, new Set([row.id])),
          new Map([[row.id, pathOf(row.id)]]),
          row.text,
        );
        checked++;
      }
    }
    // The data holds the cases the rule is about: thousands of days, and slugs taken twice or more.
    assert.ok(dayCount > 7000, `${dayCount} days`);
    assert.ok(suffixed > 100, `${suffixed} suffixed slugs`);
    assert.ok(checked > 1000, `${checked} events checked one by one`);
  });

  test('somePaths agrees with the whole-day rule when real texts are repeated with another first character', () => {
    // Variants whose slugs equal the original's while their first characters differ: lower case,
    // an opening quote, an accented capital, a text with no letter at all next to one starting "Event".
    const ACCENTED: Record<string, string> = {
      A: 'À',
      E: 'É',
      I: 'Î',
      O: 'Ö',
      U: 'Ü',
      C: 'Ç',
      N: 'Ñ',
      S: 'Š',
    };
    const variants = (text: string) => [
      text.charAt(0).toLowerCase() + text.slice(1),
      `“${text}”`,
      (ACCENTED[text.charAt(0)] ?? `¿${text.charAt(0)}`) + text.slice(1),
      '—',
      `Event ${text}`,
      '…',
    ];
    let checked = 0;
    let suffixed = 0;
    for (const [n, { date, rows }] of days.entries()) {
      if (n % 25 !== 0) continue;
      const mixed = rows.flatMap((r, i) =>
        i % 3 === 0
          ? [r, ...variants(r.text).map((text, k) => ({ id: asEventId(`${r.id}v${k}`), position: 0, text }))]
          : [r],
      );
      const whole = daySlugs(mixed);
      for (const row of mixed) {
        assert.deepEqual(
          somePaths(date, mixed, new Set([row.id])),
          new Map([[row.id, eventPath(date, whole.get(row.id) ?? '')]]),
          row.text,
        );
        checked++;
        if (whole.get(row.id) !== (slugify(row.text) || 'event')) suffixed++;
      }
    }
    assert.ok(checked > 10_000, `${checked} events checked`);
    assert.ok(suffixed > 3000, `${suffixed} suffixed slugs`);
  });

  describe('on a store', () => {
    let fx: Fixture;
    before(async () => {
      fx = await makeFixture();
    });
    after(() => fx.close());

    test('pathsOf answers the paths of eventPaths, for cached days and for days not read before', () => {
      const db = fx.store.db;
      const dates = db
        .prepare('SELECT date FROM days ORDER BY date')
        .all()
        .map((r) => String(r['date']));
      const all = eventPaths(db, dates);
      const events = db
        .prepare('SELECT id, date FROM events ORDER BY date, position')
        .all()
        .map((r) => ({ id: asEventId(String(r['id'])), date: String(r['date']) }));
      const sample = events.filter((_, i) => i % 7 === 0);
      const cache = createPathCache();
      const expected = new Map(sample.map((e) => [e.id, all.get(e.id)]));
      assert.deepEqual(cache.pathsOf(db, sample), expected);
      cache.paths(db, dates.slice(0, 10));
      assert.deepEqual(cache.pathsOf(db, sample), expected);
      assert.equal(
        all.get(asEventId('20160428-b05e633a3066')),
        '/news/2016/04/28/united-nations-envoy-for-syria-staffan-de-mistura-appeals-to-the-united-states-and-russia-to-intervene-to-help-revive-the-failing-syrian-pea',
      );
      assert.deepEqual(
        cache.pathsOf(db, [{ id: asEventId('20990101-000000000000'), date: '2099-01-01' }]),
        new Map(),
      );
    });

    test('a change to the store, through this connection or another, gives new paths; a day known in part is made whole when asked whole', () => {
      const db = fx.store.db;
      const cache = createPathCache();
      const id = asEventId('20160428-b05e633a3066');
      const mistura = { id, date: '2016-04-28' };
      const before = eventPaths(db, ['2016-04-28']);
      assert.deepEqual(cache.pathsOf(db, [mistura]), new Map([[id, before.get(id)]]));
      assert.deepEqual(cache.paths(db, ['2016-04-28']), before);
      const text = String(db.prepare('SELECT text FROM events WHERE id = ?').get(id)?.['text']);
      const other = new DatabaseSync(fx.dbFile);
      try {
        db.prepare('UPDATE events SET text = ? WHERE id = ?').run(`Geneva: ${text}`, id);
        const geneva =
          '/news/2016/04/28/geneva-united-nations-envoy-for-syria-staffan-de-mistura-appeals-to-the-united-states-and-russia-to-intervene-to-help-revive-the-failing-sy';
        assert.deepEqual(cache.pathsOf(db, [mistura]), new Map([[id, geneva]]));
        assert.deepEqual(cache.paths(db, ['2016-04-28']), eventPaths(db, ['2016-04-28']));
        assert.equal(cache.paths(db, ['2016-04-28']).get(id), geneva);
        other.prepare('UPDATE events SET text = ? WHERE id = ?').run(`Bern: ${text}`, id);
        const bern =
          '/news/2016/04/28/bern-united-nations-envoy-for-syria-staffan-de-mistura-appeals-to-the-united-states-and-russia-to-intervene-to-help-revive-the-failing-syri';
        assert.deepEqual(cache.pathsOf(db, [mistura]), new Map([[id, bern]]));
        assert.equal(cache.paths(db, ['2016-04-28']).get(id), bern);
      } finally {
        db.prepare('UPDATE events SET text = ? WHERE id = ?').run(text, id);
        other.close();
      }
    });
  });
});
