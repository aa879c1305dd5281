import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, test } from 'node:test';
import { XMLValidator } from 'fast-xml-parser';
import { JSDOM } from 'jsdom';
import { writeArticle } from '../../src/store/articles.ts';
import { readEvents } from '../../src/store/events.ts';
import { openStore } from '../../src/store/open.ts';
import { xorshift } from '../ingest/mutate.ts';

const DAYS = new URL('../../../shared/data/wcep-wikitext/', import.meta.url);
const MAIN = new URL('../../src/cli/main.ts', import.meta.url).pathname;

/** What a hostile page carries: raw controls, numeric references to them, surrogates, non-characters. */
const RAW = [
  '\u0001',
  '\u001b]0;pwned\u0007',
  '\u007f',
  '\u0085',
  '\u009b31m',
  '\u000b',
  '\u000c',
  ' \r ',
  '\ufffe',
  '\uffff',
];
const REFS = [
  '&#1;',
  '&#x1b;',
  '&#X1B ',
  '&#0;',
  '&#13;',
  '&#127;',
  '&#xD800;',
  '&#xdfff;',
  '&#xFFFE;',
  '&#65535;',
  '&#x110000;',
  ...Array.from({ length: 32 }, (_, i) => `&#${128 + i};`),
];
const PIECES = [...RAW, ...REFS];
/** References HTML reads as windows-1252 characters (&#128; is €): kept, so not reported. */
const KEPT = new Set(
  REFS.filter((r) => /^&#1[2-5]\d;$/.test(r) && ![129, 141, 143, 144, 157].includes(Number(r.slice(2, -1)))),
);

const tmp = mkdtempSync(join(tmpdir(), 'currents-xml-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * A real day made hostile: pieces injected into event lines, link labels and targets (entity
 * feeds are named after them), storyline lines and source URLs; seeded, so a failure replays.
 */
function hostile(text: string, seed: number): { text: string; lines: number[] } {
  // lines: the 1-based lines that got a piece which must be reported.
  const rnd = xorshift(seed);
  let reported = false;
  const pick = () => {
    const piece = PIECES[Math.floor(rnd() * PIECES.length)] as string;
    if (!KEPT.has(piece)) reported = true;
    return piece;
  };
  const lines = text.split('\n');
  const touched: number[] = [];
  lines.forEach((line, i) => {
    if (!line.startsWith('*') || rnd() < 0.5) return;
    reported = false;
    // Links and URLs first, then one piece at a random space (never inside an earlier piece).
    let l = line.replace(/\[\[([^\]|]{3,})\]\]/, (_, t) => `[[${t.slice(0, 2)}${pick()}${t.slice(2)}]]`);
    l = l.replace(/\[\[([^\]|]+)\|/, (_, t) => `[[${t}|${pick()}`);
    l = l.replace(/\[(https?:\/\/\S+) /, (_, u) => `[${u}${pick()} `);
    const spaces = [...l.matchAll(/ /g)].map((m) => m.index);
    const at = spaces[Math.floor(rnd() * spaces.length)] ?? l.length;
    l = `${l.slice(0, at)}${pick()}${l.slice(at)}`;
    lines[i] = l;
    if (reported) touched.push(i + 1);
  });
  return { text: lines.join('\n'), lines: touched };
}

function cli(args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Checks every .xml file under `out` with XMLValidator and a strict XML 1.0 parser; fails naming the bad ones. */
function checkXml(out: string): { checked: string[]; replaced: number } {
  const files = xmlFiles(out);
  const parser = new new JSDOM('').window.DOMParser();
  const bad: string[] = [];
  let replaced = 0;
  for (const file of files) {
    const xml = readFileSync(file, 'utf8');
    if (xml.includes('\uFFFD')) replaced++;
    const structure = XMLValidator.validate(xml);
    // DOMParser (saxes) is strict XML 1.0: it refuses characters outside the Char production.
    const strict = parser.parseFromString(xml, 'application/xml').getElementsByTagName('parsererror').length;
    if (structure !== true || strict > 0)
      bad.push(`${relative(out, file)}: ${JSON.stringify(structure)} ${strict}`);
  }
  assert.deepEqual(bad, []);
  return { checked: files, replaced };
}

function xmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.xml'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

test('control characters break the feeds: every Atom feed and sitemap of a site built from hostile days is well-formed XML', () => {
  const days = join(tmp, 'days');
  mkdirSync(days);
  const names = readdirSync(DAYS)
    .filter((n) => n.endsWith('.wiki'))
    .sort();
  const injected = new Map<string, number[]>();
  const texts = new Map<string, string>();
  names.forEach((name, k) => {
    const { text, lines } = hostile(readFileSync(new URL(name, DAYS), 'utf8'), 0x5eed + k);
    injected.set(name, lines);
    texts.set(name, text);
    // One day as UTF-16 with a lone surrogate in it (decoded as U+FFFD).
    if (k === 0) {
      const bytes = Buffer.from(text.replace('* ', '* \ud800 '), 'utf16le');
      writeFileSync(join(days, name), Buffer.concat([Buffer.from([0xff, 0xfe]), bytes]));
    } else writeFileSync(join(days, name), text);
  });
  const db = join(tmp, 'hostile.db');
  const ingest = cli(['--db', db, 'ingest', '--verbose', days]);
  assert.equal(ingest.code, 0, ingest.err);
  // Every injected line is reported, with its file, day and line (the first 20 of a page one by one).
  for (const [name, lines] of injected) {
    const date = name.slice(0, 10);
    for (const line of lines.slice(0, 20)) {
      assert.ok(
        ingest.out.includes(`${join(days, name)}:${line} (${date}): control characters (`),
        `no control-character warning for ${name}:${line}: ${JSON.stringify(texts.get(name)?.split('\n')[line - 1])}`,
      );
    }
    if (lines.length > 20) {
      assert.ok(
        ingest.out.includes(
          `${join(days, name)}:${lines[20]} (${date}): ${lines.length - 20} more lines hold control characters`,
        ),
        `no summary warning for ${name}`,
      );
    }
  }
  const out = join(tmp, 'site');
  const build = cli(['--db', db, 'build', '--out', out, '--format', 'html']);
  assert.equal(build.code, 0, build.err);

  const { checked, replaced } = checkXml(out);
  assert.ok(checked.some((f) => f.endsWith('feeds/archive.atom.xml')));
  assert.ok(checked.some((f) => f.endsWith('sitemap.xml')));
  // The hostile text did reach the feeds (as U+FFFD): the check above saw it.
  assert.ok(replaced >= 20, `only ${replaced} XML files carry replaced text`);
});

test('control characters break the feeds: a lede and headline fetched by enrichment with control characters still give well-formed Atom', () => {
  const days = join(tmp, 'enriched-days');
  mkdirSync(days);
  for (const name of readdirSync(DAYS).filter((n) => n.endsWith('.wiki')))
    writeFileSync(join(days, name), readFileSync(new URL(name, DAYS)));
  const db = join(tmp, 'enriched.db');
  assert.equal(cli(['--db', db, 'ingest', days]).code, 0);
  const store = openStore(db);
  let url: string;
  try {
    // The newest events are in the archive feed: give their first source a hostile article.
    const newest = readEvents(store.db)
      .filter((e) => e.sources.length > 0)
      .at(-1);
    assert.ok(newest);
    url = (newest.sources[0] as { url: string }).url;
    writeArticle(store.db, {
      url,
      outcome: 'ok',
      reason: null,
      finalUrl: url,
      archiveUrl: null,
      title: `Head\u0001line \u001b]0;pwned\u0007`,
      siteName: 'Wire\u000b',
      publishedTime: null,
      canonicalUrl: null,
      lang: 'en',
      byline: null,
      lede: `Zorblax lede \u0001\u0002\u001b[2J \ufffe end`,
      excerpt: null,
      charset: 'utf-8',
      enrichedAt: '2026-01-01T00:00:00Z',
    });
  } finally {
    store.db.close();
  }
  const out = join(tmp, 'enriched-site');
  const build = cli(['--db', db, 'build', '--out', out, '--format', 'html']);
  assert.equal(build.code, 0, build.err);
  checkXml(out);
  const archive = readFileSync(join(out, 'feeds/archive.atom.xml'), 'utf8');
  assert.ok(archive.includes('Zorblax lede'), 'the lede is not in the archive feed: the test checks nothing');
});
