import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type AddressInfo, createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileInputs, listInputFiles } from '../src/ingest/files.ts';
import { ingestDays } from '../src/ingest/pipeline.ts';
import { asEventId } from '../src/model/ids.ts';
import { eventPaths } from '../src/serve/paths.ts';
import { writeDay } from '../src/store/days.ts';
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
const autocannon = require('autocannon') as Cannon;
const MAIN = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const DAYS = fileURLToPath(new URL('../../shared/data/wcep-wikitext/', import.meta.url));
const MISTURA = '20160428-b05e633a3066';
const CONNECTIONS = 10;
const SECONDS = 5;

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

/** Serves `site` with nginx (when installed) and loads the same page the same way; a sentence when it cannot. */
async function nginxSideBySide(dir: string, site: string, pagePath: string): Promise<CannonResult | string> {
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
  try {
    for (let i = 0; i < 50; i++) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}${pagePath}`);
        await r.arrayBuffer();
        if (r.ok) break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    return await autocannon({
      url: `http://127.0.0.1:${port}${pagePath}`,
      connections: CONNECTIONS,
      duration: SECONDS,
    });
  } catch (error) {
    return `nginx could not be driven (${(error as Error).message}): no side-by-side figure.`;
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit').catch(() => undefined);
  }
}

/** Benchmark: requests/s of a built event page and of /api/search, search latency, index upkeep. */
export async function run(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'currents-bench-serve-'));
  let server: ChildProcess | undefined;
  try {
    // The real archive: 25 days → \`currents build\` (HTML and Markdown); the event page is the HTML one when built.
    const realDb = join(dir, 'real.db');
    const real = openStore(realDb);
    await ingestDays(real.db, fileInputs(listInputFiles([DAYS])));
    const base = eventPaths(real.db, ['2016-04-28']).get(asEventId(MISTURA));
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
    const overHttp: number[] = [];
    for (const q of queries) {
      t = performance.now();
      const r = await fetch(`${url}api/search?q=${encodeURIComponent(q)}`);
      await r.arrayBuffer();
      overHttp.push(performance.now() - t);
    }
    inProcess.sort((a, b) => a - b);
    inProcessCpu.sort((a, b) => a - b);
    overHttp.sort((a, b) => a - b);

    const page = await autocannon({
      url: `${url}${pagePath.slice(1)}`,
      connections: CONNECTIONS,
      duration: SECONDS,
    });
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
    const nginxPage = await nginxSideBySide(dir, site, pagePath);
    const nginx =
      typeof nginxPage === 'string'
        ? nginxPage
        : `nginx (one worker, access log off, same page, same load) side by side: ${nginxPage.requests.average.toFixed(0)} requests/s, p50 ${nginxPage.latency.p50} ms, p99 ${nginxPage.latency.p99} ms. \`currents serve\` / nginx = **${(page.requests.average / nginxPage.requests.average).toFixed(2)}×** (goal ≥ 0.7×).`;
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
${row('event page (identity)', page)}
${row('event page (brotli, cached)', pageBr)}
${row('/api/search?q=de+Mistura (7 hits)', search)}
${row('/api/search?q=Syria (≈2k hits)', common)}

${nginx}

Search latency over ${queries.length} queries (entity titles from common to rare, first page of 20):

| | p50 ms | p95 ms | p99 ms | max ms |
|---|---:|---:|---:|---:|
| in process (\`searchEvents\`), CPU time | ${ms(percentile(inProcessCpu, 50))} | ${ms(percentile(inProcessCpu, 95))} | ${ms(percentile(inProcessCpu, 99))} | ${ms(inProcessCpu.at(-1) ?? 0)} |
| in process (\`searchEvents\`), wall time | ${ms(percentile(inProcess, 50))} | ${ms(percentile(inProcess, 95))} | ${ms(percentile(inProcess, 99))} | ${ms(inProcess.at(-1) ?? 0)} |
| over HTTP, one at a time | ${ms(percentile(overHttp, 50))} | ${ms(percentile(overHttp, 95))} | ${ms(percentile(overHttp, 99))} | ${ms(overHttp.at(-1) ?? 0)} |

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
