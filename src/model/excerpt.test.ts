import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { EXCERPT_CHARS, excerptOf } from './excerpt.ts';

const gold: unknown = JSON.parse(
  readFileSync(new URL('../../../shared/data/articles/gold-ledes.json', import.meta.url), 'utf8'),
);
const ledes = Object.values(gold as Record<string, { lede?: unknown }>)
  .map((g) => g.lede)
  .filter((l): l is string => typeof l === 'string' && l.length > 0);

describe('lede excerpts', () => {
  test('keeps a short lede whole, dateline included', () => {
    const lede = 'GENEVA (AP) — The U.N. envoy for Syria appealed to the U.S. and Russia.';
    assert.equal(excerptOf(lede), lede);
  });

  test('cuts a long real lede at a word boundary with … within 220 characters', () => {
    assert.ok(ledes.length > 20);
    let cut = 0;
    for (const lede of ledes) {
      const flat = lede.replace(/\s+/g, ' ').trim();
      const x = excerptOf(lede);
      assert.ok(Array.from(x).length <= EXCERPT_CHARS, x);
      if (Array.from(flat).length <= EXCERPT_CHARS) {
        assert.equal(x, flat);
        continue;
      }
      cut++;
      assert.ok(x.endsWith('…'));
      const kept = x.slice(0, -1);
      assert.ok(flat.startsWith(kept), 'a prefix of the lede');
      assert.match(flat.slice(kept.length), /^[\s,;:]/, 'cut between words');
    }
    assert.ok(cut > 10, `${cut} ledes were cut`);
  });

  test('the reference excerpt shape: 219 characters and … make exactly 220 when the next word does not fit', () => {
    // The reference's excerpt text, followed by a placeholder word (not AP text) that cannot fit.
    const kept =
      'GENEVA (AP) — The U.N. envoy for Syria appealed to the U.S. and Russia to intervene to help revive Syrian peace talks that sputtered to a pause Wednesday, saying a recent spike in fighting has overshadowed the talks and';
    assert.equal(excerptOf(`${kept} placeholder`), `${kept}…`);
  });
});
