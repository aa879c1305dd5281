import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { openStore, type Store } from '../store/open.ts';
import { json, rawRequest } from './_request.ts';
import { CONNECTION_LIMITS, type ConnectionLimits } from './connections.ts';
import { createCurrentsServer, HEADERS_TIMEOUT, type Listening, listen } from './server.ts';

const YEARS = new URL('../../../shared/data/wcep-daily-yaml/', import.meta.url);

/** The process's soft limit on open files (`ulimit -n`). */
function openFileLimit(): number {
  const out = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
  return out === 'unlimited' ? Number.POSITIVE_INFINITY : Number(out);
}

/** Opens a connection and sends the first lines of a request, never its end; collects what the server says. */
function halfSent(port: number): {
  socket: Socket;
  opened: Promise<unknown>;
  said: () => string;
  closed: () => boolean;
} {
  const socket = connect(port, '127.0.0.1');
  const opened = new Promise((resolve) => {
    socket.once('connect', resolve);
    socket.once('close', resolve);
  });
  let said = '';
  let closed = false;
  socket.setEncoding('utf8');
  socket.on('data', (c: string) => {
    said += c;
  });
  socket.on('error', () => {});
  socket.on('close', () => {
    closed = true;
  });
  socket.on('connect', () => socket.write('GET /api HTTP/1.1\r\nHost: 127.0.0.1\r\n'));
  return { socket, opened, said: () => said, closed: () => closed };
}

describe('Slowloris locks everyone out (1,100 half-sent requests held the 1,024-connection cap)', () => {
  let dir: string;
  let store: Store;
  let logged: string[];
  const servers: Listening[] = [];
  async function start(limits: Partial<ConnectionLimits>): Promise<Listening> {
    const server = await listen(
      createCurrentsServer({
        db: store.db,
        root: join(dir, 'site'),
        log: (m) => logged.push(m),
        connections: { ...limits, reportEvery: 500 },
      }),
      0,
      '127.0.0.1',
    );
    servers.push(server);
    return server;
  }

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'currents-connections-'));
    store = openStore(join(dir, 'currents.db'));
    mkdirSync(join(dir, 'site'));
    // A real file big enough that its answer cannot sit whole in the sockets' buffers (8 MiB).
    const big = ['2020', '2021'].map((y) => gunzipSync(readFileSync(new URL(`${y}.jsonl.gz`, YEARS))));
    writeFileSync(join(dir, 'site', 'years.jsonl'), Buffer.concat(big));
    logged = [];
  });
  after(async () => {
    for (const s of servers) await s.close(0);
    store.db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('probes are answered within a second while 1,100 half-sent requests come and go; those shed get 503 with Retry-After, and the count is logged', async (t) => {
    // Each slow client costs two descriptors here (its socket and the server's): stay under the soft limit.
    const limit = openFileLimit();
    const slow = Math.min(1100, Math.floor((limit - 200) / 2));
    if (slow < 1100) t.diagnostic(`ulimit -n is ${limit}: ${slow} slow clients instead of 1,100`);
    const server = await start({});
    const port = Number(new URL(server.url).port);
    // The first fetch of a process loads its HTTP client: not a wait on the server.
    assert.equal((await fetch(new URL('api', server.url))).status, 200);
    let accepted = 0;
    server.server.on('connection', () => {
      accepted++;
    });
    const clients = Array.from({ length: slow }, () => halfSent(port));
    // The server has taken all 1,100 (client and server share this thread) before the first probe:
    // they hold every slot they can.
    await Promise.all(clients.map((c) => c.opened));
    while (accepted < slow) await new Promise((r) => setTimeout(r, 10));
    const trickle = setInterval(() => {
      for (const c of clients) if (!c.closed()) c.socket.write('X-Slow: 1\r\n');
    }, 1_000);
    const waits: number[] = [];
    const started = performance.now();
    try {
      // Longer than the headers timeout, so the slow clients that got in are timed out too.
      while (performance.now() - started < HEADERS_TIMEOUT + 1_500) {
        const t0 = performance.now();
        const r = await rawRequest(server.url, '/api');
        assert.equal(r.status, 200);
        assert.equal((json(r) as { name: string }).name, 'Currents API');
        waits.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      clearInterval(trickle);
      for (const c of clients) c.socket.destroy();
    }
    assert.ok(waits.length >= 30, `${waits.length} probes`);
    assert.ok(Math.max(...waits) < 1000, `probe waits (ms): ${waits.map(Math.round).join(', ')}`);
    const shed = clients.filter((c) => c.said().startsWith('HTTP/1.1 503 Service Unavailable\r\n'));
    assert.ok(shed.length > 0, 'some half-sent requests were answered 503');
    assert.match(shed[0]?.said() ?? '', /\r\nRetry-After: 1\r\n[\s\S]*"code":"busy"/);
    const timedOut = clients.filter((c) => c.said().startsWith('HTTP/1.1 408 Request Timeout\r\n'));
    assert.ok(timedOut.length > 0, 'half-sent requests past the headers timeout were answered 408');
    const line = logged.find((m) => m.includes('connection limits'));
    assert.match(
      line ?? '',
      /^currents serve: connection limits \(1024 open, 256 per client\) in the last 0\.5 s: \d+ waiting connections? closed to make room/,
    );
    const closed = logged.reduce((n, m) => n + Number(/: (\d+) waiting/.exec(m)?.[1] ?? 0), 0);
    assert.equal(
      closed >= slow - CONNECTION_LIMITS.perClient,
      true,
      `${closed} closed to make room (${slow} slow)`,
    );
  });

  test('when every open connection has a request in flight, a new one is answered 503 with Retry-After, and counted', async () => {
    logged = [];
    const server = await start({ total: 3, perClient: 3 });
    const port = Number(new URL(server.url).port);
    // Three clients ask for an 8 MiB file and never read it: their answers stay in flight.
    const busy = Array.from({ length: 3 }, () => {
      const s = connect(port, '127.0.0.1');
      s.on('error', () => {});
      s.on('connect', () => s.write('GET /years.jsonl HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'));
      s.pause();
      return s;
    });
    try {
      await new Promise((r) => setTimeout(r, 300));
      const r = await fetch(new URL('api', server.url));
      assert.equal(r.status, 503);
      assert.equal(r.headers.get('retry-after'), '1');
      assert.deepEqual(await r.json(), {
        error: { status: 503, code: 'busy', message: 'Too many open connections; retry shortly' },
      });
      await new Promise((r) => setTimeout(r, 700));
      assert.match(
        logged.join('\n'),
        /connection limits \(3 open, 3 per client\) .*: 0 waiting connections closed to make room \(half-sent requests answered 503\), 1 new connection answered 503 \(all busy\)/,
      );
    } finally {
      for (const s of busy) s.destroy();
    }
  });
});
