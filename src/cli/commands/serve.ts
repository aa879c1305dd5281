import { existsSync, statSync } from 'node:fs';
import { InputError, StoreError, UsageError } from '../../model/errors.ts';
import { createCurrentsServer, listen } from '../../serve/server.ts';
import { openStore } from '../../store/open.ts';
import { syncSearch } from '../../store/search.ts';
import { type Command, stringOption } from '../command.ts';
import { terminalLine } from '../terminal.ts';

/** After SIGINT/SIGTERM, requests in flight may finish for this long (ms) before connections are closed. */
const STOP_GRACE = 1_500;

/** After SIGINT/SIGTERM, the server stops within this many ms whatever is still open. */
const STOP_WITHIN = 2_500;

/** `currents serve`: the built site and the JSON API on a local port, until SIGINT/SIGTERM. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the built site and a JSON API (days, events, entities, search) on a local port',
  help: `Usage: currents serve [--db FILE] [--out DIR] [--port N] [--host ADDR]

Serves the site folder written by \`currents build\` and a JSON API read from the store:
  GET /api/days/2016-04-28           a day's events with sources and ledes
  GET /api/events/<id>               one event with sources, ledes and related events
  GET /api/entities/Syria?page=2     every event naming an entity, as a paged timeline
  GET /api/search?q=de+Mistura       full-text search (ranked, paged, highlighted)
docs/API.md describes every endpoint, parameter, answer and error.

Options:
  --out DIR     the built site's folder (default site, as for \`currents build\`)
  --port N      port to listen on (default 8080; 0 picks a free one and prints it)
  --host ADDR   address to listen on (default 127.0.0.1; 0.0.0.0 shares it on your network)

Stops on Ctrl-C (SIGINT) or SIGTERM within 3 s (requests in flight get 1.5 s to finish).

Examples:
  currents serve                              # http://127.0.0.1:8080/
  currents serve --port 0                     # any free port; the URL is printed
  currents --db news.db serve --out /srv/news --port 3000
  curl 'http://127.0.0.1:8080/api/search?q=de+Mistura&limit=5'
`,
  options: {
    out: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
  },
  allowPositionals: false,
  async run(ctx) {
    const out = stringOption(ctx, 'out', 'site');
    if (out === '') throw new UsageError('--out needs a folder, e.g. --out site');
    const rawPort = stringOption(ctx, 'port', '8080');
    if (!/^\d{1,5}$/.test(rawPort) || Number(rawPort) > 65535) {
      throw new UsageError(`--port needs a number from 0 to 65535, e.g. --port 8080 (got "${rawPort}")`);
    }
    const host = stringOption(ctx, 'host', '127.0.0.1');
    if (host === '') throw new UsageError('--host needs an address, e.g. --host 127.0.0.1');
    if (!existsSync(ctx.dbFile)) {
      throw new StoreError(
        ctx.dbFile,
        `No Currents store at ${ctx.dbFile}: run \`currents ingest\` first, or pass --db FILE`,
      );
    }
    if (existsSync(out) && !statSync(out).isDirectory()) {
      throw new InputError(out, `--out ${out} is a file, not the site folder`);
    }
    if (!existsSync(out)) {
      ctx.stderr.write(
        `currents serve: no built site at ${out}/ yet (run \`currents build\`); serving the API only\n`,
      );
    }
    const store = openStore(ctx.dbFile);
    const started = performance.now();
    // Not waiting: an ingest writing the store right now must not stop the server from starting.
    const indexed = syncSearch(store.db, { wait: false });
    if (indexed === -1) {
      ctx.stderr.write('currents serve: the store is being written; search catches up on the next query\n');
    } else if (indexed > 0) {
      ctx.stderr.write(
        `currents serve: indexed ${indexed} changed event${indexed === 1 ? '' : 's'} for search in ${Math.round(performance.now() - started)} ms\n`,
      );
    }
    const server = createCurrentsServer({
      db: store.db,
      root: out,
      log: (m) => ctx.stderr.write(`${terminalLine(m)}\n`),
    });
    let listening: Awaited<ReturnType<typeof listen>>;
    try {
      listening = await listen(server, Number(rawPort), host);
    } catch (error) {
      store.db.close();
      const code = (error as NodeJS.ErrnoException).code;
      throw new InputError(
        `${host}:${rawPort}`,
        code === 'EADDRINUSE'
          ? `Port ${rawPort} on ${host} is in use; pick another with --port N (0: any free port)`
          : `Cannot listen on ${host}:${rawPort}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    // Listen for signals before printing the URL: whoever reads the URL may stop us at once.
    const stopped = new Promise<NodeJS.Signals>((resolve) => {
      const stop = (s: NodeJS.Signals) => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve(s);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    ctx.stdout.write(`Serving ${out}/ and the API at ${listening.url} (Ctrl-C stops)\n`);
    const signal = await stopped;
    ctx.stderr.write(`currents serve: ${signal}, closing…\n`);
    // Requests in flight get a short grace, then every connection is closed; a second signal, or a
    // close that still hangs after STOP_WITHIN ms, does not keep the process alive any longer.
    const forced = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, STOP_WITHIN);
      timer.unref();
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    await Promise.race([listening.close(STOP_GRACE), forced]);
    store.db.close();
    ctx.stdout.write('Stopped.\n');
    return 0;
  },
};
