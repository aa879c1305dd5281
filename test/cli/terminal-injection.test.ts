import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const ROOT = new URL('../../', import.meta.url).pathname;
const DAY = new URL('../../../shared/data/wcep-wikitext/2016-04-28.wiki', import.meta.url);
const TITLE = '\u001b]0;pwned\u0007';
/** What a terminal acts on: every C0 control but line feed, DEL and the C1 controls. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

const tmp = mkdtempSync(join(tmpdir(), 'currents-terminal-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** `./node_modules/.bin/node src/cli/main.ts …`, as a user runs it, output captured raw. */
function currents(args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync('./node_modules/.bin/node', ['src/cli/main.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('terminal injection: {{ESC]0;pwned BEL}} in wikitext and in a file name is printed escaped, never raw', () => {
  const dir = join(tmp, 'days');
  mkdirSync(dir);
  const lines = readFileSync(DAY, 'utf8').split('\n');
  const at = lines.findIndex((l) => l.startsWith('*') && l.includes('[['));
  lines[at] = `${lines[at]} {{${TITLE}}} [[Syria|Sy\u001b[2Jria]]`;
  const name = `2016-04-28${TITLE}.wiki`;
  writeFileSync(join(dir, name), lines.join('\n'));
  // A second, unreadable input whose name carries a CSI sequence, reported as a failure.
  writeFileSync(join(dir, 'empty\u009b31m.wiki'), '');

  const r = currents(['--db', join(tmp, 'store.db'), 'ingest', '--verbose', dir]);
  assert.equal(r.code, 1, r.err);
  assert.doesNotMatch(r.out, RAW_CONTROL);
  assert.doesNotMatch(r.err, RAW_CONTROL);
  // The progress line and the warnings name the file, escaped.
  const shown = `${join(dir, '2016-04-28')}\\x1b]0;pwned\\x07.wiki`;
  assert.match(r.err, new RegExp(`^ingest 1/2 ${shown.replace(/[\\[\].]/g, '\\$&')}$`, 'm'));
  assert.ok(
    r.out.includes(`  ${shown}:${at + 1} (2016-04-28): control characters (U+001B, U+0007, U+001B)`),
    r.out,
  );
  assert.ok(r.out.includes(`${join(dir, 'empty')}\\x9b31m.wiki: input is empty [empty-input]`), r.out);
});

test('terminal injection: a path named on the command line is escaped in the error message', () => {
  const r = currents(['--db', join(tmp, 'store2.db'), 'ingest', join(tmp, `nothing${TITLE}\u001b[2J.wiki`)]);
  assert.equal(r.code, 1);
  assert.doesNotMatch(r.err, RAW_CONTROL);
  assert.equal(
    r.err,
    `currents: ${join(tmp, 'nothing')}\\x1b]0;pwned\\x07\\x1b[2J.wiki: no such file or folder\n`,
  );
});
