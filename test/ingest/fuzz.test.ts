import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeWikitext } from '../../src/ingest/decode.ts';
import { parseDay } from '../../src/ingest/parse.ts';
import { type DayInput, ingestDays } from '../../src/ingest/pipeline.ts';
import { openStore } from '../../src/store/open.ts';
import { corruptBytes, MUTATIONS, realDays, xorshift } from './mutate.ts';

// Replay a failure with FUZZ_SEED=<seed printed in the failure>.
const SEED = Number(process.env['FUZZ_SEED'] ?? 20260425);
const ROUNDS = Number(process.env['FUZZ_ROUNDS'] ?? 10_500);
const MAX_MS_PER_INPUT = 1000;
const LEFTOVER = /\[\[|\]\]|\{\{|\}\}|<ref/i;
/** Kinds that are about one place in the page, so they must say which line. */
const LINE_KINDS = new Set([
  'unclosed-link',
  'unclosed-template',
  'unclosed-tag',
  'unknown-template',
  'unrecognised-line',
  'empty-event',
  'bad-source-url',
  'truncated-page',
]);

/** Checks every promise the parser makes on one input; returns what is wrong, or the number of events. */
function check(text: string, origin: string): string | number {
  const started = performance.now();
  let day: ReturnType<typeof parseDay>;
  try {
    day = parseDay(text, { origin });
  } catch (error) {
    return `threw ${(error as Error).stack}`;
  }
  const ms = performance.now() - started;
  if (ms > MAX_MS_PER_INPUT) return `took ${ms.toFixed(0)} ms (cap ${MAX_MS_PER_INPUT} ms)`;
  const lineCount = text.split('\n').length;
  for (const w of day.warnings) {
    if (!w.kind || !w.message) return `warning without kind or message: ${JSON.stringify(w)}`;
    if (w.origin !== origin) return `warning without origin: ${JSON.stringify(w)}`;
    if (day.date && w.day !== day.date) return `warning without day: ${JSON.stringify(w)}`;
    if (LINE_KINDS.has(w.kind) && w.line === undefined) return `warning without line: ${JSON.stringify(w)}`;
    if (w.line !== undefined && (!Number.isInteger(w.line) || w.line < 1 || w.line > lineCount))
      return `warning line ${w.line} outside 1..${lineCount}: ${JSON.stringify(w)}`;
  }
  for (const e of day.events) {
    if (e.text.trim() === '') return `empty event text at line ${e.line}`;
    if (LEFTOVER.test(e.text)) return `markup left in event text at line ${e.line}: ${e.text.slice(0, 200)}`;
    if (!Number.isInteger(e.line) || e.line < 1 || e.line > lineCount)
      return `event line ${e.line} outside 1..${lineCount}`;
    if (e.date !== day.date) return `event date ${e.date} is not the day's ${day.date}`;
    for (const node of e.storyline)
      if (LEFTOVER.test(node.text))
        return `markup left in a storyline at line ${e.line}: ${node.text.slice(0, 200)}`;
    for (const t of e.context)
      if (t === '' || /[[\]{}|<>\n]/.test(t))
        return `invalid context title at line ${e.line}: ${JSON.stringify(t)}`;
  }
  return day.events.length;
}

test(`fuzz: ${ROUNDS} mutated real days never crash, hang, or leave markup in events (seed ${SEED})`, {
  timeout: 120_000,
}, () => {
  const days = realDays();
  assert.ok(days.length >= 56, `expected the 56 real days, found ${days.length}`);
  const texts = days.map((d) => ({ name: d.name, text: d.bytes.toString('utf8') }));
  const names = Object.keys(MUTATIONS);
  const rnd = xorshift(SEED);
  const counts = new Map<string, number>();
  let events = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const day = texts[round % texts.length] as { name: string; text: string };
    // One to three stacked mutations, so a cut page can also be shuffled, and so on.
    let text = day.text;
    const applied: string[] = [];
    for (let k = 0; k < 1 + Math.floor(rnd() * 3); k++) {
      const name = names[Math.floor(rnd() * names.length)] as string;
      applied.push(name);
      text = (MUTATIONS[name] as (t: string, r: () => number) => string)(text, rnd);
    }
    for (const name of applied) counts.set(name, (counts.get(name) ?? 0) + 1);
    // Half the inputs keep a date only through the origin's name (cut pages lose the template's date).
    const origin = rnd() < 0.5 ? day.name : 'fuzz-input.wiki';
    const problem = check(text, origin);
    if (typeof problem === 'string') {
      assert.fail(
        `seed ${SEED}, round ${round}, day ${day.name}, mutations ${applied.join('+')}: ${problem}\n` +
          `replay: FUZZ_SEED=${SEED} FUZZ_ROUNDS=${round + 1}`,
      );
    }
    events += problem as number;
  }
  for (const name of names) assert.ok((counts.get(name) ?? 0) > 100, `mutation ${name} rarely applied`);
  assert.ok(events > 0, 'mutated days still yield events');
});

