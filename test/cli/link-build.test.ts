import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli as run } from '../../src/cli/_testRun.ts';

const PORTAL = new URL('../../../shared/data/wcep-wikitext/', import.meta.url).pathname;

test('currents link and build: help by example, bad usage exits 2, a build writes then writes nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'currents-cli-build-'));
  try {
    const db = join(dir, 'currents.db');
    const out = join(dir, 'site');
    assert.match((await run(['build', '--help'])).out, /currents build --out \/srv\/news --dry-run/);
    assert.match((await run(['link', '--help'])).out, /currents link --rank idf/);
    const badRank = await run(['--db', db, 'link', '--rank', 'popular']);
    assert.equal(badRank.code, 2);
    assert.match(badRank.err, /--rank must be one of reference, idf, recency/);
    const badFormat = await run(['--db', db, 'build', '--format', 'pdf']);
    assert.equal(badFormat.code, 2);
    assert.equal((await run(['--db', db, 'ingest', PORTAL])).code, 0);
    const link = await run(['--db', db, 'link', '--rank', 'idf']);
    assert.equal(link.code, 0);
    assert.match(
      link.out,
      /^Linked 388 events \(rank idf, top 10\): 388 changed, 0 removed, 388 lists recomputed/,
    );
    const dry = await run(['--db', db, 'build', '--out', out, '--dry-run']);
    assert.equal(dry.code, 0);
    assert.match(dry.out, /^\d+ files rendered: \d+ would write, 0 unchanged, 0 would be removed$/m);
    assert.match(dry.out, /^ {2}markdown: 424 rendered, 424 would write, 0 would be removed$/m);
    assert.match(dry.out, / {2}write {2}news\/2016\/04\/28\/index\.md/);
    assert.equal(existsSync(out), false, 'a dry run writes nothing');
    const first = await run(['--db', db, 'build', '--out', out]);
    assert.match(first.out, /^ {2}markdown: 424 rendered, 424 written, 0 removed$/m);
    const day = readFileSync(join(out, 'news/2016/04/28/index.md'), 'utf8');
    assert.match(day, /^# 2016-04-28\n\n\[← 2016-04-21\]\(\/news\/2016\/04\/21\/index\.md\) · \[2016-04\]/);
    assert.match(
      day,
      /\n## International relations\n\n(?:.*\n)*?- Syrian peace process\n {2}- \[United Nations envoy for Syria/,
    );
    const again = await run(['--db', db, 'build', '--out', out]);
    assert.match(again.out, /^Nothing changed since the last build: no file written$/m);
    const full = await run(['--db', db, 'build', '--out', out, '--full']);
    assert.match(full.out, /^ {2}markdown: 424 rendered, 0 written, 0 removed$/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
