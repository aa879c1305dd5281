import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { realEvents } from '../link/_realEvents.ts';
import { asEventId } from '../model/ids.ts';
import { slugsOf } from './model.ts';
import { daySlugs, slugify } from './slug.ts';

const events = realEvents();

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
    // Two real 2016-04-28 texts, and one sharing their first 140 characters.
    const a = events.find((e) =>
      e.text.startsWith('United Nations envoy for Syria Staffan de Mistura appeals'),
    );
    assert.ok(a);
    const same140 = `${Array.from(a.text).slice(0, 140).join('')} (updated)`;
    const slugs = daySlugs([
      { id: asEventId('a'), text: a.text },
      { id: asEventId('b'), text: same140 },
      { id: asEventId('c'), text: a.text.toUpperCase() },
    ]);
    const base =
      'united-nations-envoy-for-syria-staffan-de-mistura-appeals-to-the-united-states-and-russia-to-intervene-to-help-revive-the-failing-syrian-pea';
    assert.deepEqual([...slugs.values()], [base, `${base}-2`, `${base}-3`]);
  });

  test('a text with no letter or digit gets the slug "event"', () => {
    assert.deepEqual([...daySlugs([{ id: asEventId('x'), text: '—…' }]).values()], ['event']);
  });

  test('every real event gets a slug unique on its day, the same every time', () => {
    const slugs = slugsOf(events);
    assert.equal(slugs.size, events.length);
    const seen = new Set<string>();
    for (const e of events) {
      const key = `${e.date}/${slugs.get(e.id)}`;
      assert.ok(!seen.has(key), key);
      seen.add(key);
      assert.match(slugs.get(e.id) ?? '', /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    }
    assert.deepEqual(slugsOf(events), slugs);
  });

  test('property: slugs are stable, unique per day and only a-z0-9 and single dashes', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 200 }), { maxLength: 30 }), (texts) => {
        const evs = texts.map((text, i) => ({ id: asEventId(`e${i}`), text }));
        const one = daySlugs(evs);
        assert.deepEqual(daySlugs(evs), one);
        assert.equal(new Set(one.values()).size, evs.length);
        for (const s of one.values()) assert.match(s, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      }),
    );
  });
});
