import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { decodeHTML } from 'entities';
import { type PageState, renderInline } from './inline.ts';
import { parseDay } from './parse.ts';
import { classifyTarget } from './titles.ts';

const DATA = new URL('../../../shared/data/', import.meta.url);
const fresh = (): PageState => ({ namedRefs: new Map() });

/** Every real portal day, parsed. */
function realDays() {
  const out = [];
  for (const dir of ['wcep-wikitext', 'wcep-wikitext-eras']) {
    for (const name of readdirSync(new URL(`${dir}/`, DATA)).filter((f) => f.endsWith('.wiki'))) {
      out.push(parseDay(readFileSync(new URL(`${dir}/${name}`, DATA), 'utf8'), { origin: name }));
    }
  }
  return out;
}

/** What a plain `[[target|label]]trail` shows, read straight from the raw wikitext (an oracle beside the scanner). */
function shownLabels(raw: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of raw.matchAll(/\[\[([^[\]|{}<]+)(?:\|([^[\]{}<]*))?\]\]([a-z]*)/g)) {
    const kind = classifyTarget(m[1] ?? '');
    if (kind.kind !== 'article' || m[2]?.trim() === '') continue;
    const label = decodeHTML(m[2] ?? (m[1] ?? '').replace(/^:/, ''))
      .replace(/'{2,}/g, '')
      .replace(/\s+/g, ' ')
      .trim();
    const list = out.get(kind.title) ?? [];
    list.push(label + (m[3] ?? ''));
    out.set(kind.title, list);
  }
  return out;
}

test('the 2016-04-28 de Mistura event has its five links at the words shown', () => {
  const day = parseDay(readFileSync(new URL('wcep-wikitext/2016-04-28.wiki', DATA), 'utf8'), {
    origin: '2016-04-28.wiki',
  });
  const e = day.events.find((x) => x.text.includes('Staffan de Mistura'));
  assert.ok(e);
  assert.deepEqual(
    e.spans.map((s) => [e.text.slice(s.start, s.end), s.title]),
    [
      ['United Nations', 'United Nations'],
      ['Syria', 'Syria'],
      ['Staffan de Mistura', 'Staffan de Mistura'],
      ['United States', 'United States'],
      ['Russia', 'Russia'],
    ],
  );
  assert.deepEqual(e.spans[0], { start: 0, end: 14, title: 'United Nations' });
});

test('on every real day each span covers the label shown and names one of the event’s own entities', () => {
  let spans = 0;
  let checked = 0;
  for (const day of realDays()) {
    for (const e of day.events) {
      const labels = shownLabels(e.raw);
      let last = 0;
      for (const s of e.spans) {
        spans++;
        assert.ok(
          s.start >= last && s.start < s.end && s.end <= e.text.length,
          `${e.id}: ${JSON.stringify(s)}`,
        );
        last = s.end;
        assert.ok(e.links.includes(s.title), `${e.id}: span title ${s.title} is not among ${e.links}`);
        const slice = e.text.slice(s.start, s.end);
        assert.equal(slice, slice.trim(), `${e.id}: span "${slice}" has edge spaces`);
        const expected = labels.get(s.title);
        if (expected === undefined) continue; // a link written by a template or with markup in its label
        assert.ok(
          expected.includes(slice),
          `${e.id}: span "${slice}" is none of ${JSON.stringify(expected)}`,
        );
        checked++;
      }
    }
  }
  assert.ok(spans > 2500, `only ${spans} spans`);
  assert.ok(checked / spans > 0.97, `only ${checked} of ${spans} spans checked against the raw labels`);
});

test('a glued suffix belongs to the span; namespaces, interwiki links and sources get none', () => {
  const r = renderInline(
    'The [[Indonesia]]n army, [[:fr:Paris|Paris]] and [[Help:Contents|a help page]] and [[Category:X]] [[ Myanmar|  Myanmar  ]]. [http://x.com/a (AP)]',
    fresh(),
  );
  assert.equal(r.text, 'The Indonesian army, Paris and a help page and Myanmar .');
  assert.deepEqual(r.spans, [
    { start: 4, end: 14, title: 'Indonesia' },
    { start: 47, end: 54, title: 'Myanmar' },
  ]);
});

test('a link written by {{ill}} is a span; a link nested in a label does not crash and gets one span', () => {
  const ill = renderInline('Talks in {{ill|Ahmad Shah Massoud Square|fa|میدان احمدشاه مسعود}} end', fresh());
  assert.equal(ill.text, 'Talks in Ahmad Shah Massoud Square end');
  assert.deepEqual(ill.spans, [{ start: 9, end: 34, title: 'Ahmad Shah Massoud Square' }]);
  const nested = renderInline('A [[Foo|the [[Bar]] thing]] b', fresh());
  assert.equal(nested.text, 'A the Bar thing b');
  assert.deepEqual(nested.spans, [{ start: 2, end: 15, title: 'Foo' }]);
});

test('text carrying the private-use marks itself keeps its text and gets no spans', () => {
  const r = renderInline('A \uE000 [[Foo]] \uE001 b', fresh());
  assert.equal(r.text, 'A \uE000 Foo \uE001 b');
  assert.deepEqual(r.spans, []);
});

test('spans survive entities, collapsed whitespace and a leading link', () => {
  const r = renderInline("[[AT&amp;T]]'s  deal\twith [[Time Warner|''Time''   Warner]]", fresh());
  assert.equal(r.text, "AT&T's deal with Time Warner");
  assert.deepEqual(
    r.spans.map((s) => r.text.slice(s.start, s.end)),
    ['AT&T', 'Time Warner'],
  );
});
