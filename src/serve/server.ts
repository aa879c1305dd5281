import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DatabaseSync } from 'node:sqlite';
import { answerApi } from './api.ts';
import { CONNECTION_LIMITS, type ConnectionLimits, guardConnections } from './connections.ts';
import { HttpError } from './http-error.ts';
import { sendJson } from './send.ts';
import { createStaticHandler, type StaticOptions } from './static.ts';
import { createTurns } from './turns.ts';

/** What the server is made of: the store, the built site's folder, and where to log failures. */
export interface ServeOptions {
  db: DatabaseSync;
  /** The built site folder (`currents build --out`). */
  root: string;
  /** Where 500s are described (stack included); the client only sees a generic message. */
  log?: (message: string) => void;
  static?: StaticOptions;
  /** Caps on open connections (defaults: `CONNECTION_LIMITS`). */
  connections?: Partial<ConnectionLimits>;
}

/** A request's headers must all arrive within this many ms (else 408): half-sent requests cannot hold a connection for long. */
export const HEADERS_TIMEOUT = 5_000;

/** A connection on which nothing moves (no request bytes read, no answer bytes taken) for this long is closed. */
export const IDLE_TIMEOUT = 20_000;

/** Longest request URL accepted (path and query), in characters. */
export const MAX_URL_CHARS = 4096;

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': 'If-None-Match, If-Modified-Since',
  'Access-Control-Expose-Headers': 'ETag',
  'Access-Control-Max-Age': '86400',
};

/**
 * The Currents HTTP server: `/api/…` answered from the store as JSON (with CORS), every other path
 * from the built site folder. Bad input is a JSON 4xx; an unexpected failure is a generic JSON 500
 * whose details go to `log` only.
 * @example const server = createCurrentsServer({ db, root: 'site' }); server.listen(8080, '127.0.0.1');
 */
export function createCurrentsServer(options: ServeOptions): Server {
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const serveStatic = createStaticHandler(options.root, options.static);
  const api = { db: options.db };
  const turns = createTurns();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const isApi = isApiUrl(url);
    const headers = isApi ? CORS : {};
    try {
      if (url.length > MAX_URL_CHARS) throw new HttpError(414, 'uri_too_long', 'Request URL too long');
      if (isApi && req.method === 'OPTIONS') {
        res.writeHead(204, { ...CORS, 'Content-Length': 0 });
        res.end();
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('Allow', isApi ? 'GET, HEAD, OPTIONS' : 'GET, HEAD');
        throw new HttpError(405, 'method_not_allowed', 'Only GET and HEAD are served');
      }
      const q = url.indexOf('?');
      const rawPath = q === -1 ? url : url.slice(0, q);
      if (isApi) {
        const params = new URLSearchParams(q === -1 ? '' : url.slice(q + 1));
        const segments = rawPath.split('/').slice(2);
        // The index needs no store; every other answer reads it, one answer per event-loop turn.
        if (segments.length <= 1 && (segments[0] ?? '') === '') {
          const started = { wall: performance.now(), cpu: process.cpuUsage() };
          await sendJson(req, res, 200, answerApi(api, segments, params).body, headers, started);
          return;
        }
        const made = await turns.run(() => {
          // A connection closed while waiting (the client left, or the server is stopping and the
          // store may be closed already) gets no answer made for it.
          if (res.destroyed) return undefined;
          const started = { wall: performance.now(), cpu: process.cpuUsage() };
          return { answer: answerApi(api, segments, params), started };
        });
        if (!made || res.destroyed) return;
        await sendJson(req, res, made.answer.status, made.answer.body, headers, made.started);
        return;
      }
      await serveStatic.serve(req, res, rawPath);
    } catch (error) {
      if (res.headersSent) {
        log(`currents serve: failed while sending ${req.method} ${url.slice(0, 200)}: ${describe(error)}`);
        res.destroy();
        return;
      }
      if (error instanceof HttpError) {
        await sendJson(
          req,
          res,
          error.status,
          { error: { status: error.status, code: error.code, message: error.message } },
          headers,
        );
        return;
      }
      log(`currents serve: ${req.method} ${url.slice(0, 200)} failed: ${describe(error)}`);
      await sendJson(
        req,
        res,
        500,
        { error: { status: 500, code: 'internal', message: 'Internal server error' } },
        headers,
      );
    }
  }

  function fromCache(req: IncomingMessage, res: ServerResponse): boolean {
    const url = req.url ?? '/';
    if ((req.method !== 'GET' && req.method !== 'HEAD') || url.length > MAX_URL_CHARS || isApiUrl(url)) {
      return false;
    }
    const q = url.indexOf('?');
    return serveStatic.fromCache(req, res, q === -1 ? url : url.slice(0, q));
  }

  const server = createServer({
    requestTimeout: 15_000,
    headersTimeout: HEADERS_TIMEOUT,
    // How often Node looks for requests past their timeouts (its default, 30 s, let half-sent ones live that long).
    connectionsCheckingInterval: 1_000,
    keepAliveTimeout: 5_000,
    maxHeaderSize: 16_384,
  });
  // Open connections are capped in total and per client; a full server sheds or answers 503, never resets.
  guardConnections(server, { ...CONNECTION_LIMITS, ...options.connections }, log);
  server.on('request', (req, res) => {
    // Fast path: a site file answered before and unchanged on disk is sent without an await.
    if (!fromCache(req, res)) void handle(req, res);
  });
  server.setTimeout(IDLE_TIMEOUT);
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    else socket.destroy();
  });
  return server;
}

function isApiUrl(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/**
 * Connections the kernel may hold before they are accepted (Node's default is 511; Linux caps it at
 * `net.core.somaxconn`, 4096 here). A burst of 1,100 connections overflowed 511, and a connection
 * refused at that moment waited a full second for its SYN to be sent again.
 */
export const ACCEPT_BACKLOG = 4096;

/** A listening server: its URL and a graceful close. */
export interface Listening {
  server: Server;
  url: string;
  /** Stops accepting, lets requests in flight finish (up to `graceMs`), then closes every connection. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Starts the server on `host:port` (port 0 picks a free one) and resolves once it listens.
 * @example const { url, close } = await listen(createCurrentsServer({ db, root }), 0, '127.0.0.1');
 */
export function listen(server: Server, port: number, host: string): Promise<Listening> {
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen({ port, host, backlog: ACCEPT_BACKLOG }, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolvePromise({
        server,
        url: `http://${shownHost}:${address.port}/`,
        close: (graceMs = 5_000) =>
          new Promise<void>((done) => {
            const timer = setTimeout(() => server.closeAllConnections(), graceMs);
            timer.unref();
            server.close(() => {
              clearTimeout(timer);
              done();
            });
            server.closeIdleConnections();
          }),
      });
    });
  });
}
