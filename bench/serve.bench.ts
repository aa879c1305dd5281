import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { type AddressInfo, createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileInputs, listInputFiles } from '../src/ingest/files.ts';
import { ingestDays } from '../src/ingest/pipeline.ts';
import { eventPath } from '../src/publish/model.ts';
import { writeDay } from '../src/store/days.ts';
import { readEvent } from '../src/store/events.ts';
import { openStore } from '../src/store/open.ts';
import { searchEvents, syncSearch } from '../src/store/search.ts';
import { scaleCorpus } from './_scale.ts';

/** The part of autocannon's result this benchmark reads. */
interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  throughput: { average: number };
  non2xx: number;
  errors: number;
}
type Cannon = (options: {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
}) => Promise<CannonResult>;

const require = createRequire(import.meta.url);
const AUTOCANNON = require.resolve('autocannon/autocannon.js');

/**
 * One autocannon run in a process of its own (its CLI, `--json`), so the load generator does not
 * share this process's heap (the 150k-event corpus) and event loop: a slower client makes every
 * server spend more CPU per request (fewer requests per wake-up), and nginx less so than Node.
 */
const autocannon: Cannon = async (options) => {
  const args = [AUTOCANNON, '--json', '-c', String(options.connections), '-d', String(options.duration)];
  for (const [k, v] of Object.entries(options.headers ?? {})) args.push('-H', `${k}=${v}`);
  args.push(options.url);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (c: string) => {
    out += c;
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`autocannon exited with ${code}`);
  const parsed: unknown = JSON.parse(out);
  if (!isCannonResult(parsed))
    throw new Error(`autocannon printed an unexpected result: ${out.slice(0, 200)}`);
  return parsed;
};

function isCannonResult(v: unknown): v is CannonResult {
  if (!v || typeof v !== 'object') return false;
  const r = v as Record<string, unknown>;
  const n = (o: unknown, k: string) =>
    !!o && typeof o === 'object' && typeof (o as Record<string, unknown>)[k] === 'number';
  return (
    n(r['requests'], 'average') &&
    n(r['requests'], 'total') &&
    n(r['latency'], 'p50') &&
    n(r['latency'], 'p99') &&
    n(r['throughput'], 'average') &&
    typeof r['non2xx'] === 'number' &&
    typeof r['errors'] === 'number'
  );
}
const MAIN = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const DAYS = fileURLToPath(new URL('../../shared/data/wcep-wikitext/', import.meta.url));
const MISTURA = '20160428-b05e633a3066';
const CONNECTIONS = 10;
const SECONDS = 5;
/** Turns each of `currents serve` and nginx get on the event page. */
const ROUNDS = 3;

function ms(t: number): string {
  return t < 10 ? t.toFixed(2) : t.toFixed(0);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Writes the scale corpus into a new store; returns the wall and CPU seconds taken. */
function writeScale(
  file: string,
  days: ReturnType<typeof scaleCorpus>,
  triggers: boolean,
): { wall: number; cpu: number } {
  const store = openStore(file);
  if (!triggers) {
    for (const r of store.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search_%'")
      .all()) {
      store.db.exec(`DROP TRIGGER ${String(r['name'])}`);
    }
  }
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (const d of days) {
    const raw = new TextEncoder().encode(`${d.date}\n${d.events.map((e) => e.text).join('\n')}`);
    writeDay(
      store.db,
      {
        date: d.date,
        title: d.date,
        origin: 'scale',
        sha256: createHash('sha256').update(raw).digest('hex'),
        raw,
        parserVersion: 1,
      },
      d.events,
      '2026-01-01T00:00:00Z',
    );
  }
  const used = process.cpuUsage(cpu);
  const wall = (performance.now() - started) / 1000;
  store.db.close();
  return { wall, cpu: (used.user + used.system) / 1e6 };
}

async function startServer(db: string, out: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [MAIN, '--db', db, 'serve', '--out', out, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let buffer = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (c: string) => {
      buffer += c;
      const m = /(http:\/\/\S+\/)/.exec(buffer);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`currents serve exited with ${code}`)));
  });
  return { child, url };
}

