import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ingestRepeatedDay, REPEATED_DATE } from '../../test/fixtures/repeated-day.ts';
import { openStore, type Store } from '../store/open.ts';
import { createCurrentsServer, type Listening, listen } from './server.ts';

const MAIN = fileURLToPath(new URL('../cli/main.ts', import.meta.url));

/** Repeats of one real bullet: enough for a repeat number of five digits. */
const COPIES = 10_001;

describe('Repeated event text makes build and serve quadratic (a day of 10,001 identical bullets)', () => {
  let dir: string;
  let store: Store;
  let server: Listening;
  let day: { id: string; text: string; events: number };
  /** `currents serve` on the same store in its own process: timings are the server's, not this thread's. */
  let child: { base: string; stop(): Promise<unknown> };
  const get = (path: string) => fetch(new URL(path.slice(1), server.url));
  const getChild = (path: string) => fetch(new URL(path.slice(1), child.base));

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'currents-repeated-'));
    store = openStore(join(dir, 'currents.db'));
    day = await ingestRepeatedDay(store, COPIES);
    server = await listen(
      createCurrentsServer({ db: store.db, root: join(dir, 'site'), log: () => {} }),
      0,
      '127.0.0.1',
    );
    child = await serveChild(join(dir, 'currents.db'), join(dir, 'site'));
  });
  after(async () => {
    await child.stop();
    await server.close(0);
    store.db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('ids with a suffix over four digits are accepted by /api/events: the 10,001st repeat is served', async () => {
    const r = await get(`/api/events/${day.id}-${COPIES}`);
    assert.equal(r.status, 200);
    const e = (await r.json()) as {
      id: string;
      text: string;
      date: string;
      relatedOrigin: string;
      related: unknown[];
    };
    assert.deepEqual([e.id, e.text, e.date], [`${day.id}-${COPIES}`, day.text, REPEATED_DATE]);
    // 10,001 events share its entities: too many to rank in a request before `currents link` runs.
    assert.deepEqual([e.relatedOrigin, e.related], ['unlinked', []]);
    const unknown = await get(`/api/events/${day.id}-123456789012`);
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as { error: { code: string } }).error.code, 'not_found');
  });

  test('a day of any size is answered a page at a time, in portal order, with its full count', async () => {
    const r = await get(`/api/days/${REPEATED_DATE}?page=51&limit=200`);
    assert.equal(r.status, 200);
    const page = (await r.json()) as {
      eventCount: number;
      page: number;
      limit: number;
      pages: number;
      events: { id: string; position: number }[];
    };
    assert.equal(day.events, 26 - 1 + COPIES);
    assert.deepEqual([page.eventCount, page.page, page.limit, page.pages], [day.events, 51, 200, 51]);
    assert.equal(page.events.length, day.events - 10_000);
    assert.deepEqual(
      page.events.map((e) => e.position),
      Array.from({ length: day.events - 10_000 }, (_, i) => 10_000 + i),
    );
    const first = (await (await get(`/api/days/${REPEATED_DATE}`)).json()) as {
      limit: number;
      events: unknown[];
    };
    assert.deepEqual([first.limit, first.events.length], [200, 200]);
  });

  test('no request stalls the others: a probe is answered within a second while each big answer is made', async () => {
    const heavy = [
      `/api/days/${REPEATED_DATE}?page=51&limit=200`,
      `/api/days/${REPEATED_DATE}?page=25&limit=200`,
      `/api/events/${day.id}-${COPIES}`,
      `/api/events/${day.id}`,
      '/api/entities/Aleppo?page=50&limit=200',
      '/api/entities/Aleppo?order=desc',
      '/api/search?q=airstrikes+Aleppo',
    ];
    const waits: number[] = [];
    for (const path of heavy) {
      let done = false;
      const answer = getChild(path).then(async (r) => {
        await r.arrayBuffer();
        done = true;
        return r.status;
      });
      while (!done) {
        const t = performance.now();
        assert.equal((await getChild('/api')).status, 200);
        waits.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.equal(await answer, 200, path);
    }
    assert.ok(waits.length >= heavy.length, `${waits.length} probes`);
    assert.ok(Math.max(...waits) < 1000, `probe waits (ms): ${waits.map(Math.round).join(', ')}`);
  });

  test('nor do many at once: a probe is answered within a second while 22 big answers are asked for together', async () => {
    const heavy = [
      ...Array.from({ length: 11 }, (_, i) => `/api/days/${REPEATED_DATE}?page=${5 * i + 1}&limit=200`),
      ...Array.from({ length: 6 }, (_, i) => `/api/entities/Aleppo?page=${10 * i + 1}&limit=200`),
      `/api/events/${day.id}-${COPIES}`,
      `/api/events/${day.id}`,
      '/api/entities/Aleppo?order=desc',
      '/api/search?q=airstrikes+Aleppo',
      '/api/days',
    ];
    assert.equal((await getChild('/api')).status, 200);
    let done = false;
    const answers = Promise.all(
      heavy.map((p) =>
        getChild(p).then(async (r) => [p, r.status, (await r.arrayBuffer()).byteLength] as const),
      ),
    );
    void answers.finally(() => {
      done = true;
    });
    const waits: number[] = [];
    while (!done) {
      const t = performance.now();
      assert.equal((await getChild('/api')).status, 200);
      waits.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.deepEqual(
      (await answers).filter(([, status]) => status !== 200),
      [],
    );
    assert.ok(waits.length >= 1, `${waits.length} probes`);
    assert.ok(Math.max(...waits) < 1000, `probe waits (ms): ${waits.map(Math.round).join(', ')}`);
  });
});

/** Starts `currents serve` on `dbFile` on a free port; resolves with its URL once it listens. */
async function serveChild(dbFile: string, out: string): Promise<{ base: string; stop(): Promise<unknown> }> {
  const proc = spawn(process.execPath, [MAIN, '--db', dbFile, 'serve', '--port', '0', '--out', out], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exited = once(proc, 'exit');
  const base = await new Promise<string>((resolve, reject) => {
    let text = '';
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (c: string) => {
      text += c;
      const m = /(http:\/\/\S+\/) /.exec(text);
      if (m?.[1]) resolve(m[1]);
    });
    void exited.then(() => reject(new Error(`currents serve exited: ${text}`)));
  });
  return {
    base,
    stop() {
      proc.kill('SIGTERM');
      return exited;
    },
  };
}
