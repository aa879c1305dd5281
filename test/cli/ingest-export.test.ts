import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli as run } from '../../src/cli/_testRun.ts';

const PORTAL = new URL('../../examples/portal/', import.meta.url).pathname;

test('currents --help teaches by example; bad usage exits 2 and says what to do', async () => {
  const help = await run(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /ingest/);
  assert.match(help.out, /Examples:/);
  const ingestHelp = await run(['ingest', '--help']);
  assert.equal(ingestHelp.code, 0);
  assert.match(ingestHelp.out, /currents ingest examples\/portal/);
  const unknown = await run(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /Unknown command "frobnicate"/);
  const nothing = await run(['--db', ':memory:', 'ingest']);
  assert.equal(nothing.code, 2);
  assert.match(nothing.err, /Nothing to ingest/);
  const badFlag = await run(['ingest', '--nope', 'x']);
  assert.equal(badFlag.code, 2);
});

test('currents ingest of the bundled sample, then export events as the JSON Lines contract', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'currents-cli-'));
  try {
    const db = join(dir, 'c.db');
    const ingest = await run(['--db', db, 'ingest', PORTAL]);
    assert.equal(ingest.code, 0, ingest.err);
    assert.match(ingest.out, /Ingested 25 days \(25 new, 0 replaced, 0 unchanged\): (\d+) events/);
    assert.match(ingest.out, /Warnings: 0/);
    assert.match(ingest.err, /ingest 25\/25 /, 'plain progress lines when not on a terminal');
    const events = Number(/: (\d+) events/.exec(ingest.out)?.[1]);
    const exported = await run(['--db', db, 'export', 'events', '--format', 'jsonl']);
    assert.equal(exported.code, 0);
    const lines = exported.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, events);
    for (const e of lines) {
      assert.deepEqual(Object.keys(e), [
        'id',
        'date',
        'category',
        'storyline',
        'text',
        'context',
        'sources',
        'position',
        'links',
      ]);
      // Every link covers words of the text and names one of the event's entities.
      for (const l of e['links'] as { start: number; end: number; title: string }[]) {
        const shown = String(e['text']).slice(l.start, l.end);
        assert.ok(shown !== '' && shown === shown.trim(), `${e['id']}: ${JSON.stringify(l)}`);
        assert.ok((e['context'] as string[]).includes(l.title), `${e['id']}: ${l.title}`);
      }
    }
    const mistura = lines.find((e) =>
      String(e['text']).startsWith('United Nations envoy for Syria Staffan de Mistura'),
    );
    assert.deepEqual(mistura?.['context'], [
      'Russia',
      'Staffan de Mistura',
      'Syria',
      'Syrian peace process',
      'United Nations',
      'United States',
    ]);
    assert.deepEqual(mistura?.['sources'], [
      {
        url: 'http://bigstory.ap.org/article/7da077a315944fdfbc31b377a380046e/un-envoy-appeals-us-russia-help-syria-peace-talks',
        publisher: 'AP',
      },
    ]);
    assert.deepEqual(mistura?.['storyline'], ['Syrian peace process']);
    assert.deepEqual(mistura?.['links'], [
      { start: 0, end: 14, title: 'United Nations' },
      { start: 25, end: 30, title: 'Syria' },
      { start: 31, end: 49, title: 'Staffan de Mistura' },
      { start: 65, end: 78, title: 'United States' },
      { start: 83, end: 89, title: 'Russia' },
    ]);
    const day = await run(['--db', db, 'export', 'events', '--from', '2016-04-28', '--to', '2016-04-28']);
    assert.ok(
      day.out
        .trim()
        .split('\n')
        .every((l) => JSON.parse(l).date === '2016-04-28'),
    );
    const badDate = await run(['--db', db, 'export', 'events', '--from', '2016-13-01']);
    assert.equal(badDate.code, 2);
    const again = await run(['--db', db, 'ingest', PORTAL]);
    assert.match(again.out, /0 new, 0 replaced, 25 unchanged/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('currents ingest names a missing path and exits 1; export needs an existing store', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'currents-cli-'));
  try {
    const missing = await run(['--db', join(dir, 'c.db'), 'ingest', join(dir, 'nope.wiki')]);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /nope\.wiki: no such file or folder/);
    const noStore = await run(['--db', join(dir, 'none.db'), 'export', 'events']);
    assert.equal(noStore.code, 1);
    assert.match(noStore.err, /No Currents store/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the package bin (what `npx currents` runs) starts the CLI', () => {
  const bin = new URL('../../bin/currents.js', import.meta.url).pathname;
  const r = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^currents \d+\.\d+\.\d+\n$/);
  const usage = spawnSync(process.execPath, [bin, 'frobnicate'], { encoding: 'utf8' });
  assert.equal(usage.status, 2);
});
