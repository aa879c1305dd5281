import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { readArticles } from '../../store/articles.ts';
import { openStore } from '../../store/open.ts';
import { main } from '../main.ts';
import { networkNote } from './enrich.ts';

function io(): { stdout: PassThrough; stderr: PassThrough; text: () => { out: string; err: string } } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += String(c)));
  stderr.on('data', (c) => (err += String(c)));
  return { stdout, stderr, text: () => ({ out, err }) };
}

test('currents enrich records refused sources without any network and reports the counts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'currents-cli-enrich-'));
  try {
    const file = join(dir, 'currents.db');
    const store = openStore(file);
    store.db
      .prepare(
        "INSERT INTO days (date, title, origin, sha256, raw, parser_version, ingested_at) VALUES ('2016-12-29', 'Portal:Current events/2016 December 29', 'test', 'x', x'00', 1, '2026-01-01T00:00:00Z')",
      )
      .run();
    const urls = ['http://169.254.169.254/latest/meta-data/', 'ftp://ftp.example.com/story.txt'];
    urls.forEach((url, i) => {
      store.db
        .prepare(
          "INSERT INTO events (id, date, position, storyline, text, line, raw) VALUES (?, '2016-12-29', ?, '[]', 't', ?, 'r')",
        )
        .run(`e${i}`, i, i);
      store.db
        .prepare("INSERT INTO sources (event_id, idx, url, publisher, dead_link) VALUES (?, 0, ?, 'P', 0)")
        .run(`e${i}`, url);
    });
    store.db.close();
    const streams = io();
    const code = await main(['--db', file, 'enrich'], streams);
    assert.equal(code, 0);
    assert.equal(
      streams.text().out,
      'Enriched 2 sources: ok 0 · archived 0 · dead 0 · blocked 2 · failed 0\nStore now holds: ok 0 · archived 0 · dead 0 · blocked 2 · failed 0\n',
    );
    const again = openStore(file);
    assert.deepEqual(
      [...readArticles(again.db, urls).values()].map((a) => a.outcome),
      ['blocked', 'blocked'],
    );
    again.db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('currents enrich rejects a non-numeric --limit as bad usage', async () => {
  const streams = io();
  const code = await main(['--db', ':memory:', 'enrich', '--limit', 'many'], streams);
  assert.equal(code, 2);
  assert.match(streams.text().err, /--limit needs a whole number, e\.g\. --limit 50 \(got "many"\)/);
});

test('regression: an offline run poisons the store — currents enrich says when it ran offline and what it cleared', () => {
  assert.equal(networkNote({ offline: false, unreached: 0, forgotten: 0 }), '');
  assert.equal(
    networkNote({ offline: true, unreached: 1, forgotten: 531 }),
    'Cleared 531 records of an earlier offline run (no host had answered) to fetch again.\n' +
      'Ran offline: no host answered (DNS or network down), so 1 source stays not yet fetched (nothing is recorded or shown about it); run `currents enrich` once online.\n',
  );
});