/** A free TCP port on 127.0.0.1. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  server.close();
  await once(server, 'close');
  return port;
}

/** nginx (one worker, access log off) serving `site`, or a sentence saying why there is none. */
async function startNginx(
  dir: string,
  site: string,
  pagePath: string,
): Promise<{ url: string; pid: number; stop(): Promise<void> } | string> {
  let binary: string;
  try {
    binary = execFileSync('sh', ['-c', 'command -v nginx || ls /usr/sbin/nginx'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    return 'nginx is not installed (`apt-get install nginx` adds it), so there is no side-by-side figure.';
  }
  const port = await freePort();
  const prefix = join(dir, 'nginx');
  mkdirSync(join(prefix, 'logs'), { recursive: true });
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(
    conf,
    `daemon off;
worker_processes 1;
pid ${join(prefix, 'nginx.pid')};
error_log ${join(prefix, 'logs', 'error.log')};
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path ${prefix}; proxy_temp_path ${prefix}; fastcgi_temp_path ${prefix}; uwsgi_temp_path ${prefix}; scgi_temp_path ${prefix};
  server { listen 127.0.0.1:${port}; root ${site}; }
}
`,
  );
  const child = spawn(binary, ['-p', prefix, '-c', conf], { stdio: 'ignore' });
  const stop = async () => {
    child.kill('SIGTERM');
    await once(child, 'exit').catch(() => undefined);
  };
  // nginx must answer the page itself: a worker that cannot read the folder answers a 153-byte
  // 403 instead, far faster than any page (how an earlier version of this bench measured it).
  const expected = readFileSync(join(site, pagePath));
  let answer = 'no answer';
  for (let i = 0; i < 50; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}${pagePath}`);
      const body = Buffer.from(await r.arrayBuffer());
      if (r.status === 200 && body.equals(expected)) {
        answer = 'ok';
        break;
      }
      answer = `status ${r.status}, ${body.length} bytes`;
      if (r.status !== 404) break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  if (answer !== 'ok') {
    await stop();
    return `nginx did not serve the page (${answer}): no side-by-side figure.`;
  }
  // The master only accepts signals; its one worker answers requests.
  const worker = childPids(child.pid ?? 0)[0];
  if (worker === undefined) {
    await stop();
    return 'nginx started no worker process: no side-by-side figure.';
  }
  return { url: `http://127.0.0.1:${port}`, pid: worker, stop };
}

/** Child process ids of `pid` (Linux /proc), or none where that is not readable. */
function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** CPU seconds (user + system) a process has used so far (Linux /proc), or NaN where unreadable. */
function cpuSeconds(pid: number, ticksPerSecond: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return Number.NaN;
  }
}

/** One autocannon run and the CPU seconds the serving process spent during it. */
async function loadWithCpu(
  options: Parameters<Cannon>[0],
  pid: number,
  ticksPerSecond: number,
): Promise<{ result: CannonResult; cpu: number }> {
  const before = cpuSeconds(pid, ticksPerSecond);
  const result = await autocannon(options);
  return { result, cpu: cpuSeconds(pid, ticksPerSecond) - before };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Benchmark: requests/s of a built event page and of /api/search, search latency, index upkeep. */
export async function run(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'currents-bench-serve-'));
  // Readable by nginx's worker, which runs as `nobody` when nginx is started as root (mkdtemp makes 0700).
  chmodSync(dir, 0o755);
  let server: ChildProcess | undefined;
  try {
    // The real archive: 25 days → \`currents build\` (HTML and Markdown); the event page is the HTML one when built.
    const realDb = join(dir, 'real.db');
    const real = openStore(realDb);
    await ingestDays(real.db, fileInputs(listInputFiles([DAYS])));
    const mistura = readEvent(real.db, MISTURA);
    const base = mistura ? eventPath(mistura.date, mistura.slug) : undefined;
    real.db.close();
    const site = join(dir, 'site');
    execFileSync(process.execPath, [MAIN, '--db', realDb, 'build', '--out', site], { stdio: 'ignore' });
    const pagePath = existsSync(join(site, `${base}.html`)) ? `${base}.html` : `${base}.md`;
    const pageBytes = statSync(join(site, pagePath)).size;

    // The scale corpus: 150k events, written with and without the search triggers.
    const days = scaleCorpus();
    const events = days.reduce((n, d) => n + d.events.length, 0);
    const bare = writeScale(join(dir, 'bare.db'), days, false);
    const scaleDb = join(dir, 'scale.db');
    const withTriggers = writeScale(scaleDb, days, true);
    const store = openStore(scaleDb);
    let t = performance.now();
    const syncCpu = process.cpuUsage();
    const indexed = syncSearch(store.db);
    const syncSeconds = (performance.now() - t) / 1000;
    const syncUsed = process.cpuUsage(syncCpu);
    const syncCpuSeconds = (syncUsed.user + syncUsed.system) / 1e6;
    const titles = store.db
      .prepare('SELECT title, count(*) AS n FROM event_entities GROUP BY title ORDER BY n DESC, title')
      .all()
      .map((r) => String(r['title']));
    // Query mix: every 40th entity title by frequency (common to rare), plus the reference event's words.
    const queries = [
      'de Mistura',
      'Syria',
      'earthquake',
      'peace talks',
      ...titles.filter((_, i) => i % 40 === 0),
    ].slice(0, 300);
    const inProcess: number[] = [];
    const inProcessCpu: number[] = [];
    for (const q of queries) {
      t = performance.now();
      const cpu = process.cpuUsage();
      searchEvents(store.db, q, { limit: 20, offset: 0 });
      const used = process.cpuUsage(cpu);
      inProcess.push(performance.now() - t);
      inProcessCpu.push((used.user + used.system) / 1000);
    }
    store.db.close();
    const dbBytes = statSync(scaleDb).size;

    const started = await startServer(scaleDb, site);
    server = started.child;
    const url = started.url;
    const ourPid = server.pid ?? 0;
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    // Each query twice over HTTP: first as the server's first sight of it (nothing of it cached in
    // the process), then again (SQLite pages in the connection's cache).
    const overHttp: number[] = [];
    const overHttpAgain: number[] = [];
    // The server's own account of each answer (Server-Timing: wall and CPU ms in the handler).
    const serverWall: number[] = [];
    const serverCpu: number[] = [];
    for (const pass of [overHttp, overHttpAgain]) {
      for (const q of queries) {
        t = performance.now();
        const r = await fetch(`${url}api/search?q=${encodeURIComponent(q)}`);
        await r.arrayBuffer();
        pass.push(performance.now() - t);
        if (pass !== overHttp) continue;
        const m = /app;dur=([\d.]+), cpu;dur=([\d.]+)/.exec(r.headers.get('server-timing') ?? '');
        serverWall.push(Number(m?.[1] ?? Number.NaN));
        serverCpu.push(Number(m?.[2] ?? Number.NaN));
      }
    }
    for (const list of [inProcess, inProcessCpu, overHttp, overHttpAgain, serverWall, serverCpu]) {
      list.sort((a, b) => a - b);
    }

    // The event page, `currents serve` and nginx in turn (ROUNDS each, same load), so a burst of
    // other work on the machine hits both sides; medians are compared.
    const nginxServer = await startNginx(dir, site, pagePath);
    const ours: { result: CannonResult; cpu: number }[] = [];
    const theirs: { result: CannonResult; cpu: number }[] = [];
    try {
      for (let round = 0; round < ROUNDS; round++) {
        ours.push(
          await loadWithCpu(
            { url: `${url}${pagePath.slice(1)}`, connections: CONNECTIONS, duration: SECONDS },
            ourPid,
            ticks,
          ),
        );
        if (typeof nginxServer !== 'string') {
          theirs.push(
            await loadWithCpu(
              { url: `${nginxServer.url}${pagePath}`, connections: CONNECTIONS, duration: SECONDS },
              nginxServer.pid,
              ticks,
            ),
          );
        }
      }
    } finally {
      if (typeof nginxServer !== 'string') await nginxServer.stop();
    }
    const pageBr = await autocannon({
      url: `${url}${pagePath.slice(1)}`,
      connections: CONNECTIONS,
      duration: SECONDS,
      headers: { 'accept-encoding': 'br' },
    });
    const search = await autocannon({
      url: `${url}api/search?q=de+Mistura`,
      connections: CONNECTIONS,
      duration: SECONDS,
    });
    const common = await autocannon({
      url: `${url}api/search?q=Syria`,
      connections: CONNECTIONS,
      duration: SECONDS,
    });
    const load = loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ');
    const rate = (runs: { result: CannonResult }[]) => median(runs.map((r) => r.result.requests.average));
    const perCpu = (runs: { result: CannonResult; cpu: number }[]) =>
      median(runs.map((r) => r.result.requests.total / r.cpu));
    const runs = (rs: { result: CannonResult }[]) =>
      rs.map((r) => r.result.requests.average.toFixed(0)).join(', ');
    const cpus = (rs: { cpu: number }[]) => rs.map((r) => r.cpu.toFixed(1)).join(', ');
    const failures = (rs: { result: CannonResult }[]) =>
      rs.reduce((n, r) => n + r.result.non2xx + r.result.errors, 0);
    const page = ours[Math.floor(ours.length / 2)]?.result ?? ours[0]?.result;
    if (!page) throw new Error('no page load was run');
    const nginx =
      typeof nginxServer === 'string'
        ? nginxServer
        : `Side by side with nginx (one worker process, access log off, the same page from the same folder, the
same autocannon load; \`currents serve\` is one Node process, so both serve from one core), taken in turn
${ROUNDS} times each:

| Server | requests/s (runs) | median requests/s | median requests per CPU second of the server | CPU s of the server per run | errors + non-2xx |
|---|---|---:|---:|---|---:|
| \`currents serve\` | ${runs(ours)} | ${rate(ours).toFixed(0)} | ${perCpu(ours).toFixed(0)} | ${cpus(ours)} | ${failures(ours)} |
| nginx | ${runs(theirs)} | ${rate(theirs).toFixed(0)} | ${perCpu(theirs).toFixed(0)} | ${cpus(theirs)} | ${failures(theirs)} |

\`currents serve\` / nginx = **${(rate(ours) / rate(theirs)).toFixed(2)}×** in requests/s (goal ≥ 0.7×), ${(perCpu(ours) / perCpu(theirs)).toFixed(2)}× per CPU second.
autocannon runs on the same 2 cores: where the server does not use a whole core (CPU seconds below the
run's ${SECONDS} s), the load generator, not the server, sets the requests/s.`;
    const row = (label: string, r: CannonResult) =>
      `| ${label} | ${r.requests.average.toFixed(0)} | ${r.latency.p50} | ${r.latency.p99} | ${r.non2xx + r.errors} |`;
    return `### Server (\`currents serve\`)

Command: \`node bench/run.ts serve\` (bench/serve.bench.ts). Server: \`currents serve\` in its own process on
127.0.0.1; load: autocannon, ${CONNECTIONS} connections, ${SECONDS} s each, on the same machine
(load average at the end: ${load} — other work on the machine slows every wall-clock figure).
Static page: the de Mistura event page (\`${pagePath.slice(pagePath.lastIndexOf('.'))}\`) of \`currents build\` on the 25 real days (${pageBytes} bytes).
Search: a store holding the ${events.toLocaleString('en')}-event scale corpus (${(dbBytes / 2 ** 20).toFixed(0)} MiB with its FTS5 index).

| Load | requests/s | p50 ms | p99 ms | errors + non-2xx |
|---|---:|---:|---:|---:|
${row('event page (identity, median run)', page)}
${row('event page (brotli, cached)', pageBr)}
${row('/api/search?q=de+Mistura (7 hits)', search)}
${row('/api/search?q=Syria (≈2k hits)', common)}

${nginx}

Search latency over ${queries.length} queries (entity titles from common to rare, first page of 20):

| | p50 ms | p95 ms | p99 ms | max ms |
|---|---:|---:|---:|---:|
| in process (\`searchEvents\`), CPU time | ${ms(percentile(inProcessCpu, 50))} | ${ms(percentile(inProcessCpu, 95))} | ${ms(percentile(inProcessCpu, 99))} | ${ms(inProcessCpu.at(-1) ?? 0)} |
| in process (\`searchEvents\`), wall time | ${ms(percentile(inProcess, 50))} | ${ms(percentile(inProcess, 95))} | ${ms(percentile(inProcess, 99))} | ${ms(inProcess.at(-1) ?? 0)} |
| over HTTP, one at a time, each query the first time | ${ms(percentile(overHttp, 50))} | ${ms(percentile(overHttp, 95))} | ${ms(percentile(overHttp, 99))} | ${ms(overHttp.at(-1) ?? 0)} |
| … of which in the server's handler (Server-Timing \`app\`), wall time | ${ms(percentile(serverWall, 50))} | ${ms(percentile(serverWall, 95))} | ${ms(percentile(serverWall, 99))} | ${ms(serverWall.at(-1) ?? 0)} |
| … of which in the server's handler (Server-Timing \`cpu\`), CPU time | ${ms(percentile(serverCpu, 50))} | ${ms(percentile(serverCpu, 95))} | ${ms(percentile(serverCpu, 99))} | ${ms(serverCpu.at(-1) ?? 0)} |
| over HTTP, one at a time, each query again | ${ms(percentile(overHttpAgain, 50))} | ${ms(percentile(overHttpAgain, 95))} | ${ms(percentile(overHttpAgain, 99))} | ${ms(overHttpAgain.at(-1) ?? 0)} |

Search index upkeep on the scale corpus (${events.toLocaleString('en')} events, ${days.length} days, \`writeDay\` per day):

| | wall s | CPU s |
|---|---:|---:|
| write all days, no search triggers | ${bare.wall.toFixed(1)} | ${bare.cpu.toFixed(1)} |
| write all days, with migration 004's triggers (note changed events) | ${withTriggers.wall.toFixed(1)} | ${withTriggers.cpu.toFixed(1)} |
| \`syncSearch\`: index the ${indexed.toLocaleString('en')} noted events | ${syncSeconds.toFixed(1)} | ${syncCpuSeconds.toFixed(1)} |
`;
  } finally {
    if (server) {
      server.kill('SIGTERM');
      await once(server, 'exit');
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
