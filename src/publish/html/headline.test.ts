import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { realEvents } from '../../link/_realEvents.ts';
import { cutAtWord, firstSentenceEnd, headline } from './headline.ts';

/** Every item of the independent plain-text rendering of the portal for three eras (22k real texts). */
function renderedItems(): string[] {
  const items: string[] = [];
  for (const year of ['2005', '2016', '2022']) {
    const url = new URL(`../../../../shared/data/wcep-daily-yaml/${year}.jsonl.gz`, import.meta.url);
    for (const line of gunzipSync(readFileSync(url)).toString('utf8').split('\n')) {
      if (!line) continue;
      const day = JSON.parse(line) as { categories: Record<string, string[]> | null };
      for (const list of Object.values(day.categories ?? {})) items.push(...list);
    }
  }
  return items;
}

test('the de Mistura event is headed by its first sentence, and the rest of its text goes under it', () => {
  const e = realEvents().find((x) => x.text.startsWith('United Nations envoy for Syria Staffan de Mistura'));
  assert.ok(e);
  const h = headline(e.text);
  assert.equal(
    h.text,
    'United Nations envoy for Syria Staffan de Mistura appeals to the United States and Russia to intervene to help revive the failing Syrian peace talks.',
  );
  assert.ok(e.text.slice(h.rest).startsWith('He stressed fighting needs to decrease'));
});

test('dotted initials, single initials and titles do not end a sentence', () => {
  assert.equal(firstSentenceEnd('U.S. Secretary of State John Kerry leaves for Moscow. He meets Putin.'), 53);
  assert.equal(
    headline('American author M. Scott Peck, M.D. dies at 69. He wrote books.').text,
    'American author M. Scott Peck, M.D. dies at 69.',
  );
  assert.equal(headline('Gen. Petraeus resigns. More follows.').text, 'Gen. Petraeus resigns.');
  assert.equal(headline('He says "no." Then he leaves.').text, 'He says "no."');
  assert.equal(
    headline('A fire at No. 10 Downing Street. Nobody is hurt.').text,
    'A fire at No. 10 Downing Street.',
  );
  assert.equal(headline('One sentence only').rest, 'One sentence only'.length);
});

test('a long first sentence is cut at a word boundary with an ellipsis, and the whole text goes under it', () => {
  const long = `${'word '.repeat(60)}end. Second.`;
  const h = headline(long, 160);
  assert.equal(h.rest, 0);
  assert.ok(h.text.endsWith('word…'), h.text);
  assert.ok(h.text.length <= 161);
  assert.equal(cutAtWord('alpha beta gamma', 12), 'alpha beta…');
  assert.equal(cutAtWord('alpha beta', 12), 'alpha beta');
});

test('over 22k real portal texts every headline fits and nothing of the text is lost', () => {
  const items = renderedItems();
  assert.ok(items.length > 20_000);
  let cut = 0;
  for (const t of items) {
    const h = headline(t);
    assert.ok(h.text.length <= 161, h.text);
    if (h.rest === 0 && h.text !== t) {
      cut++;
      assert.ok(h.text.endsWith('…'), h.text);
      assert.ok(t.startsWith(h.text.slice(0, -1)), t);
    } else {
      // Headline and the text under it are the whole text, split at a space.
      assert.equal(`${h.text}${t.slice(h.text.length, h.rest)}${t.slice(h.rest)}`, t);
      assert.match(t.slice(h.text.length, h.rest), /^\s*$/);
    }
  }
  // Most portal events have a first sentence short enough to head their page as is.
  assert.ok(cut / items.length < 0.25, `${cut} of ${items.length} cut`);
});
