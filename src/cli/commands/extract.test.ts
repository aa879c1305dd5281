import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { windows1252 } from '../../../test/enrich/windows1252.ts';
import { runCli as run } from '../_testRun.ts';

const ARTICLES = fileURLToPath(new URL('../../../../shared/data/articles/', import.meta.url));

const FIELDS = [
  'title',
  'siteName',
  'publishedTime',
  'lede',
  'excerpt',
  'lang',
  'byline',
  'canonicalUrl',
  'charset',
] as const;
type Printed = Record<(typeof FIELDS)[number], string | null>;

/** The printed JSON, checked: exactly the documented keys, in order, each a string or null. */
function parsed(out: string): Printed {
  const value: unknown = JSON.parse(out);
  assert.ok(value !== null && typeof value === 'object' && !Array.isArray(value));
  assert.deepEqual(Object.keys(value), [...FIELDS]);
  const entries = Object.entries(value);
  for (const [key, v] of entries) assert.ok(v === null || typeof v === 'string', `${key} is ${typeof v}`);
  return Object.fromEntries(entries) as Printed;
}

test('currents extract prints the contract fields of a real CNN page as JSON', async () => {
  const r = await run(['extract', join(ARTICLES, 'postlight/www.cnn.com.html')]);
  assert.equal(r.code, 0, r.err);
  const x = parsed(r.out);
  assert.deepEqual(Object.keys(x).slice(0, 6), [
    'title',
    'siteName',
    'publishedTime',
    'lede',
    'excerpt',
    'lang',
  ]);
  assert.equal(x.title, 'Why Donald Trump won’t change');
  assert.equal(x.lang, 'en');
  assert.equal(x.charset, 'utf-8');
  assert.equal(
    x.lede,
    'CNN — Winning the presidency didn’t change Donald Trump – and it’s increasingly clear that actually being president won’t change him either.',
  );
  assert.equal(x.excerpt, x.lede, 'a lede shorter than the excerpt limit is its own excerpt');
  assert.equal(
    x.canonicalUrl,
    'https://www.cnn.com/2016/11/29/politics/donald-trump-transition-presidency/index.html',
  );
});

test('currents extract resolves a relative canonical link against --url and drops it without one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'currents-cli-extract-'));
  try {
    const html = readFileSync(join(ARTICLES, 'readability/aclu/source.html'), 'utf8').replace(
      /<link rel="canonical"[^>]*>/i,
      '<link rel="canonical" href="/blog/facebook-tracking">',
    );
    const file = join(dir, 'page.html');
    writeFileSync(file, html);
    const withUrl = parsed((await run(['extract', file, '--url', 'https://www.aclu.org/blog/x?y=1'])).out);
    assert.equal(withUrl.canonicalUrl, 'https://www.aclu.org/blog/facebook-tracking');
    assert.equal(withUrl.title, 'Facebook Is Tracking Me Even Though I’m Not on Facebook');
    const withoutUrl = parsed((await run(['extract', file])).out);
    assert.notEqual(withoutUrl.canonicalUrl, 'https://www.aclu.org/blog/facebook-tracking');
    assert.doesNotMatch(String(withoutUrl.canonicalUrl), /^file:/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('currents extract honours --content-type for a real page re-encoded in windows-1252', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'currents-cli-extract-'));
  try {
    // Le Monde's real French page, its meta charset removed and its bytes re-encoded: only the header says so.
    const html = readFileSync(join(ARTICLES, 'readability/lemonde-1/source.html'), 'utf8').replace(
      /<meta[^>]*charset[^>]*>/gi,
      '',
    );
    const file = join(dir, 'latin.html');
    writeFileSync(file, windows1252(html).bytes);
    const r = await run(['extract', file, '--content-type', 'text/html; charset=ISO-8859-1']);
    assert.equal(r.code, 0, r.err);
    const x = parsed(r.out);
    assert.equal(x.charset, 'windows-1252');
    assert.equal(x.title, "Le projet de loi sur le renseignement massivement approuvé à l'Assemblée");
    assert.doesNotMatch(r.out, /Ã|\uFFFD/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('currents extract names a missing file and exits 1', async () => {
  const r = await run(['extract', '/nonexistent/story.html']);
  assert.equal(r.code, 1);
  assert.equal(r.out, '');
  assert.match(r.err, /Cannot read \/nonexistent\/story\.html: no such file/);
});

test('currents extract without a file, with two files or with a non-http --url is a usage error', async () => {
  const none = await run(['extract']);
  assert.equal(none.code, 2);
  assert.match(none.err, /Name the page to read/);
  const dir = mkdtempSync(join(tmpdir(), 'currents-cli-extract-'));
  try {
    const file = join(dir, 'a.html');
    copyFileSync(join(ARTICLES, 'postlight/www.cnn.com.html'), file);
    const two = await run(['extract', file, file]);
    assert.equal(two.code, 2);
    assert.match(two.err, /one page at a time/);
    const ftp = await run(['extract', file, '--url', 'ftp://example.com/a']);
    assert.equal(ftp.code, 2);
    assert.match(ftp.err, /--url needs an http\(s\) URL/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('currents extract --help teaches by example', async () => {
  const r = await run(['extract', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.out, /^Usage: currents extract FILE\.html/);
  assert.match(r.out, /currents extract story\.html --url https:\/\//);
});

test('currents extract --text also prints the article body, whose first paragraph is the lede', async () => {
  const r = await run(['extract', join(ARTICLES, 'postlight/www.reuters.com.html'), '--text']);
  assert.equal(r.code, 0, r.err);
  const value: unknown = JSON.parse(r.out);
  assert.ok(value !== null && typeof value === 'object' && 'text' in value && 'lede' in value);
  const { text, lede } = value as { text: unknown; lede: unknown };
  assert.equal(typeof text, 'string');
  assert.match(String(lede), /^WASHINGTON \(Reuters\) - The U\.S\. Federal Reserve raised/);
  const paragraphs = String(text).split('\n\n');
  assert.equal(paragraphs[0], lede);
  assert.ok(paragraphs.length > 10, `${paragraphs.length} paragraphs`);
});
