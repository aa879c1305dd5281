import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ARTICLES_DIR } from '../../test/enrich/gold.ts';
import { windows1252 } from '../../test/enrich/windows1252.ts';
import { decodeHtml } from './charset.ts';
import { extractPage } from './page.ts';

/** A real page's text with every charset declaration removed (so each test declares its own). */
function realPage(path: string): string {
  return readFileSync(new URL(path, ARTICLES_DIR), 'utf8').replace(/<meta[^>]*charset[^>]*>/gi, '');
}

/** The real page with one declaration put back at the top of its head. */
function declaring(html: string, meta: string): string {
  return html.replace(/<head[^>]*>/i, (h) => `${h}${meta}`);
}

const utf8 = (s: string) => new TextEncoder().encode(s);
const LEMONDE = realPage('readability/lemonde-1/source.html');
const NYT = realPage('readability/nytimes-2/source.html');

test('real French text re-encoded in windows-1252 decodes by the header charset', () => {
  const page = windows1252(LEMONDE);
  for (const label of ['windows-1252', 'ISO-8859-1', 'latin1', 'cp1252', '"iso-8859-1"']) {
    const d = decodeHtml(page.bytes, { contentType: `text/html; charset=${label}` });
    assert.equal(d.charset, 'windows-1252', label);
    assert.equal(d.text, page.text, label);
  }
  assert.match(page.text, /massivement approuvé à l'Assemblée/);
});

test('curly quotes in the 0x80–0x9F range survive a latin1 label (WHATWG: latin1 means windows-1252)', () => {
  const page = windows1252(NYT);
  assert.ok(page.bytes.includes(0x92), 'the NYT page has right single quotes, byte 0x92 in windows-1252');
  const d = decodeHtml(page.bytes, { contentType: 'text/html; charset=iso-8859-1' });
  assert.equal(d.text, page.text);
  assert.match(d.text, /Yahoo’s Sale to Verizon/);
});

test('without a header the <meta charset> and <meta http-equiv> of a windows-1252 page are honoured', () => {
  for (const meta of [
    '<meta charset="windows-1252">',
    '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
  ]) {
    const page = windows1252(declaring(LEMONDE, meta));
    const d = decodeHtml(page.bytes);
    assert.equal(d.charset, 'windows-1252', meta);
    assert.equal(d.text, page.text, meta);
  }
});

test('with no charset anywhere, windows-1252 bytes are sniffed as windows-1252 and UTF-8 bytes as UTF-8', () => {
  const latin = windows1252(LEMONDE);
  assert.deepEqual(decodeHtml(latin.bytes), { text: latin.text, charset: 'windows-1252' });
  assert.deepEqual(decodeHtml(utf8(LEMONDE)), { text: LEMONDE, charset: 'utf-8' });
  assert.deepEqual(decodeHtml(utf8(LEMONDE), { contentType: 'text/html' }), {
    text: LEMONDE,
    charset: 'utf-8',
  });
});

test('a wrong header (UTF-8) on a windows-1252 page that says so in its meta: the bytes and the meta win', () => {
  const page = windows1252(declaring(LEMONDE, '<meta charset="iso-8859-1">'));
  const d = decodeHtml(page.bytes, { contentType: 'text/html; charset=utf-8' });
  assert.equal(d.charset, 'windows-1252');
  assert.equal(d.text, page.text);
});

test('a wrong header (ISO-8859-1, a common server default) on a UTF-8 page with meta UTF-8 gives no mojibake', () => {
  const html = declaring(LEMONDE, '<meta charset="utf-8">');
  const d = decodeHtml(utf8(html), { contentType: 'text/html; charset=ISO-8859-1' });
  assert.doesNotMatch(d.text, /Ã©|Ã /);
  assert.equal(d.text, html);
});

test('a wrong meta (windows-1252) on a page whose bytes are UTF-8 gives no mojibake', () => {
  const html = declaring(LEMONDE, '<meta charset="windows-1252">');
  const d = decodeHtml(utf8(html));
  assert.equal(d.charset, 'utf-8');
  assert.equal(d.text, html);
});

test('unknown or empty charset labels fall through to the meta or the sniff, never throw', () => {
  const page = windows1252(declaring(LEMONDE, '<meta charset="x-no-such-charset">'));
  for (const contentType of [
    'text/html; charset=x-unknown',
    'text/html; charset=',
    'text/html; charset="',
    ';;;',
  ]) {
    const d = decodeHtml(page.bytes, { contentType });
    assert.equal(d.charset, 'windows-1252', contentType);
    assert.equal(d.text, page.text, contentType);
  }
});

test('a byte-order mark beats a header and a meta that say otherwise (UTF-8 and UTF-16)', () => {
  const html = declaring(LEMONDE, '<meta charset="windows-1252">');
  const withBom = Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8(html)]);
  assert.deepEqual(decodeHtml(withBom, { contentType: 'text/html; charset=windows-1252' }), {
    text: html,
    charset: 'utf-8',
  });
  const le = Uint8Array.from([0xff, 0xfe, ...Buffer.from(html, 'utf16le')]);
  const d = decodeHtml(le, { contentType: 'text/html; charset=iso-8859-1' });
  assert.equal(d.charset, 'utf-16le');
  assert.equal(d.text, html);
});

