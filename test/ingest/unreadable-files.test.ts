import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileInputs, listInputFiles } from '../../src/ingest/files.ts';
import { parseDay } from '../../src/ingest/parse.ts';
import { ingestDays } from '../../src/ingest/pipeline.ts';
import { openStore } from '../../src/store/open.ts';

const DATA = new URL('../../../shared/data/wcep-wikitext/', import.meta.url);
const MAIN = new URL('../../src/cli/main.ts', import.meta.url).pathname;
const GOOD = '2016-04-28.wiki';
const UTF16 = '2016-04-21.wiki';
const goodText = readFileSync(new URL(GOOD, DATA), 'utf8');
const utf16Text = readFileSync(new URL(UTF16, DATA), 'utf8');
const eventsOf = (text: string) => parseDay(text, { origin: 'x' }).events.length;

const tmp = mkdtempSync(join(tmpdir(), 'currents-unreadable-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs the CLI without blocking this process, killed after `ms` (a hang is a failure, not a stuck suite). */
function cli(
  args: string[],
  ms = 30_000,
): Promise<{ code: number | null; out: string; err: string; killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += String(c)));
    child.stderr.on('data', (c) => (err += String(c)));
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, ms);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err, killed });
    });
  });
}

test('one bad file aborts a whole ingest: dangling and self-looping symlinks, a FIFO, a socket, a device and a folder named *.wiki are reported by name and skipped; the rest ingests', async () => {
  const dir = join(tmp, 'batch');
  mkdirSync(dir);
  writeFileSync(join(dir, GOOD), goodText);
  symlinkSync('nowhere.wiki', join(dir, 'a-dangling.wiki'));
  symlinkSync('b-loop.wiki', join(dir, 'b-loop.wiki'));
  spawnSync('mkfifo', [join(dir, 'c-fifo.wiki')]);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(join(dir, 'd-socket.wiki'), resolve));
  symlinkSync('/dev/null', join(dir, 'e-device.wiki'));
  mkdirSync(join(tmp, 'somewhere'));
  symlinkSync(join(tmp, 'somewhere'), join(dir, 'f-folder.wiki'));
  try {
    const r = await cli(['--db', join(tmp, 'batch.db'), 'ingest', dir]);
    assert.equal(r.killed, false, 'ingest hung (a FIFO opened for reading?)');
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.err, /Unexpected error|\n\s+at /);
    assert.match(r.out, /^Ingested 1 day \(1 new, 0 replaced, 0 unchanged\): 26 events/);
    const expected: [string, RegExp][] = [
      ['a-dangling.wiki', /no such file or folder \(a dangling symlink\?\)/],
      ['b-loop.wiki', /symlink loop/],
      ['c-fifo.wiki', /is a named pipe \(FIFO\), not a file; skipped/],
      ['d-socket.wiki', /is a socket, not a file; skipped/],
      ['e-device.wiki', /is a device, not a file; skipped/],
      ['f-folder.wiki', /is a folder, not a file; skipped/],
    ];
    assert.match(r.out, /Warnings: 6 \(unreadable-input 6\)/);
    assert.match(r.out, /Failed: 6 inputs not ingested/);
    for (const [name, why] of expected) {
      const line = r.out
        .split('\n')
        .find((l) => l.includes(`${join(dir, name)}:`) && l.includes('[unreadable-input]'));
      assert.ok(line, `no warning names ${name}:\n${r.out}`);
      assert.match(line, why);
    }
  } finally {
    server.close();
  }
});

test('a file that cannot be read (no permission) is reported and skipped; the good file beside it ingests', async (t) => {
  const dir = join(tmp, 'perm');
  mkdirSync(dir);
  chmodSync(tmp, 0o755);
  chmodSync(dir, 0o777);
  writeFileSync(join(dir, GOOD), goodText);
  writeFileSync(join(dir, 'secret.wiki'), goodText);
  chmodSync(join(dir, 'secret.wiki'), 0o000);
  // Root reads any file: run the ingest as "nobody" then, as an ordinary user would meet it.
  const asRoot = process.getuid?.() === 0;
  const probe = asRoot
    ? spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true'])
    : null;
  if (probe && probe.status !== 0) {
    t.skip('running as root without setpriv: cannot make a file unreadable');
    return;
  }
  const argv = [MAIN, '--db', join(dir, 'perm.db'), 'ingest', dir];
  const r = asRoot
    ? spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...argv], {
        encoding: 'utf8',
        timeout: 30_000,
      })
    : spawnSync(process.execPath, argv, { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /Unexpected error|\n\s+at /);
  assert.match(r.stdout, /^Ingested 1 day \(1 new/);
  assert.match(r.stdout, /secret\.wiki: permission denied \(EACCES\) \[unreadable-input\]/);
});

test('a UTF-16 file with a BOM is refused as "a binary file": LE and BE are read like the UTF-8 file', async () => {
  const dir = join(tmp, 'utf16');
  mkdirSync(dir);
  const le = join(dir, 'le-2016-04-21.wiki');
  const be = join(dir, 'be-2016-04-21.wiki');
  writeFileSync(le, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf16Text, 'utf16le')]));
  writeFileSync(be, Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(utf16Text, 'utf16le').swap16()]));
  for (const file of [le, be]) {
    const store = openStore(join(tmp, `${file.endsWith('le-2016-04-21.wiki') ? 'le' : 'be'}.db`));
    try {
      const report = await ingestDays(store.db, fileInputs([file]));
      assert.deepEqual(report.failed, []);
      assert.deepEqual(report.warnings, []);
      assert.equal(report.events, eventsOf(utf16Text));
      const texts = store.db
        .prepare('SELECT text FROM events ORDER BY rowid')
        .all()
        .map((r) => String(r['text']));
      assert.deepEqual(
        texts,
        parseDay(utf16Text, { origin: 'x' }).events.map((e) => e.text),
      );
    } finally {
      store.db.close();
    }
  }
});

test('listInputFiles lists a dangling symlink named *.wiki so it is reported, and fileInputs never opens a FIFO', () => {
  const dir = join(tmp, 'list');
  mkdirSync(dir);
  symlinkSync('gone.wiki', join(dir, 'x.wiki'));
  spawnSync('mkfifo', [join(dir, 'y.wiki')]);
  const files = listInputFiles([dir]);
  assert.deepEqual(files, [join(dir, 'x.wiki'), join(dir, 'y.wiki')]);
  const inputs = [...fileInputs(files)];
  assert.deepEqual(
    inputs.map((i) => [i.origin, i.unreadable, i.bytes.length]),
    [
      [join(dir, 'x.wiki'), 'no such file or folder (a dangling symlink?)', 0],
      [join(dir, 'y.wiki'), 'is a named pipe (FIFO), not a file; skipped', 0],
    ],
  );
});