test(`fuzz: ${Math.round(ROUNDS / 5)} real days with corrupt bytes decode with an invalid-utf8 line, then parse cleanly (seed ${SEED})`, {
  timeout: 60_000,
}, () => {
  const days = realDays();
  const rnd = xorshift(SEED ^ 0x5bd1e995);
  let refused = 0;
  let flagged = 0;
  for (let round = 0; round < ROUNDS / 5; round++) {
    const day = days[round % days.length] as { name: string; bytes: Buffer };
    const bytes = corruptBytes(day.bytes, rnd);
    const where = `seed ${SEED ^ 0x5bd1e995}, round ${round}, day ${day.name}`;
    let decoded: ReturnType<typeof decodeWikitext>;
    try {
      decoded = decodeWikitext(bytes);
    } catch (error) {
      assert.fail(`${where}: decodeWikitext threw ${(error as Error).stack}`);
    }
    if (!decoded.ok) {
      // Only a NUL byte may make a real day unreadable.
      assert.equal(decoded.kind, 'not-wikitext', `${where}: ${decoded.message}`);
      assert.ok(bytes.includes(0), `${where}: refused without a NUL: ${decoded.message}`);
      refused++;
      continue;
    }
    const bad = decoded.problems.find((p) => p.kind === 'invalid-utf8');
    if (decoded.text.includes('\uFFFD') && !day.bytes.toString('utf8').includes('\uFFFD')) {
      assert.ok(bad, `${where}: U+FFFD in the text but no invalid-utf8 problem`);
      const lines = decoded.text.split('\n');
      assert.ok(bad.line !== undefined && lines[bad.line - 1]?.includes('\uFFFD'), `${where}: wrong line`);
      flagged++;
    }
    const problem = check(decoded.text, day.name);
    if (typeof problem === 'string') assert.fail(`${where}: ${problem}`);
  }
  assert.ok(flagged > ROUNDS / 10, `only ${flagged} inputs had invalid UTF-8 flagged`);
  assert.ok(refused < ROUNDS / 5 / 2, `${refused} inputs refused`);
});

test('adversarial runs of markup in a real day each parse within the per-input cap', () => {
  const day = realDays().find((d) => d.name === '2016-04-28.wiki') as { name: string; bytes: Buffer };
  const text = day.bytes.toString('utf8');
  const at = text.indexOf('\n;Armed') + 1;
  const runs = [
    '[http://a.b/ ', // unclosed external links (each searched to the end of the line: 35 s for 20,000)
    '[[', // unclosed wiki links before a far "]]"
    '<', // unclosed tags
    '[[a|', // piped links never closed
    '{{',
    "'''",
    'http://a.b/',
    '<ref name=a/>',
    '<ref name="',
    '<!--',
    '&amp;',
    '=',
    ';',
    ':',
  ];
  for (const run of runs) {
    for (const where of ['* x ', '']) {
      const input = `${text.slice(0, at)}${where}${run.repeat(5000)}\n${text.slice(at)}`;
      const problem = check(input, day.name);
      assert.equal(typeof problem, 'number', `${JSON.stringify(run)} × 5000: ${problem}`);
    }
    // The same run inside a source's publisher label (labels are cleaned by regexes of their own).
    const label = `* x [http://example.com/a (AP ${run.repeat(10_000).replace(/\]/g, '')})]`;
    const problem = check(`${text.slice(0, at)}${label}\n${text.slice(at)}`, day.name);
    assert.equal(typeof problem, 'number', `${JSON.stringify(run)} × 10,000 in a label: ${problem}`);
  }
});

test(`fuzz: 300 mutated real days through ingestDays into SQLite (seed ${SEED})`, {
  timeout: 120_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'currents-fuzz-'));
  const store = openStore(join(dir, 'fuzz.db'));
  try {
    const days = realDays();
    const names = Object.keys(MUTATIONS);
    const rnd = xorshift(SEED ^ 0x2545f491);
    const inputs: DayInput[] = [];
    for (let round = 0; round < 300; round++) {
      const day = days[round % days.length] as { name: string; bytes: Buffer };
      const name = names[Math.floor(rnd() * names.length)] as string;
      const text = (MUTATIONS[name] as (t: string, r: () => number) => string)(
        day.bytes.toString('utf8'),
        rnd,
      );
      let bytes: Uint8Array = Buffer.from(text);
      if (rnd() < 0.3) bytes = corruptBytes(bytes, rnd);
      // Named like a real file half the time, so a page whose date template was cut still has a date.
      inputs.push({ origin: rnd() < 0.5 ? `fuzz/${round}-${day.name}` : `fuzz/${round}.wiki`, bytes });
    }
    const report = await ingestDays(store.db, inputs);
    assert.equal(report.days + report.failed.length, inputs.length, 'every input a day or a named failure');
    for (const f of report.failed) assert.ok(f.origin.startsWith('fuzz/') && f.message !== '');
    for (const w of report.warnings)
      assert.ok(w.kind && w.message && w.origin?.startsWith('fuzz/'), JSON.stringify(w));
    const db = store.db;
    assert.deepEqual(
      (db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[]).map(
        (r) => r.integrity_check,
      ),
      ['ok'],
    );
    assert.deepEqual(db.prepare('PRAGMA foreign_key_check').all(), []);
    const leftover = db
      .prepare("SELECT count(*) AS n FROM events WHERE text = '' OR text LIKE '%[[%' OR text LIKE '%{{%'")
      .get() as { n: number };
    assert.equal(leftover.n, 0);
    assert.ok(report.events > 0);
  } finally {
    store.db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
