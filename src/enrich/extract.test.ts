import assert from 'node:assert/strict';
import { test } from 'node:test';
import { firstWords, goldPages, percent, score } from '../../test/enrich/gold.ts';
import { excerptOf, excerptOf as publishedExcerpt } from '../model/excerpt.ts';
import { extractArticle } from './extract.ts';
import { extractPage } from './page.ts';

const pages = goldPages();
const extractions = pages.map((p) => extractPage(p.bytes, { url: p.url }));
const byId = new Map(pages.map((p, i) => [p.id, extractions[i]]));

function extracted(id: string) {
  const x = byId.get(id);
  if (!x) throw new Error(`no page ${id}`);
  return x;
}

test('extraction accuracy on every real article page against gold-ledes.json (lede ≥ 95 %, title ≥ 98 %)', (t) => {
  assert.equal(pages.length, 49);
  const s = score(pages, extractions);
  const lines = [
    '| field | right | measure |',
    '|---|---|---|',
    `| lede | ${percent(s.lede)} | first 8 words equal gold's (or its alternative) |`,
    `| title | ${percent(s.title)} | whole title, quotes and spaces normalised |`,
    `| published date | ${percent(s.date)} | day (YYYY-MM-DD) |`,
    `| site | ${percent(s.site)} | publisher name, case-insensitive |`,
  ];
  for (const [field, sc] of Object.entries(s)) {
    for (const id of sc.wrong) {
      const page = pages.find((p) => p.id === id);
      const x = extracted(id);
      const pair: Record<string, [string | null, string | null | undefined]> = {
        lede: [firstWords(x.lede, 12), firstWords(page?.gold.lede, 12)],
        title: [x.title, page?.gold.title],
        date: [x.publishedTime, page?.gold.published],
        site: [x.siteName, page?.gold.site],
      };
      const [ours, gold] = pair[field] ?? [null, null];
      lines.push(`wrong ${field} ${id}: ours ${JSON.stringify(ours)} · gold ${JSON.stringify(gold)}`);
    }
  }
  for (const line of lines) t.diagnostic(line);
  assert.ok(s.lede.right / s.lede.of >= 0.95, `lede ${percent(s.lede)}: ${s.lede.wrong.join(', ')}`);
  assert.ok(s.title.right / s.title.of >= 0.98, `title ${percent(s.title)}: ${s.title.wrong.join(', ')}`);
});

test('keeps the dateline in a Reuters lede', () => {
  assert.match(
    extracted('postlight/www.reuters.com').lede ?? '',
    /^WASHINGTON \(Reuters\) - The U\.S\. Federal Reserve raised/,
  );
});

test('keeps the NYT opening paragraph and its dateline, not the lead photo caption', () => {
  assert.match(
    extracted('readability/nytimes-1').lede ?? '',
    /^LONDON — After nearly 20 years of hostile relations/,
  );
});

