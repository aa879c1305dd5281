import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHTML } from 'linkedom';
import { linkedText } from './linked-text.ts';

const TEXT = 'United Nations envoy for Syria Staffan de Mistura appeals to Russia.';
const SPANS = [
  { start: 0, end: 14, title: 'United Nations' },
  { start: 25, end: 30, title: 'Syria' },
  { start: 31, end: 49, title: 'Staffan de Mistura' },
  { start: 61, end: 67, title: 'Russia' },
];
const href = (t: string) => `../../entity/${t.toLowerCase().replaceAll(' ', '-')}.html`;

test('shows every link inline, to the entity page, and keeps the text exactly', () => {
  const html = linkedText(TEXT, SPANS, { hrefOf: href });
  const { document } = parseHTML(`<p>${html}</p>`);
  assert.equal(document.querySelector('p')?.textContent, TEXT);
  assert.deepEqual(
    [...document.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href')]),
    [
      ['United Nations', '../../entity/united-nations.html'],
      ['Syria', '../../entity/syria.html'],
      ['Staffan de Mistura', '../../entity/staffan-de-mistura.html'],
      ['Russia', '../../entity/russia.html'],
    ],
  );
});

test('a title without a page stays plain text; a range shows only its part', () => {
  const html = linkedText(TEXT, SPANS, { hrefOf: (t) => (t === 'Syria' ? 'syria.html' : null) });
  assert.equal(
    html,
    'United Nations envoy for <a href="syria.html">Syria</a> Staffan de Mistura appeals to Russia.',
  );
  assert.equal(
    linkedText(TEXT, SPANS, { hrefOf: href, from: 0, to: 24 }),
    '<a href="../../entity/united-nations.html">United Nations</a> envoy for',
  );
});

test('markup in the text or the title is escaped, and bad spans never garble the text', () => {
  const s = 'A <script>x</script> & "q" in Syria';
  const bad = [
    { start: 30, end: 35, title: 'Syria" onmouseover="x' },
    { start: 31, end: 33, title: 'overlap' },
    { start: 30, end: 99, title: 'past the end' },
    { start: 5, end: 2, title: 'backwards' },
  ];
  const html = linkedText(s, bad, { hrefOf: (t) => `x.html?${t}` });
  const { document } = parseHTML(`<p>${html}</p>`);
  assert.equal(document.querySelector('p')?.textContent, s);
  assert.equal(document.querySelectorAll('script').length, 0);
  assert.equal(document.querySelectorAll('a').length, 1);
  assert.equal(document.querySelector('a')?.getAttribute('href'), 'x.html?Syria" onmouseover="x');
  assert.equal(document.querySelector('a')?.getAttribute('onmouseover'), null);
});
