import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { type ServeFixture, serveFixture } from '../../../test/fixtures/serve.ts';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

/** Runs `currents …` as a child process; resolves on the first stdout line matching `ready` (or on exit). */
function start(args: string[], ready = /^$/) {
  const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (c: string) => {
    stderr += c;
  });
  const exited = once(child, 'exit').then(([code]) => code as number);
  const line = new Promise<string>((resolve) => {
    child.stdout.on('data', (c: string) => {
      stdout += c;
      const m = stdout.split('\n').find((l) => ready.test(l));
      if (m) resolve(m);
    });
    void exited.then(() => resolve(''));
  });
  return { child, line, exited, out: () => stdout, err: () => stderr };
}

describe('currents serve (the command)', () => {
  let fx: ServeFixture;
  before(async () => {
    fx = await serveFixture();
  });
  after(() => fx.dispose());

  test('port 0 prints the chosen URL, serves the API and the site, and stops cleanly on SIGTERM', async () => {
    const run = start(['--db', fx.dbFile, 'serve', '--out', fx.site, '--port', '0'], /^Serving /);
    const line = await run.line;
    const url = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(line)?.[1];
    assert.ok(url, `a URL in: ${line} ${run.err()}`);
    assert.equal(line, `Serving ${fx.site}/ and the API at ${url} (Ctrl-C stops)`);
    const day = await fetch(`${url}api/days/2016-04-28`);
    assert.equal(day.status, 200);
    assert.equal(((await day.json()) as { eventCount: number }).eventCount, 26);
    const page = await fetch(`${url}news/2016/04/28/`);
    assert.match(await page.text(), /<title>2016-04-28<\/title>/);
    run.child.kill('SIGTERM');
    assert.equal(await run.exited, 0);
    assert.match(run.out(), /Stopped\.\n$/);
    assert.match(run.err(), /SIGTERM, closing/);
  });

  test('SIGTERM always stops serve within a few seconds, even with a huge answer in flight to a client that does not read it', async () => {
    // A real file (two years of portal summaries, 8 MiB) too big to sit whole in the sockets' buffers.
    const years = ['2020', '2021'].map((y) =>
      gunzipSync(
        readFileSync(
          fileURLToPath(new URL(`../../../../shared/data/wcep-daily-yaml/${y}.jsonl.gz`, import.meta.url)),
        ),
      ),
    );
    writeFileSync(join(fx.site, 'years.jsonl'), Buffer.concat(years));
    const run = start(['--db', fx.dbFile, 'serve', '--out', fx.site, '--port', '0'], /^Serving /);
    const port = Number(/:(\d+)\//.exec(await run.line)?.[1]);
    const stuck = connect(port, '127.0.0.1');
    stuck.on('error', () => {});
    stuck.write('GET /years.jsonl HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    stuck.pause();
    const slow = connect(port, '127.0.0.1');
    slow.on('error', () => {});
    slow.write('GET /api HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const day = fetch(`http://127.0.0.1:${port}/api/days/2016-04-28?limit=200`).then((r) => r.status);
    await new Promise((r) => setTimeout(r, 300));
    const sent = performance.now();
    run.child.kill('SIGTERM');
    assert.equal(await run.exited, 0);
    const took = performance.now() - sent;
    stuck.destroy();
    slow.destroy();
    assert.equal(await day, 200);
    assert.ok(took < 3_000, `exited ${Math.round(took)} ms after SIGTERM`);
    assert.match(run.out(), /Stopped\.\n$/);
  });

  test('serves the API alone, saying so, when the site was not built yet', async () => {
    const run = start(
      ['--db', fx.dbFile, 'serve', '--out', join(fx.dir, 'not-built'), '--port', '0'],
      /^Serving /,
    );
    const url = /(http:\/\/\S+\/) /.exec(await run.line)?.[1];
    assert.equal((await fetch(`${url}api/search?q=Syria`)).status, 200);
    assert.equal((await fetch(`${url}`)).status, 404);
    run.child.kill('SIGINT');
    assert.equal(await run.exited, 0);
    assert.match(
      run.err(),
      /no built site at .*not-built\/ yet \(run `currents build`\); serving the API only/,
    );
  });

  test('a bad --port is a usage error (exit 2); a missing store exits 1 naming it', async () => {
    const port = start(['--db', fx.dbFile, 'serve', '--port', 'eighty']);
    assert.equal(await port.exited, 2);
    assert.match(port.err(), /--port needs a number from 0 to 65535, e\.g\. --port 8080 \(got "eighty"\)/);
    const missing = start(['--db', join(fx.dir, 'none.db'), 'serve', '--port', '0']);
    assert.equal(await missing.exited, 1);
    assert.match(missing.err(), /No Currents store at .*none\.db: run `currents ingest` first/);
  });

  test('starts while another process writes the store, and indexes for search at start otherwise', async () => {
    fx.store.db.exec("UPDATE events SET text = text || ' Wibbleword' WHERE date = '2016-04-21'");
    const writer = new DatabaseSync(fx.dbFile, { timeout: 1_000 });
    writer.exec('BEGIN IMMEDIATE');
    const busy = start(['--db', fx.dbFile, 'serve', '--out', fx.site, '--port', '0'], /^Serving /);
    const url = /(http:\/\/\S+\/) /.exec(await busy.line)?.[1];
    assert.match(busy.err(), /the store is being written; search catches up on the next query/);
    writer.exec('COMMIT');
    writer.close();
    const found = (await (await fetch(`${url}api/search?q=wibbleword`)).json()) as { total: number };
    assert.equal(found.total, 26);
    busy.child.kill('SIGTERM');
    assert.equal(await busy.exited, 0);
    fx.store.db.exec("UPDATE events SET text = text || ' Wobbleword' WHERE date = '2016-04-21'");
    const quiet = start(['--db', fx.dbFile, 'serve', '--out', fx.site, '--port', '0'], /^Serving /);
    await quiet.line;
    assert.match(quiet.err(), /indexed 26 changed events for search in \d+ ms/);
    quiet.child.kill('SIGTERM');
    assert.equal(await quiet.exited, 0);
  });

  test('a port in use is a clear failure (exit 1)', async () => {
    const first = start(['--db', fx.dbFile, 'serve', '--out', fx.site, '--port', '0'], /^Serving /);
    const port = /:(\d+)\//.exec(await first.line)?.[1] ?? '';
    const second = start(['--db', fx.dbFile, 'serve', '--port', port]);
    assert.equal(await second.exited, 1);
    assert.match(
      second.err(),
      new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is in use; pick another with --port N`),
    );
    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0);
  });
});
