import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { realEvents } from '../link/_realEvents.ts';
import { asEventId, type EventId } from './ids.ts';
import {
  daySlugs,
  eventSlugBase,
  pageSlugBase,
  slugify,
  slugSpace,
  takeSlug,
  withFreshSlugs,
} from './slug.ts';

const events = realEvents();

/** The rule as first written (probe base-2, base-3 … from 2 for every event): the oracle for `daySlugs`. */
function probingSlugs(list: readonly { id: EventId; text: string }[]): Map<EventId, string> {
  const out = new Map<EventId, string>();
  const taken = new Set<string>();
  for (const e of list) {
    const base = slugify(e.text) || 'event';
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    taken.add(slug);
    out.set(e.id, slug);
  }
  return out;
}

const ids = (texts: readonly string[]) => texts.map((text, i) => ({ id: asEventId(`e${i}`), text }));

describe('slugs (SPEC.md rule)', () => {
  test('keeps the first 140 characters, folds accents, joins the rest with one -', () => {
    assert.equal(
      slugify(
        'The U.S. military disciplines more than a dozen personnel for mistakes that led to the bombing of a Médecins Sans Frontières (Doctors Without Borders) hospital',
      ),
      'the-u-s-military-disciplines-more-than-a-dozen-personnel-for-mistakes-that-led-to-the-bombing-of-a-medecins-sans-frontieres-doctors-withou',
    );
    assert.equal(slugify('  Ertuğrul Apakan — “Chief monitor”!  '), 'ertugrul-apakan-chief-monitor');
    assert.equal(slugify('Øresund, Łódź, straße'), 'oresund-lodz-strasse');
  });

  test('an em dash is a separator, not the -a- of a mis-decoded â€” (a reference-page defect)', () => {
    const quartet = events.find((e) => e.text.startsWith('The report of the diplomatic Quartet'));
    assert.ok(quartet);
    assert.equal(
      slugify(quartet.text),
      'the-report-of-the-diplomatic-quartet-to-the-security-council-the-united-nations-russia-the-united-states-and-the-european-union-calls',
    );
  });

  test('same slug on one day: the second gets -2, the third -3 (real titles cut at 140 characters)', () => {
    const a = events.find((e) =>
      e.text.startsWith('United Nations envoy for Syria Staffan de Mistura appeals'),
    );
    assert.ok(a);
    const same140 = `${Array.from(a.text).slice(0, 140).join('')} (updated)`;
    const slugs = daySlugs(ids([a.text, same140, a.text.toUpperCase()]));
    const base =
      'united-nations-envoy-for-syria-staffan-de-mistura-appeals-to-the-united-states-and-russia-to-intervene-to-help-revive-the-failing-syrian-pea';
    assert.deepEqual([...slugs.values()], [base, `${base}-2`, `${base}-3`]);
  });

  test('a text with no letter or digit gets the slug "event", a title with none the page slug "page"', () => {
    assert.deepEqual([...daySlugs(ids(['—…', '!!!'])).values()], ['event', 'event-2']);
    assert.equal(pageSlugBase('!!!'), 'page');
    assert.equal(pageSlugBase('São Paulo'), 'sao-paulo');
  });

  test('a base that looks suffixed ("Foo 2") and a generated foo-2 never collide, in either order', () => {
    assert.deepEqual(
      [...daySlugs(ids(['Foo', 'Foo', 'Foo 2', 'Foo', 'Foo 2'])).values()],
      ['foo', 'foo-2', 'foo-2-2', 'foo-3', 'foo-2-3'],
    );
    assert.deepEqual(
      [...daySlugs(ids(['Foo 2', 'Foo 3', 'Foo', 'Foo', 'Foo', 'Foo'])).values()],
      ['foo-2', 'foo-3', 'foo', 'foo-4', 'foo-5', 'foo-6'],
    );
  });

  test('repeated texts cost one probe each, not one per earlier repeat (a counter per base)', () => {
    const probes = { n: 0 };
    const space = slugSpace();
    const counted = {
      ...space,
      has: (slug: string) => {
        probes.n++;
        return space.has(slug);
      },
    };
    for (let i = 0; i < 10_000; i++) takeSlug(counted, 'foo');
    // One probe for the base, then one per suffix: 1 + 2 × 9,999. The probe loop made ~50M.
    assert.equal(probes.n, 1 + 2 * 9_999);
    assert.equal(takeSlug(space, 'foo'), 'foo-10001');
  });

  test('kept slugs stay; new events take the next free suffix of their base on the day', () => {
    const list = ids(['Foo', 'Foo', 'Foo', 'Bar']);
    const kept = new Map([
      [asEventId('e1'), 'foo'],
      [asEventId('e3'), 'bar-2'],
    ]);
    assert.deepEqual(
      [...daySlugs(list, kept)],
      [
        ['e0', 'foo-2'],
        ['e1', 'foo'],
        ['e2', 'foo-3'],
        ['e3', 'bar-2'],
      ],
    );
  });

  test('every real day gets the slugs the probing rule gave it, unique on the day', () => {
    const slugs = new Map(withFreshSlugs(events).map((e) => [e.id, e.slug]));
    assert.equal(slugs.size, events.length);
    const seen = new Set<string>();
    for (const e of events) {
      const key = `${e.date}/${slugs.get(e.id)}`;
      assert.ok(!seen.has(key), key);
      seen.add(key);
      assert.match(slugs.get(e.id) ?? '', /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    }
    for (const date of new Set(events.map((e) => e.date))) {
      const day = events.filter((e) => e.date === date);
      assert.deepEqual(daySlugs(day), probingSlugs(day));
    }
  });

  test('property: daySlugs equals the probing rule, slugs are unique per day and only a-z0-9 and single dashes', () => {
    const word = fc.constantFrom('Foo', 'foo 2', 'Foo-3', 'bar', 'É', '—', '2', 'foo 2 2', ' ');
    const text = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.array(word, { maxLength: 4 }).map((w) => w.join(' ')),
    );
    fc.assert(
      fc.property(fc.array(text, { maxLength: 40 }), (texts) => {
        const evs = ids(texts);
        const one = daySlugs(evs);
        assert.deepEqual(one, probingSlugs(evs));
        assert.equal(new Set(one.values()).size, evs.length);
        for (const s of one.values()) assert.match(s, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      }),
    );
  });

  test('an event base is its slug, or "event"', () => {
    assert.equal(eventSlugBase('Foo, bar'), 'foo-bar');
    assert.equal(eventSlugBase('…'), 'event');
  });
});
