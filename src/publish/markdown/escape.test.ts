import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { escapeLine, escapeText, escapeUrl } from './escape.ts';

/** A CommonMark parser as the reader: what it reads back must be exactly what we meant. */
const md = new MarkdownIt('commonmark');

type Token = ReturnType<typeof md.parse>[number];

/** The plain text of inline tokens, or a marker naming any construct we did not mean. */
function plain(tokens: readonly Token[]): string {
  return tokens
    .map((t) => {
      if (t.type === 'text') return t.content;
      if (t.type === 'softbreak' || t.type === 'hardbreak') return `<${t.type}>`;
      return `<${t.type}>`;
    })
    .join('');
}

function blockTypes(tokens: readonly Token[]): string[] {
  return tokens.filter((t) => t.type !== 'inline').map((t) => t.type);
}

const unit = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...'[]()*_`\\<>&#!~|-+=.:;"\'1234567890 \t') },
  { weight: 3, arbitrary: fc.constantFrom(...'abcXYZ') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('&amp;', '&#233;', 'é', '—', '…', 'Ω', '1.', '2)', '***', '---', '```'),
  },
);
const text = fc
  .string({ unit, minLength: 1, maxLength: 40 })
  .map((s) => s.replace(/\s+/g, ' ').trim())
  .filter((s) => s !== '');

describe('Markdown escaping, read back by a CommonMark parser', () => {
  test('a paragraph line reads back as exactly its text', () => {
    fc.assert(
      fc.property(text, (s) => {
        const tokens = md.parse(`${escapeLine(s)}\n`, {});
        assert.deepEqual(blockTypes(tokens), ['paragraph_open', 'paragraph_close'], escapeLine(s));
        assert.equal(plain(tokens[1]?.children ?? []), s);
      }),
      { numRuns: 2000 },
    );
  });

  test('a heading reads back as a level-1 heading with exactly its text', () => {
    fc.assert(
      fc.property(text, (s) => {
        const tokens = md.parse(`# ${escapeLine(s)}\n`, {});
        assert.deepEqual(blockTypes(tokens), ['heading_open', 'heading_close']);
        assert.equal(tokens[0]?.tag, 'h1');
        assert.equal(plain(tokens[1]?.children ?? []), s);
      }),
      { numRuns: 1000 },
    );
  });

  test('a list item holding a storyline reads back as one bullet with exactly its text', () => {
    fc.assert(
      fc.property(text, (s) => {
        const tokens = md.parse(`- ${escapeLine(s)}\n`, {});
        assert.deepEqual(blockTypes(tokens), [
          'bullet_list_open',
          'list_item_open',
          'paragraph_open',
          'paragraph_close',
          'list_item_close',
          'bullet_list_close',
        ]);
        assert.equal(plain(tokens[3]?.children ?? []), s);
      }),
      { numRuns: 1000 },
    );
  });

  test('a related line reads back as one link with its text and URL, then the context', () => {
    const url = fc.constantFrom(
      'https://en.wikipedia.org/wiki/Foo_(bar)',
      'http://example.com/a b)c(d',
      'http://example.com/<x>',
      'http://example.com/back\\slash',
      '/news/2016/04/28/plain.md',
    );
    fc.assert(
      fc.property(text, url, text, (label, href, entity) => {
        const line = `1. [${escapeText(label)}](${escapeUrl(href)}) _Context: ${escapeText(entity)}_\n`;
        const tokens = md.parse(line, {});
        const inline = tokens.find((t) => t.type === 'inline')?.children ?? [];
        const open = inline.findIndex((t) => t.type === 'link_open');
        const close = inline.findIndex((t) => t.type === 'link_close');
        assert.ok(open === 0 && close > open, line);
        assert.equal(inline[open]?.attrGet('href'), md.normalizeLink(href.replace(/ /g, '%20')));
        assert.equal(plain(inline.slice(open + 1, close)), label);
        assert.equal(plain(inline.slice(close + 1)), ` <em_open>Context: ${entity}<em_close>`);
      }),
      { numRuns: 1000 },
    );
  });

  test('regression: a title ending in " #" keeps its #, and "2016." does not start a list', () => {
    assert.equal(escapeLine('Vote on item #'), 'Vote on item \\#');
    assert.equal(escapeLine('2016. A year'), '2016\\. A year');
    assert.equal(escapeText('[Breaking] *news*'), '\\[Breaking\\] \\*news\\*');
    assert.equal(
      escapeUrl('https://en.wikipedia.org/wiki/Foo_(bar)'),
      'https://en.wikipedia.org/wiki/Foo_\\(bar\\)',
    );
  });
});