test('skips a standfirst printed above the body (Salon dek, aktualne perex)', () => {
  assert.match(
    extracted('readability/salon-1').lede ?? '',
    /^Horror stories about the increasingly unpopular taxi service Uber/,
  );
  assert.match(extracted('readability/aclu').lede ?? '', /^I don't use Facebook\./);
});

test('reads a CJK lede whole', () => {
  assert.match(extracted('readability/gmw').lede ?? '', /^翱翔于距地球数千公里的太空中/);
});

test('ledes, titles and excerpts are plain text: no markup, no undecoded entities, no mojibake', () => {
  for (const [i, x] of extractions.entries()) {
    for (const v of [x.lede, x.title, x.excerpt, x.siteName, x.byline]) {
      if (v === null) continue;
      assert.doesNotMatch(
        v,
        /<\/?[a-z][^>]*>|&(?:amp|lt|gt|quot|nbsp|mdash|rsquo);|Ã.|â€|\uFFFD/i,
        `${pages[i]?.id}: ${v.slice(0, 80)}`,
      );
      assert.equal(v, v.replace(/\s+/g, ' ').trim(), `${pages[i]?.id}: whitespace not collapsed`);
    }
  }
});

test('canonical URLs are absolute http(s) and resolved against the page URL', () => {
  for (const [i, x] of extractions.entries()) {
    if (x.canonicalUrl !== null) assert.match(x.canonicalUrl, /^https?:\/\//, pages[i]?.id);
  }
  const html =
    '<html><head><link rel="canonical" href="../story.html"><title>T</title></head><body></body></html>';
  assert.equal(
    extractArticle(html, { url: 'https://news.example/a/b/c.html' }).canonicalUrl,
    'https://news.example/a/story.html',
  );
  const js =
    '<html><head><link rel="canonical" href="javascript:alert(1)"><title>T</title></head><body></body></html>';
  assert.equal(extractArticle(js, { url: 'https://news.example/a' }).canonicalUrl, null);
});

test('a script, style or ad label inside the first paragraph is not part of the lede', () => {
  const page = pages.find((p) => p.id === 'postlight/www.reuters.com');
  const source = new TextDecoder().decode(page?.bytes);
  const at = source.indexOf('The U.S. Federal Reserve raised');
  assert.ok(at > 0);
  const html = `${source.slice(0, at)}<script>document.write("<b>x</b>")</script><style>p{color:red}</style>${source.slice(at)}`;
  const x = extractArticle(html, { url: 'https://www.reuters.com/article/x' });
  assert.equal(x.lede, extracted('postlight/www.reuters.com').lede);
});

test('empty, non-HTML and 20,000-deep inputs give nulls in bounded time instead of throwing (Readability on a deep chain took minutes)', () => {
  const empty = extractArticle('', { url: 'https://news.example/' });
  assert.deepEqual(
    { title: empty.title, lede: empty.lede, canonicalUrl: empty.canonicalUrl },
    { title: null, lede: null, canonicalUrl: null },
  );
  const started = performance.now();
  const deep = `<html><body>${'<div>'.repeat(20_000)}<p>x</p>${'</div>'.repeat(20_000)}</body></html>`;
  assert.equal(extractArticle(deep, { url: 'https://news.example/' }).lede, null);
  const binary = String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
  assert.equal(extractArticle(binary, { url: 'https://news.example/' }).title, null);
  assert.ok(performance.now() - started < 20_000);
});

test('the stored excerpt is the SPEC excerpt of the lede (≤ 220 characters, cut at a word, …), as pages print it', () => {
  const lede = extracted('postlight/www.slate.com').lede ?? '';
  assert.ok(lede.length > 220, 'the Slate lede is long enough to be cut');
  const e = excerptOf(lede);
  assert.ok(Array.from(e).length <= 220, e);
  assert.ok(e.endsWith('…') && lede.startsWith(e.slice(0, -1)), e);
  assert.match(e, /^During the presidential campaign, Donald Trump issued regular promises/);
  assert.equal(excerptOf('GENEVA (AP) — Short.'), 'GENEVA (AP) — Short.');
  assert.equal(excerptOf('word '.repeat(100), 40), `${'word '.repeat(8).trim()}…`); // 39 characters + …
  for (const [i, x] of extractions.entries()) {
    const id = pages[i]?.id;
    assert.equal(x.excerpt, x.lede === null ? null : publishedExcerpt(x.lede), id);
    assert.equal(excerptOf(x.lede ?? ''), publishedExcerpt(x.lede ?? ''), id);
  }
});

test('reads metadata given as value= instead of content= (CNN), and JavaScript date strings as ISO (NBC)', () => {
  assert.equal(extracted('postlight/www.cnn.com').publishedTime, '2016-11-29T10:39:35Z');
  assert.equal(extracted('postlight/www.nbcnews.com').publishedTime, '2016-12-13T18:06:00.000Z');
});

test('names the publisher the title signs with when the metadata has none or another (NYT, Reuters), never a handle or a date', () => {
  assert.equal(extracted('readability/nytimes-1').siteName, 'The New York Times');
  assert.equal(extracted('postlight/www.reuters.com').siteName, 'Reuters');
  assert.equal(extracted('readability/cnn').siteName, 'CNNMoney'); // its title ends in "- Feb. 1, 2016"
  for (const x of extractions) assert.doesNotMatch(x.siteName ?? '', /^@|\d{4}/);
});

test('falls back to Readability when the body has no <p> (a real Reuters page with its paragraphs set as <div>s)', () => {
  const page = pages.find((p) => p.id === 'postlight/www.reuters.com');
  const html = new TextDecoder()
    .decode(page?.bytes)
    .replace(/<p(\s[^>]*)?>/gi, '<div$1>')
    .replace(/<\/p>/gi, '</div>')
    .replace(/<(\/?)h2/gi, '<$1h3');
  const x = extractArticle(html, { url: 'https://www.reuters.com/article/us-usa-fed-idUSKBN1430G4' });
  assert.equal(x.lede, extracted('postlight/www.reuters.com').lede);
});

test('drops double-escaped entity debris before the first words (ABC News: "&#151; -- Hillary Clinton …")', () => {
  assert.match(
    extracted('postlight/abcnews.go.com').lede ?? '',
    /^Hillary Clinton has an explanation for Vladimir Putin's/,
  );
});
