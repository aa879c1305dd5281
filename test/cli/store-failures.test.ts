import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openStore } from '../../src/store/open.ts';

const MAIN = new URL('../../src/cli/main.ts', import.meta.url).pathname;
const DAYS = new URL('../../../shared/data/wcep-wikitext/', import.meta.url).pathname;
const MORE_DAYS = new URL('../../../shared/data/wcep-wikitext-eras/', import.meta.url).pathname;
const isRoot = process.getuid?.() === 0;

function cli(args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Exit 1, the cause named, and no "please report it" nor a stack trace. */
function assertNamed(r: { code: number | null; err: string }, cause: RegExp): void {
  assert.equal(r.code, 1, r.err);
  assert.match(r.err, cause);
  assert.doesNotMatch(r.err, /Unexpected error|please report|cannot rollback|\n\s+at /);
}

/** `currents serve` on a free port: the total of one search, or the failure it exited with. */
async function serveSearch(
  db: string,
  q: string,
): Promise<{ total: number } | { code: number | null; err: string }> {
  const child = spawn(
    process.execPath,
    [MAIN, '--db', db, 'serve', '--port', '0', '--out', join(db, '..', 'no-site')],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stderr.on('data', (c) => (err += String(c)));
  const url = await new Promise<string | null>((resolve) => {
    child.stdout.on('data', (c) => {
      out += String(c);
      const m = /at (http:\/\/\S+\/) /.exec(out);
      if (m) resolve(m[1] as string);
    });
    child.on('close', () => resolve(null));
  });
  if (!url) return { code: child.exitCode, err };
  try {
    const answer = (await (await fetch(`${url}api/search?q=${encodeURIComponent(q)}`)).json()) as {
      total: number;
    };
    return { total: answer.total };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('close', resolve));
  }
}

const tmp = mkdtempSync(join(tmpdir(), 'currents-store-failures-'));
const base = join(tmp, 'base.db');
const cleanups: (() => void)[] = [];
after(() => {
  for (const c of cleanups.reverse()) c();
  rmSync(tmp, { recursive: true, force: true });
});
before(() => {
  // A real store, just ingested: its search index is still to be built (as after any ingest).
  const r = cli(['--db', base, 'ingest', DAYS]);
  assert.equal(r.code, 0, r.err);
  openStore(base).db.close();
});

describe('full disk and read-only store are misreported', () => {
  test('on a full disk, ingest, link and serve name the full disk and what to do, exit 1, and lose nothing', async (t) => {
    const mnt = join(tmp, 'full');
    mkdirSync(mnt);
    if (!isRoot || spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mnt]).status !== 0) {
      t.skip(
        'needs root to mount a small tmpfs (the transaction helper is tested with max_page_count in src/store)',
      );
      return;
    }
    cleanups.push(() => spawnSync('umount', [mnt]));
    const db = join(mnt, 'store.db');
    copyFileSync(base, db);
    openStore(db).db.close();
    // Fill the disk, leaving 36 KiB: the store opens, its next real write fails.
    const free = Number(statfsSync(mnt).bavail) * statfsSync(mnt).bsize;
    writeFileSync(join(mnt, 'filler'), Buffer.alloc(free - 36 * 1024));
    const full = /The disk holding the store .*store\.db is full\. Nothing stored was lost.*Free some space/;
    assertNamed(cli(['--db', db, 'ingest', MORE_DAYS]), full);
    assertNamed(cli(['--db', db, 'link']), full);
    const served = await serveSearch(db, 'Kumamoto');
    assert.ok('code' in served, 'serve started on a full disk');
    assertNamed(served, full);
    rmSync(join(mnt, 'filler'));
    const store = openStore(db, { readonly: true });
    try {
      assert.equal(store.db.prepare('PRAGMA integrity_check').get()?.['integrity_check'], 'ok');
      assert.ok(Number(store.db.prepare('SELECT count(*) AS n FROM days').get()?.['n']) >= 25);
    } finally {
      store.db.close();
    }
  });

  test('on a read-only store, ingest and link say it is read-only, and serve answers search as a writable copy does', async (t) => {
    const dir = join(tmp, 'ro');
    mkdirSync(dir);
    const db = join(dir, 'store.db');
    copyFileSync(base, db);
    if (isRoot) {
      // Root ignores file modes: an immutable file is what is read-only to root.
      if (spawnSync('chattr', ['+i', db]).status !== 0) {
        t.skip('running as root where chattr +i does not work: cannot make the store read-only');
        return;
      }
      cleanups.push(() => spawnSync('chattr', ['-i', db]));
    } else chmodSync(db, 0o444);
    const readonly =
      /The store .*store\.db is read-only: this command writes to it\. Make the file and its folder writable/;
    assertNamed(cli(['--db', db, 'ingest', MORE_DAYS]), readonly);
    assertNamed(cli(['--db', db, 'link']), readonly);

    const writable = join(tmp, 'writable.db');
    copyFileSync(base, writable);
    const expected = await serveSearch(writable, 'Kumamoto');
    assert.deepEqual(expected, { total: 4 });
    assert.deepEqual(await serveSearch(db, 'Kumamoto'), expected);
  });

  test('on a read-only file system, the store that cannot be opened, and a site folder that cannot be made, are named with why and what to do', (t) => {
    const src = join(tmp, 'rofs-src');
    const mnt = join(tmp, 'rofs');
    mkdirSync(src);
    mkdirSync(mnt);
    copyFileSync(base, join(src, 'store.db'));
    const bound = isRoot && spawnSync('mount', ['--bind', src, mnt]).status === 0;
    if (!bound) {
      t.skip('needs root to make a read-only bind mount');
      return;
    }
    cleanups.push(() => spawnSync('umount', [mnt]));
    if (spawnSync('mount', ['-o', 'remount,ro,bind', mnt]).status !== 0) {
      t.skip('cannot remount the bind mount read-only');
      return;
    }
    assertNamed(
      cli(['--db', join(mnt, 'store.db'), 'link']),
      /Cannot open the store .*store\.db \(its folder .* is on a read-only file system\)\. SQLite must be able to create/,
    );
    // Building a site into it: Node's recursive mkdir says ENOENT there; the cause is named.
    const copy = join(tmp, 'rofs-build.db');
    copyFileSync(base, copy);
    assertNamed(
      cli(['--db', copy, 'build', '--out', join(mnt, 'site')]),
      /The file system is read-only \(EROFS, mkdir .*rofs\/site[^)]*\)\. Choose a writable place/,
    );
  });
});
