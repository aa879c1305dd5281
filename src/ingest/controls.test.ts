import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { cleanControls, MAX_CONTROL_WARNINGS } from './controls.ts';
import { decodeWikitext } from './decode.ts';

const REAL = readFileSync(
  new URL('../../../shared/data/wcep-wikitext/2016-04-28.wiki', import.meta.url),
  'utf8',
);

test('a real day without control characters comes out unchanged and without warnings', () => {
  assert.deepEqual(cleanControls(REAL), { text: REAL, problems: [] });
});

test('raw C0 and C1 controls, DEL, U+FFFE and U+FFFF become U+FFFD; VT, FF, CR and NEL a space', () => {
  const { text, problems } = cleanControls(
    'a\u0001b\u001b]0;x\u0007c\u007fd\u0080e\u009ff\ufffeg\uffffh\n\u000bi\u000cj\rk\u0085l\tm',
  );
  assert.equal(text, 'a\uFFFDb\uFFFD]0;x\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg\uFFFDh\n i j k l\tm');
  assert.deepEqual(
    problems.map((p) => [p.kind, p.line]),
    [
      ['control-character', 1],
      ['control-character', 2],
    ],
  );
  assert.match(problems[0]?.message ?? '', /U\+0001, U\+001B, U\+0007, U\+007F, U\+0080, …/);
});

test('numeric references to controls, surrogates and non-characters become U+FFFD; windows-1252 ones are kept', () => {
  const refs =
    '&#1; &#x1b; &#X1B &#0; &#13; &#127; &#129; &#x9D; &#xD800; &#xdfff; &#xFFFE; &#65535; &#x110000; &#99999999999;';
  const kept = '&#9; &#10; &#128; &#133; &#x93; &#159; &#65; &#x1F600; &amp;#1;';
  const { text, problems } = cleanControls(`${refs}\n${kept}`);
  // Each reference in turn: 4 × U+FFFD, a space for &#13;, then 9 × U+FFFD.
  const expected = ['\uFFFD', '\uFFFD', '\uFFFD', '\uFFFD', ' ', ...Array(9).fill('\uFFFD')].join(' ');
  assert.equal(text, `${expected}\n${kept}`);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]?.line, 1);
});

test('a CRLF file reads as LF without a warning, and line numbers stay those of the file', () => {
  const { text, problems } = cleanControls('one\r\ntwo\r\nthree \u0001\r\n');
  assert.equal(text, 'one\ntwo\nthree \uFFFD\n');
  assert.deepEqual(
    problems.map((p) => p.line),
    [3],
  );
});

test('a page full of control characters gives at most MAX_CONTROL_WARNINGS + 1 warnings, the last one counting the rest', () => {
  const page = Array.from({ length: 500 }, (_, i) => `* line ${i} \u001b[31m`).join('\n');
  const { problems } = cleanControls(page);
  assert.equal(problems.length, MAX_CONTROL_WARNINGS + 1);
  assert.deepEqual(
    problems.slice(0, 3).map((p) => p.line),
    [1, 2, 3],
  );
  assert.match(problems.at(-1)?.message ?? '', /^480 more lines hold control characters/);
});

test('decodeWikitext cleans a real day injected with control characters and reports the line', () => {
  const lines = REAL.split('\n');
  const at = lines.findIndex((l) => l.startsWith('*') && l.includes('[['));
  lines[at] = `${lines[at]} &#1; \u0001 \u001b`;
  const decoded = decodeWikitext(new TextEncoder().encode(lines.join('\n')));
  assert.ok(decoded.ok);
  assert.equal(decoded.text.split('\n')[at], `${REAL.split('\n')[at]} \uFFFD \uFFFD \uFFFD`);
  assert.deepEqual(
    decoded.problems.map((p) => [p.kind, p.line]),
    [['control-character', at + 1]],
  );
});

test('UTF-16 LE and BE with a byte-order mark are decoded like the UTF-8 file', () => {
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(REAL, 'utf16le')]);
  const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(REAL, 'utf16le').swap16()]);
  for (const bytes of [le, be]) {
    const decoded = decodeWikitext(bytes);
    assert.ok(decoded.ok);
    assert.equal(decoded.text, REAL);
    assert.deepEqual(decoded.problems, []);
  }
});