test('a real page decoded from windows-1252 bytes extracts the same title and lede as from UTF-8', () => {
  const original = readFileSync(new URL('readability/lemonde-1/source.html', ARTICLES_DIR));
  const url =
    'http://www.lemonde.fr/pixels/article/2015/05/04/que-contient-la-loi-sur-le-renseignement_4627068_4408996.html';
  const fromUtf8 = extractPage(original, { url, contentType: 'text/html; charset=utf-8' });
  const page = windows1252(LEMONDE);
  const fromLatin = extractPage(page.bytes, { url, contentType: 'text/html; charset=windows-1252' });
  assert.equal(fromLatin.charset, 'windows-1252');
  assert.equal(fromLatin.title, fromUtf8.title);
  assert.equal(fromLatin.lede, fromUtf8.lede);
  assert.match(fromLatin.lede ?? '', /^Les députés ont, sans surprise, adopté à une large majorité/);
});

test('a real Chinese UTF-8 page whose meta or header says gb2312 decodes as UTF-8, title and lede without mojibake', () => {
  const bytes = readFileSync(new URL('readability/gmw/source.html', ARTICLES_DIR));
  const right = extractPage(bytes, { url: 'https://tech.gmw.cn/' });
  assert.equal(right.title, '宇航员在太空中喝酒会怎么样？后果很严重');
  const html = declaring(realPage('readability/gmw/source.html'), '<meta charset="gb2312">');
  for (const [page, contentType] of [
    [utf8(html), undefined],
    [bytes, 'text/html; charset=gb2312'],
    [utf8(declaring(realPage('readability/gmw/source.html'), '<meta charset="shift_jis">')), 'text/html'],
  ] as const) {
    const d = decodeHtml(page, contentType ? { contentType } : {});
    assert.equal(d.charset, 'utf-8');
    const x = extractPage(
      page,
      contentType ? { url: 'https://tech.gmw.cn/', contentType } : { url: 'https://tech.gmw.cn/' },
    );
    assert.equal(x.title, right.title);
    assert.equal(x.lede, right.lede);
    assert.match(x.lede ?? '', /^[\u3400-\u9fff]/);
  }
});

test('gb2312 bytes that are not UTF-8 are still read as gb2312 (the label stands when the bytes are not UTF-8)', () => {
  // "光明网" in GB2312 (bytes as a GB2312 page stores them) is not valid UTF-8.
  const gb = new Uint8Array([0xb9, 0xe2, 0xc3, 0xf7, 0xcd, 0xf8]);
  const page = new Uint8Array([
    ...utf8('<html><head><meta charset="gb2312"><title>'),
    ...gb,
    ...utf8('</title></head></html>'),
  ]);
  const d = decodeHtml(page);
  assert.equal(d.charset, 'gbk');
  assert.match(d.text, /<title>光明网<\/title>/);
});
