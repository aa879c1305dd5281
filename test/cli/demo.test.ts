import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli as run } from '../../src/cli/_testRun.ts';

test('currents demo (npm start) builds the bundled sample, and a second run reuses everything', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'currents-demo-'));
  try {
    const args = [
      '--db',
      join(dir, 'c.db'),
      'demo',
      '--no-serve',
      '--enrich-seconds',
      '0',
      '--out',
      join(dir, 'site'),
    ];
    const first = await run(args);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /Ingested 25 days \(25 new/);
    assert.match(
      first.out,
      new RegExp(`The archive is in ${join(dir, 'site').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
    const page = join(
      dir,
      'site/news/2016/04/28/united-nations-envoy-for-syria-staffan-de-mistura-appeals-to-the-united-states-and-russia-to-intervene-to-help-revive-the-failing-syrian-pea.md',
    );
    assert.ok(existsSync(page));
    assert.match(readFileSync(page, 'utf8'), /^### \[2016-04-28\]\(\/news\/2016\/04\/28\/index\.md\)\n/);
    const second = await run(args);
    assert.equal(second.code, 0);
    assert.match(second.out, /0 new, 0 replaced, 25 unchanged/);
    assert.match(second.out, /^Nothing changed since the last build: no file written$/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('npm start (currents demo) then serves the archive and its API until stopped', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'currents-demo-serve-'));
  const main = new URL('../../src/cli/main.ts', import.meta.url).pathname;
  const child = spawn(
    process.execPath,
    [
      main,
      '--db',
      join(dir, 'c.db'),
      'demo',
      '--enrich-seconds',
      '0',
      '--port',
      '0',
      '--out',
      join(dir, 'site'),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c) => {
        out += String(c);
        const m = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`demo exited ${code} before serving: ${out}`)));
    });
    const day = await fetch(`${url}/api/days/2016-04-28`);
    assert.equal(day.status, 200);
    const body = (await day.json()) as { date?: string };
    assert.equal(body.date, '2016-04-28');
    const home = await fetch(`${url}/`);
    assert.equal(home.status, 200);
    assert.match(home.headers.get('content-type') ?? '', /text\/html/);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
