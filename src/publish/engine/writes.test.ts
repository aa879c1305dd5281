import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { nodeSiteFs } from '../markdown/_fs.ts';
import { threadedWrites } from './writes.ts';

test('files written through the writer thread are on disk with the same bytes after a flush, in batches of any size', () => {
  const root = mkdtempSync(join(tmpdir(), 'currents-writes-'));
  try {
    const fs = threadedWrites(root, nodeSiteFs(root));
    const files = new Map<string, string>();
    // Texts of every size around the batch size, with characters of 1 to 4 UTF-8 bytes.
    for (let i = 0; i < 300; i++)
      files.set(`news/2016/${String(i % 12).padStart(2, '0')}/p${i}.html`, `é€😀<${'x'.repeat(i * 97)}>${i}`);
    files.set('big.json', 'y'.repeat(3 << 20));
    for (const [f, c] of files) fs.write(f, c);
    fs.flush();
    for (const [f, c] of files) assert.equal(readFileSync(join(root, f), 'utf8'), c, f);
    fs.remove('big.json');
    assert.equal(fs.read('big.json'), null);
    fs.close();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a write the writer thread cannot make is thrown with its errno code and path, as a write on this thread would be', () => {
  const root = mkdtempSync(join(tmpdir(), 'currents-writes-'));
  try {
    // A file where a folder must go: writing news/2016/x.html cannot make the folder news/.
    writeFileSync(join(root, 'news'), 'not a folder');
    const fs = threadedWrites(root, nodeSiteFs(root));
    fs.write('news/2016/x.html', '<p>x</p>');
    after(() => assert.throws(() => fs.close()));
    assert.throws(
      () => fs.flush(),
      (e: NodeJS.ErrnoException) => {
        assert.match(String(e.code), /^(EEXIST|ENOTDIR)$/);
        assert.match(e.message, /news/);
        return true;
      },
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
