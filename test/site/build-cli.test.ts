import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli as run } from '../../src/cli/_testRun.ts';
import { sampleStore } from '../fixtures/store.ts';

describe('currents build --format', () => {
  let sample: Awaited<ReturnType<typeof sampleStore>>;
  let db: string;
  before(async () => {
    sample = await sampleStore();
    sample.store.db.close();
    db = join(sample.dir, 'currents.db');
  });
  after(() => rmSync(sample.dir, { recursive: true, force: true }));

  test('html writes the site and no Markdown; a second run writes nothing', async () => {
    const out = join(sample.dir, 'html');
    const first = await run([
      '--db',
      db,
      'build',
      '--format',
      'html',
      '--out',
      out,
      '--base-url',
      'https://news.example.org/x/',
    ]);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /^ {2}html: \d+ rendered, \d+ written, 0 removed$/m);
    assert.doesNotMatch(first.out, /markdown:/);
    assert.ok(existsSync(join(out, 'index.html')) && existsSync(join(out, 'entity/syria.html')));
    assert.equal(existsSync(join(out, 'index.md')), false);
    const feed = readFileSync(join(out, 'feeds/archive.atom.xml'), 'utf8');
    assert.match(feed, /<id>https:\/\/news\.example\.org\/x\/index\.html<\/id>/);
    const again = await run([
      '--db',
      db,
      'build',
      '--format',
      'html',
      '--out',
      out,
      '--base-url',
      'https://news.example.org/x/',
    ]);
    assert.match(again.out, /^Nothing changed since the last build: no file written$/m);
  });

  test('md writes no HTML; the default writes both', async () => {
    const md = join(sample.dir, 'md');
    assert.equal((await run(['--db', db, 'build', '--format', 'md', '--out', md])).code, 0);
    assert.ok(existsSync(join(md, 'index.md')));
    assert.equal(existsSync(join(md, 'index.html')), false);
    const both = join(sample.dir, 'both');
    const r = await run(['--db', db, 'build', '--out', both]);
    assert.equal(r.code, 0, r.err);
    assert.ok(existsSync(join(both, 'index.md')) && existsSync(join(both, 'index.html')));
    assert.ok(
      existsSync(join(both, '.currents-build.json')) && existsSync(join(both, '.currents-build-files.json')),
    );
  });

  test('a bad --format or --base-url is a usage error (exit 2) naming the value', async () => {
    const bad = await run(['--db', db, 'build', '--format', 'pdf', '--out', join(sample.dir, 'x')]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--format must be md, html or both \(got "pdf"\)/);
    const url = await run([
      '--db',
      db,
      'build',
      '--base-url',
      'javascript:alert(1)',
      '--out',
      join(sample.dir, 'x'),
    ]);
    assert.equal(url.code, 2);
    assert.match(url.err, /--base-url must be an http\(s\) URL/);
  });
});
