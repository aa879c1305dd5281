// Contract: ingest over every real wikitext day in ../shared/data, checking the invariants of
// issue 2 on every event, and agreement with an independent plain-text rendering of the same days.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeWikitext } from '../../src/ingest/decode.ts';
import { parseDay } from '../../src/ingest/parse.ts';
import { ingestDays } from '../../src/ingest/pipeline.ts';
import { normaliseTitle } from '../../src/ingest/titles.ts';
import { readEvents } from '../../src/store/events.ts';
import { openStore } from '../../src/store/open.ts';
import { bulletLines, realWikitextFiles, renderedDays } from './portal.ts';

const files = realWikitextFiles();

test('contract: the real data is all there (25 + 31 days)', () => {
  assert.equal(files.length, 56);
});

test('contract: every event of every real day keeps the invariants', () => {
  let events = 0;
  for (const f of files) {
    const decoded = decodeWikitext(f.bytes);
    assert.ok(decoded.ok, `${f.path} decodes`);
    const day = parseDay(decoded.text, { origin: f.path });
    const name = f.path.split('/').pop() as string;
    assert.equal(day.date, name.slice(0, 10), `${f.path}: date from the page matches its name`);
    assert.ok(day.events.length > 0, `${f.path} has events`);
    for (const e of day.events) {
      events++;
      const where = `${f.path}:${e.line}`;
      assert.ok(e.text.length > 0, `${where}: text not empty`);
      assert.doesNotMatch(e.text, /\[\[|\]\]|\{\{|\}\}|<ref/i, `${where}: no markup left in "${e.text}"`);
      assert.equal(e.date, day.date, `${where}: event date is the page date`);
      for (const t of e.context) {
        assert.equal(normaliseTitle(t), t, `${where}: context title "${t}" is normalised`);
        assert.doesNotMatch(
          t,
          /^(?:File|Image|Category|Portal|Template|Wikipedia):/,
          `${where}: "${t}" is an article`,
        );
      }
      assert.deepEqual([...e.context].sort(), e.context, `${where}: context sorted`);
      assert.equal(new Set(e.context).size, e.context.length, `${where}: context unique`);
      for (const s of e.sources) {
        assert.match(s.url, /^https?:\/\/[^\s/]+/, `${where}: source URL absolute http(s)`);
        assert.ok(URL.canParse(s.url), `${where}: source URL parses`);
        assert.ok(s.publisher.length > 0, `${where}: publisher named`);
        assert.doesNotMatch(s.url, /web\.archive\.org/, `${where}: original URL recovered from archive.org`);
      }
      for (const own of e.links) assert.ok(e.context.includes(own), `${where}: own link ${own} in context`);
      for (const node of e.storyline)
        for (const l of node.links) assert.ok(e.context.includes(l), `${where}: storyline link in context`);
    }
    // Every bullet is accounted for: an event, a storyline, or both (or reported).
    const accounted = new Set([
      ...day.events.map((e) => e.line),
      ...day.storylines.map((s) => s.line),
      ...day.warnings.filter((w) => w.kind === 'empty-event').map((w) => w.line),
    ]);
    for (const line of bulletLines(decoded.text)) {
      assert.ok(accounted.has(line), `${f.path}:${line}: bullet is neither an event nor a storyline`);
    }
    assert.deepEqual(day.warnings, [], `${f.path}: real day parses without warnings`);
  }
  assert.ok(events > 600, `events found: ${events}`);
});

/** Text as the plain-text rendering writes it: trailing "(Publisher)" groups removed. */
function plain(item: string): string {
  let s = item.trim();
  for (let guard = 0; guard < 10; guard++) {
    const next = s.replace(/\s*\([^()]*(?:\([^()]*\)[^()]*)*\)[\s,]*$/, '').trim();
    if (next === s) break;
    s = next;
  }
  return s.replace(/\s+/g, ' ');
}

