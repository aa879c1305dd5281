import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real article page from ../shared/data/articles, as bytes. */
export function articleBytes(relative: string): Buffer {
  return readFileSync(new URL(`../../../shared/data/articles/${relative}`, import.meta.url));
}

/** A route handler of the test server. */
export type Route = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/**
 * A local HTTP server on 127.0.0.1 (or `host`, e.g. `::1`) for fetcher tests; `hits` counts requests
 * per path, `connections` sockets.
 */
export async function startServer(
  routes: Record<string, Route>,
  options: { host?: string } = {},
): Promise<{
  origin: string;
  port: number;
  hits: Map<string, number>;
  connections: () => number;
  /** Adds a route once the port is known. */
  route: (path: string, handler: Route) => void;
  close: () => Promise<void>;
}> {
  const hits = new Map<string, number>();
  let connections = 0;
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const route = routes[path];
    if (route) route(req, res);
    else {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<title>Not here</title>');
    }
  });
  server.on('connection', () => connections++);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((r) => server.listen(0, host, r));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    hits,
    connections: () => connections,
    route: (path, handler) => {
      routes[path] = handler;
    },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
