import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli as run } from '../../src/cli/_testRun.ts';

test('regression: a 1 KB page freezes enrich — currents extract ends the 1 MB and 4 MB nested pages with an error in under 2 s each', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'currents-extract-bounded-'));
  try {
    for (const times of [1, 4]) {
      const file = join(dir, `nested-${times}mb.html`);
      writeFileSync(file, `<html><body>${'<b>'.repeat(333333 * times)}<p>x</p>`);
      const started = performance.now();
      const out = await run(['extract', file]);
      const ms = performance.now() - started;
      assert.deepEqual(
        [out.code, out.out, out.err],
        [
          1,
          '',
          `currents: Cannot extract ${file}: page refused: elements nested more than 500 deep (at byte 1506)\n`,
        ],
      );
      assert.ok(ms < 2000, `${times} MB: ${ms.toFixed(0)} ms`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
