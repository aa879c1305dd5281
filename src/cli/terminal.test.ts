import assert from 'node:assert/strict';
import { test } from 'node:test';
import { terminalLine, terminalText } from './terminal.ts';

test('terminal injection: an OSC title sequence from wikitext is printed as visible escapes, not obeyed', () => {
  assert.equal(terminalText('{{\u001b]0;pwned\u0007}}'), '{{\\x1b]0;pwned\\x07}}');
});

test('every C0 and C1 control but tab and line feed is escaped; text, tab and line feed are kept', () => {
  assert.equal(terminalText('a\tb\nc\rd\u0000e\u007ff\u009bg'), 'a\tb\nc\\x0dd\\x00e\\x7ff\\x9bg');
  assert.equal(terminalText('Zoë — 東京 😀 €'), 'Zoë — 東京 😀 €');
});

test('bidi overrides, lone surrogates and non-characters are escaped too', () => {
  assert.equal(terminalText('abc\u202Efdp.exe'), 'abc\\u202efdp.exe');
  assert.equal(terminalText('x\ud800y\uffff'), 'x\\ud800y\\uffff');
});

test('terminalLine keeps one line: a file name with a line feed cannot forge a second report line', () => {
  assert.equal(terminalLine('a.wiki\nIngested 0 days\tok'), 'a.wiki\\x0aIngested 0 days\\x09ok');
});
