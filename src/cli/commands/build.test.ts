import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { sampleStore } from '../../../test/fixtures/store.ts';
import { nodeSiteFs } from '../../publish/markdown/_fs.ts';
import { runCli } from '../_testRun.ts';
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
    assert.deepEqual(capped.publish.outputs, normal.publish.outputs);
    assert.equal(capped.publish.written.length, normal.publish.written.length);
    assert.ok(capped.publish.written.length > 1000);
    assert.deepEqual(snapshot(join(sample.dir, 'tiny')), snapshot(join(sample.dir, 'normal')));
  } finally {
    sample.dispose();
  }
});

test('a build without --base-url warns that feeds and sitemap point at the local preview address, and says how to set it', async () => {
  const sample = await sampleStore();
  try {
    const db = join(sample.dir, 'currents.db');
    const local = await runCli(['--db', db, 'build', '--format', 'html', '--out', join(sample.dir, 'a')]);
    assert.equal(local.code, 0);
    assert.match(
      local.err,
      /warning: feeds, sitemap\.xml and robots\.txt point at http:\/\/127\.0\.0\.1:8080\//,
    );
    assert.match(local.err, /--base-url https:\/\/news\.example\.org\//);
    const out = join(sample.dir, 'b');
    const published = await runCli([
      '--db',
      db,
      'build',
      '--format',
      'html',
      '--out',
      out,
      '--base-url',
      'https://news.example.org/',
    ]);
    assert.equal(published.code, 0);
    assert.doesNotMatch(published.err, /warning/);
    assert.match(
      readFileSync(join(out, 'robots.txt'), 'utf8'),
      /^Sitemap: https:\/\/news\.example\.org\/sitemap\.xml$/m,
    );
  } finally {
    sample.dispose();
  }
});
