import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { fileInputs } from '../../src/ingest/files.ts';
import { parseDay } from '../../src/ingest/parse.ts';
import { type IngestReport, ingestDays } from '../../src/ingest/pipeline.ts';
import { openStore } from '../../src/store/open.ts';

const DATA = new URL('../../../shared/data/', import.meta.url);
const MAIN = new URL('../../src/cli/main.ts', import.meta.url).pathname;
const real = (dir: string, name: string) => readFileSync(new URL(`${dir}/${name}`, DATA));
const GOOD = '2016-04-28.wiki';
const goodText = real('wcep-wikitext', GOOD).toString('utf8');
const goodEvents = parseDay(goodText, { origin: GOOD }).events.length;

const tmp = mkdtempSync(join(tmpdir(), 'currents-bad-input-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** One bad file (made from real data) next to a good real day, in a fresh folder. */
function batch(
  name: string,
  file: string,
  content: Uint8Array | string,
): { dir: string; bad: string; good: string } {
  const dir = join(tmp, name);
  mkdirSync(dir);
  const bad = join(dir, file);
  const good = join(dir, GOOD);
  writeFileSync(bad, content);
  writeFileSync(good, goodText);
  return { dir, bad, good };
}

function cli(dir: string, files: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [MAIN, '--db', join(dir, 'store.db'), 'ingest', ...files], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function pipeline(
  dir: string,
  files: string[],
): Promise<{ report: IngestReport; events: Map<string, number> }> {
  const store = openStore(join(dir, 'pipeline.db'));
  try {
    const report = await ingestDays(store.db, fileInputs(files));
    const rows = store.db.prepare('SELECT date, count(*) AS n FROM events GROUP BY date').all() as {
      date: string;
      n: number;
    }[];
    return { report, events: new Map(rows.map((r) => [r.date, r.n])) };
  } finally {
    store.db.close();
  }
}

/** The shared expectations: no crash, the bad file named, the good day of the batch fully stored. */
async function check(
  name: string,
  file: string,
  content: Uint8Array | string,
  expect: { code: 0 | 1; kind: string; line?: boolean },
) {
  const b = batch(name, file, content);
  const run = cli(b.dir, [b.bad, b.good]);
  assert.equal(run.code, expect.code, `${name}: exit ${run.code}\n${run.out}\n${run.err}`);
  assert.doesNotMatch(run.err, /at .*\.ts:\d+|TypeError|RangeError/, `${name}: a stack trace\n${run.err}`);
  assert.match(run.out, new RegExp(`${expect.kind}`), `${name}: no ${expect.kind} in the report\n${run.out}`);
  assert.ok(run.out.includes(b.bad), `${name}: the report does not name ${b.bad}\n${run.out}`);
  const { report, events } = await pipeline(b.dir, [b.bad, b.good]);
  const warning = report.warnings.find((w) => w.kind === expect.kind);
  assert.ok(warning, `${name}: no ${expect.kind} warning: ${JSON.stringify(report.warnings)}`);
  assert.equal(warning.origin, b.bad);
  if (expect.line) assert.ok(warning.line !== undefined && warning.line >= 1, `${name}: warning has no line`);
  assert.equal(report.failed.length, expect.code, `${name}: ${JSON.stringify(report.failed)}`);
  if (expect.code === 1) assert.equal(report.failed[0]?.origin, b.bad);
  assert.equal(events.get('2016-04-28'), goodEvents, `${name}: the good day of the batch lost events`);
  return { run, report, events, bad: b.bad };
}

test('an empty file fails by name (exit 1); the rest of the batch goes in', async () => {
  await check('empty', '2016-05-01.wiki', '', { code: 1, kind: 'empty-input' });
});

test('a real HTML article page instead of wikitext fails by name (exit 1)', async () => {
  const html = readFileSync(new URL('articles/readability/aclu/source.html', DATA));
  const r = await check('html', '2016-05-02.wiki', html, { code: 1, kind: 'not-wikitext' });
  assert.match(r.run.out, /HTML page, not wikitext/);
});

test('a real day truncated mid-template keeps every event before the cut, with a truncated-page warning', async () => {
  const text = real('wcep-wikitext-eras', '2018-05-14.wiki').toString('utf8');
  // Cut mid-page, inside a link: the {{Current events|…|content=…}} template wrapping the page stays open.
  const at = text.indexOf('[[', Math.floor(text.length / 2)) + 4;
  assert.ok(at > 4, 'the real day has a link past its middle');
  const cut = text.slice(0, at);
  const before = parseDay(text, { origin: '2018-05-14.wiki' }).events.filter(
    (e) => e.line < cut.split('\n').length,
  );
  const r = await check('truncated', '2018-05-14.wiki', cut, { code: 0, kind: 'truncated-page' });
  const stored = r.events.get('2018-05-14') ?? 0;
  assert.ok(stored >= before.length, `only ${stored} of the ${before.length} events before the cut`);
});

test('an unclosed template and an unclosed link in a real day are warned with their line; no event is dropped', async () => {
  const lines = goodText.split('\n');
  const linkLine = lines.findIndex((l) => l.startsWith('**') && l.includes('[[') && l.includes('[http'));
  const tplLine = lines.findIndex((l, i) => i > linkLine && l.startsWith('**') && l.includes('[http'));
  assert.ok(linkLine > 0 && tplLine > linkLine);
  lines[linkLine] = (lines[linkLine] as string).replace(']]', '');
  lines[tplLine] = (lines[tplLine] as string).replace('[http', '{{cite news|url=http');
  const bad = lines.join('\n');
  const r = await check('unclosed', '2016-04-29.wiki', bad, { code: 0, kind: 'unclosed-link', line: true });
  const kinds = r.report.warnings.filter((w) => w.origin === r.bad).map((w) => `${w.kind}@${w.line}`);
  assert.ok(kinds.includes(`unclosed-link@${linkLine + 1}`), kinds.join(' '));
  assert.ok(kinds.includes(`unclosed-template@${tplLine + 1}`), kinds.join(' '));
  assert.match(r.run.out, new RegExp(`${r.bad}:${linkLine + 1} `));
  // The page says 2016-04-28 and its name 2016-04-29: the page wins, with a date-mismatch warning.
  assert.ok(r.report.warnings.some((w) => w.kind === 'date-mismatch' && w.origin === r.bad));
  const parsed = parseDay(bad, { origin: 'x' });
  assert.equal(parsed.events.length, goodEvents, 'no event dropped by the broken markup');
});

test('invalid UTF-8 in a real day is replaced and warned with its line; every event kept', async () => {
  const bytes = real('wcep-wikitext-eras', '2021-09-11.wiki');
  const text = bytes.toString('utf8');
  const lineNo = text.split('\n').findIndex((l) => l.startsWith('*')) + 1;
  const offset =
    Buffer.byteLength(
      text
        .split('\n')
        .slice(0, lineNo - 1)
        .join('\n'),
    ) + 3;
  const broken = Buffer.concat([
    bytes.subarray(0, offset),
    Buffer.from([0xc3, 0x28, 0xff]),
    bytes.subarray(offset),
  ]);
  const r = await check('utf8', '2021-09-11.wiki', broken, { code: 0, kind: 'invalid-utf8', line: true });
  const w = r.report.warnings.find((x) => x.kind === 'invalid-utf8');
  assert.equal(w?.line, lineNo);
  assert.equal(w?.day, '2021-09-11');
  assert.equal(r.events.get('2021-09-11'), parseDay(text, { origin: 'x' }).events.length);
});

test('a real day without its date template and without a date in its name fails by name (exit 1)', async () => {
  const text = real('wcep-wikitext-eras', '2006-06-14.wiki').toString('utf8');
  const undated = text.replace(/\|\s*year\s*=\s*\d+|\|\s*month\s*=\s*\d+|\|\s*day\s*=\s*\d+/g, '');
  assert.notEqual(undated, text);
  const r = await check('nodate', 'portal-page.wiki', undated, { code: 1, kind: 'no-date' });
  assert.match(r.run.out, /rename the file to its date/);
});

test('a truncated .wiki.gz of a real day fails by name as unreadable (not "too large"), exit 1', async () => {
  const gz = gzipSync(real('wcep-wikitext-eras', '2022-01-18.wiki'));
  const r = await check('gz-truncated', '2022-01-18.wiki.gz', gz.subarray(0, gz.length >> 1), {
    code: 1,
    kind: 'not-wikitext',
  });
  assert.match(r.run.out, /corrupt or truncated \.gz/);
});

test('a .wiki.gz that inflates past the page limit is refused as too-large, exit 1', async () => {
  // A real day followed by 17 MB of spaces: 17 KB gzipped, over the 16 MB cap once inflated.
  const bomb = gzipSync(Buffer.concat([real('wcep-wikitext', GOOD), Buffer.alloc(17 * 2 ** 20, 0x20)]));
  const r = await check('gz-bomb', '2016-05-03.wiki.gz', bomb, { code: 1, kind: 'too-large' });
  assert.match(r.run.out, /over the \d+-byte limit/);
});
