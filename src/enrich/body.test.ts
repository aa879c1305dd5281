import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  benchmarkPages,
  bodyScore,
  firstParagraph,
  ledeMatches,
  shingleMatch,
} from '../../test/enrich/article-benchmark.ts';
import { goldPages, normalise } from '../../test/enrich/gold.ts';
import { isBoilerplate, isTimestamp } from './_boilerplate.ts';
import { extractArticle } from './extract.ts';
import { extractPage } from './page.ts';

const bench = benchmarkPages();
const results = new Map(bench.map((p) => [p.id, extractPage(p.bytes, { url: p.url })]));

function page(prefix: string) {
  const p = bench.find((b) => b.id.startsWith(prefix));
  const x = p && results.get(p.id);
  if (!p || !x) throw new Error(`no benchmark page ${prefix}`);
  return { page: p, x };
}

test('article body and lede on the public benchmark stay at or above the measured level (F1 ≥ 0.96, lede ≥ 93 %)', (t) => {
  const s = bodyScore(bench.map((p) => shingleMatch(p.body, results.get(p.id)?.text ?? '')));
  const ledes = bench
    .map((p) => ledeMatches(results.get(p.id)?.lede ?? null, p.body))
    .filter((l) => l !== null);
  const right = ledes.filter((l) => l).length;
  t.diagnostic(
    `body F1 ${s.f1.toFixed(3)} (P ${s.precision.toFixed(3)}, R ${s.recall.toFixed(3)}), lede ${right}/${ledes.length}`,
  );
  assert.ok(s.f1 >= 0.96, `body F1 ${s.f1.toFixed(3)}`);
  assert.ok(right / ledes.length >= 0.93, `lede ${right}/${ledes.length}`);
});

test('never takes boilerplate as the lede: a copyright footer, a site blurb, a newsletter promo, a date line (real pages)', () => {
  const cases: [string, RegExp][] = [
    ['156770d6', /^South Dakota Gov\. Kristi Noem \(R\) is defending/],
    ['6ebac05f', /^A New York man pleaded guilty/],
    ['232a43fb', /^Following the 16-inch MacBook Pro, Apple plans/],
    ['55bb6340', /^Brace yourself, Swifties/],
    ['65bf3048', /^Welcome to the new 16-inch MacBook Pro\./],
  ];
  for (const [id, lede] of cases) {
    const { x } = page(id);
    assert.match(x.lede ?? '', lede, id);
    assert.equal(isBoilerplate(x.lede ?? ''), false, id);
  }
});

test('the boilerplate seen as ledes on real pages is recognised as such', () => {
  for (const text of [
    'The contents of this site are ©2019 Capitol Hill Publishing Corp., a subsidiary of News Communications, Inc.',
    'MacRumors attracts a broad audience of both consumers and professionals interested in the latest technologies and products. We also boast an active community focused on purchasing decisions and technical aspects of the iPhone, iPod, iPad, and Mac platforms.',
    'Start your day with the Opening Bell powered by The Water Coolest. The Water Coolest is the preferred bathroom stall reading material of finance professionals.',
    'Monday, November 18, 2019, 04:05 pm PT (07:05 pm ET)',
    'Updated on: November 19, 2019 / 10:07 AM / CBS News',
    'PUBLISHED: 10:48, Tue, Nov 19, 2019 | UPDATED: 11:05, Tue, Nov 19, 2019',
    'Le Monde | 04.05.2015 à 13h36 • Mis à jour le 05.05.2015 à 20h13 | Par Martin Untersinger',
    'We use cookies to give you the best experience. By continuing you accept our cookie policy.',
    'Follow us on Twitter and Facebook.',
    '5 Min Read',
  ]) {
    assert.equal(isBoilerplate(text), true, text);
  }
  assert.equal(isTimestamp('Eat every 2–3 hours'), false);
});

test('at most 1 % of the true bodies’ paragraphs on the benchmark look like boilerplate (no rule eats prose)', () => {
  let flagged = 0;
  let all = 0;
  for (const p of bench) {
    for (const para of p.body.split('\n')) {
      if (!para.trim()) continue;
      all++;
      if (isBoilerplate(para)) flagged++;
    }
  }
  assert.ok(flagged / all <= 0.01, `${flagged}/${all}`);
  for (const g of goldPages()) if (g.gold.lede) assert.equal(isBoilerplate(g.gold.lede), false, g.id);
});

test('keeps the AP dateline paragraph as the lede (HAYWARD, Calif. (AP) — The Latest …)', () => {
  assert.match(page('5caf91b8').x.lede ?? '', /^HAYWARD, Calif\. \(AP\) — The Latest on a deadly stabbing/);
});

test('takes the first paragraph, not a later one, when the first is marked as a summary by its id (WeWork)', () => {
  assert.match(page('1ace8c85').x.lede ?? '', /^WeWork is reportedly being investigated/);
});

test('the body is plain text, paragraphs separated by blank lines, its first paragraph the lede', () => {
  const { page: p, x } = page('042bb7b5');
  const paragraphs = (x.text ?? '').split('\n\n');
  assert.equal(paragraphs[0], x.lede);
  assert.equal(normalise(paragraphs[0]), firstParagraph(p.body));
  assert.ok(
    paragraphs.every((q) => q.length > 0 && !q.includes('\n') && !/[<>]/.test(q.replace(/ [<>] /g, ''))),
  );
  const s = shingleMatch(p.body, x.text ?? '');
  assert.ok(s[0] > 0.95, `TP share ${s[0]}`);
});

test('a drop cap set apart from its word is joined back, and a dateline printed as its own line is kept', () => {
  const salon = goldPages().find((g) => g.id === 'readability/salon-1');
  assert.ok(salon);
  const source = new TextDecoder().decode(salon.bytes);
  const at = source.indexOf('Horror stories about the increasingly');
  assert.ok(at > 0);
  const dropCap = `${source.slice(0, at)}<span class="drop-cap">H</span> ${source.slice(at + 1)}`;
  assert.match(
    extractArticle(dropCap, { url: salon.url }).lede ?? '',
    /^Horror stories about the increasingly/,
  );
  const p = source.lastIndexOf('<p', at);
  const dated = `${source.slice(0, p)}<p>Washington/ New Delhi:</p>${source.slice(p)}`;
  assert.match(
    extractArticle(dated, { url: salon.url }).lede ?? '',
    /^Washington\/ New Delhi: Horror stories/,
  );
});

test('many sibling containers and same-class chunks stay linear: 20,000 of them extract in seconds', () => {
  const chunk =
    '<div class="chunk"><p>Officials said on Tuesday that the talks, which began last week, would go on.</p></div>';
  const html = `<html><body><article>${chunk.repeat(20_000)}</article></body></html>`;
  const started = performance.now();
  const x = extractArticle(html, { url: 'https://news.example/' });
  const ms = performance.now() - started;
  assert.equal(x.lede, 'Officials said on Tuesday that the talks, which began last week, would go on.');
  assert.ok(ms < 10_000, `${ms.toFixed(0)} ms`);
});

test('a pull quote set above the body is not the lede (a fact-check page opening with the claim it checks)', () => {
  assert.match(
    page('1ee91d1f').x.lede ?? '',
    /^In a joint statement published Oct\. 25, the Russian and Syrian defense ministries/,
  );
});
