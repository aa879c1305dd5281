import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { sampleStore } from '../../../test/publish/_sample.ts';
import { nodeSiteFs } from '../../publish/markdown/_fs.ts';
import { buildInWorker } from './build.ts';

function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of nodeSiteFs(dir).list('.').sort()) out.set(f, readFileSync(join(dir, f), 'latin1'));
  return out;
}

test('a build whose worker runs out of heap is made again in the main thread, with the same files', async () => {
  const sample = await sampleStore();
  try {
    const file = join(sample.dir, 'currents.db');
    // 8 MiB of heap is too little for the build of the 25 real days: the worker alone runs out.
    const worker = new Worker(new URL('./_build-worker.ts', import.meta.url), {
      workerData: { dbFile: file, options: { out: join(sample.dir, 'alone'), format: 'both' } },
      resourceLimits: { maxOldGenerationSizeMb: 8 },
    });
    const [error] = (await once(worker, 'error')) as [NodeJS.ErrnoException];
    assert.equal(error.code, 'ERR_WORKER_OUT_OF_MEMORY');
    const capped = await buildInWorker(file, { out: join(sample.dir, 'tiny'), format: 'both' }, 8);
    const normal = await buildInWorker(file, { out: join(sample.dir, 'normal'), format: 'both' });
    assert.equal(capped.md?.written.length, normal.md?.written.length);
    assert.equal(capped.html?.written.length, normal.html?.written.length);
    assert.ok((capped.html?.written.length ?? 0) > 1000);
    assert.deepEqual(snapshot(join(sample.dir, 'tiny')), snapshot(join(sample.dir, 'normal')));
  } finally {
    sample.dispose();
  }
});