test('contract: events agree with an independent plain-text rendering of the same days', (t) => {
  const parsed = files.map((f) => {
    const decoded = decodeWikitext(f.bytes);
    assert.ok(decoded.ok);
    return parseDay(decoded.text, { origin: f.path });
  });
  const rendered = renderedDays(new Set(parsed.map((d) => d.date as string)));
  let compared = 0;
  let matched = 0;
  let categoryMatched = 0;
  let sourced = 0;
  let sourcedFound = 0;
  const misses: string[] = [];
  const categoryMisses: string[] = [];
  let categoryUncompared = 0;
  const unfound: string[] = [];
  for (const day of parsed) {
    const items = rendered.get(day.date as string);
    if (!items) continue;
    const byText = new Map(items.map((i) => [plain(i.item), i]));
    for (const e of day.events) {
      compared++;
      const hit = byText.get(e.text.replace(/\s+/g, ' '));
      if (hit) {
        matched++;
        // The rendering files pages without headings, and its own YAML mishaps ("Storyline:" read as a key), as
        // other categories; those are not compared.
        const comparable =
          hit.category !== 'Uncategorized' && !e.storyline.some((s) => hit.category.startsWith(s.text));
        if (!comparable || day.events.every((x) => x.category === null)) categoryUncompared++;
        else if (hit.category === e.category) categoryMatched++;
        else categoryMisses.push(`${day.date}: ours "${e.category}", rendering "${hit.category}"`);
      } else misses.push(`${day.date}: ${e.text.slice(0, 90)}`);
    }
    // Rendered items ending in "(Publisher)" are sourced events; each should be one of ours.
    const ours = new Set(day.events.map((e) => e.text.replace(/\s+/g, ' ')));
    const storylines = new Set(day.storylines.map((s) => s.text));
    for (const i of items) {
      if (!/\)\s*$/.test(i.item) || plain(i.item) === i.item.trim() || storylines.has(i.item.trim()))
        continue;
      sourced++;
      if (ours.has(plain(i.item))) sourcedFound++;
      else unfound.push(`${day.date}: ${i.item.slice(0, 100)}`);
    }
  }
  const pct = (a: number, b: number) => `${((100 * a) / Math.max(b, 1)).toFixed(1)} %`;
  t.diagnostic(
    `days compared: ${rendered.size}; our events with the same text in the rendering: ${matched}/${compared} (${pct(matched, compared)})`,
  );
  const categoryCompared = matched - categoryUncompared;
  t.diagnostic(
    `same category: ${categoryMatched}/${categoryCompared} (${pct(categoryMatched, categoryCompared)}); rendered sourced items we found: ${sourcedFound}/${sourced} (${pct(sourcedFound, sourced)})`,
  );
  for (const m of misses.slice(0, 15)) t.diagnostic(`not in rendering: ${m}`);
  for (const m of unfound.slice(0, 10)) t.diagnostic(`rendered item not ours: ${m}`);
  for (const m of categoryMisses.slice(0, 10)) t.diagnostic(`category differs: ${m}`);
  assert.ok(rendered.size >= 40, 'most real days have a rendering to compare with');
  // The rendering is of other revisions for some days, so full agreement is not expected.
  assert.ok(matched / compared >= 0.9, `text agreement ${pct(matched, compared)} ≥ 90 %`);
  assert.ok(
    categoryMatched / categoryCompared >= 0.95,
    `category agreement ${pct(categoryMatched, categoryCompared)} ≥ 95 %`,
  );
  assert.ok(sourcedFound / sourced >= 0.9, `sourced items found ${pct(sourcedFound, sourced)} ≥ 90 %`);
});

test('contract: ingesting every real day twice stores each once, unchanged the second time', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'currents-contract-'));
  try {
    const store = openStore(join(dir, 'c.db'));
    const inputs = () => files.map((f) => ({ origin: f.path, bytes: f.bytes }));
    const first = await ingestDays(store.db, inputs());
    assert.equal(first.added, 56);
    assert.deepEqual(first.failed, []);
    const stored = readEvents(store.db);
    assert.equal(stored.length, first.events);
    const second = await ingestDays(store.db, inputs());
    assert.equal(second.unchanged, 56);
    assert.deepEqual(second.changedDays, []);
    assert.deepEqual(readEvents(store.db), stored);
    store.db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
