import { createHash } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';
import { isNotModified } from './conditional.ts';
import { pickCoding } from './encoding.ts';

/** Bodies smaller than this are sent as they are: compressing them gains nothing. */
const MIN_COMPRESS = 1024;

/**
 * Bodies from this size on are compressed on libuv's thread pool, not in the request's turn, so
 * other requests are not kept waiting by a big answer's compression (a 900 KB day page: 4–7 ms of
 * brotli 5 CPU here, more for text that repeats less).
 */
const ASYNC_COMPRESS = 64 * 1024;

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } };

/** When the answer's work began: `performance.now()` and `process.cpuUsage()` at that moment. */
export interface Started {
  wall: number;
  cpu: NodeJS.CpuUsage;
}

/**
 * `Server-Timing` (W3C) for an answer made synchronously since `started`: `app` is the wall time and
 * `cpu` the process's CPU time in milliseconds, both up to the moment the headers are written.
 * @example serverTiming(started) // 'app;dur=2.41, cpu;dur=2.20'
 */
export function serverTiming(started: Started): string {
  const used = process.cpuUsage(started.cpu);
  const cpu = (used.user + used.system) / 1000;
  return `app;dur=${(performance.now() - started.wall).toFixed(2)}, cpu;dur=${cpu.toFixed(2)}`;
}

/**
 * Sends a value as JSON with a strong ETag (304 when the client has it), compressed with brotli or
 * gzip as the client accepts (big bodies off the main thread). HEAD gets the same headers and no
 * body. With `started`, a `Server-Timing` header tells how long the answer took to make (`serverTiming`).
 */
export async function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: OutgoingHttpHeaders = {},
  started?: Started,
): Promise<void> {
  const body = Buffer.from(`${JSON.stringify(value)}\n`, 'utf8');
  const base: OutgoingHttpHeaders = {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
    Vary: 'Accept-Encoding',
  };
  const coding = body.length >= MIN_COMPRESS ? pickCoding(req.headers['accept-encoding']) : 'identity';
  if (status === 200) {
    // One ETag per representation: the compressed bytes differ from the plain ones.
    const suffix = coding === 'identity' ? '' : coding === 'br' ? '-br' : '-gz';
    const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}${suffix}"`;
    base['ETag'] = etag;
    if (isNotModified(req.headers, etag)) {
      if (started) base['Server-Timing'] = serverTiming(started);
      res.writeHead(304, base);
      res.end();
      return;
    }
  }
  const big = body.length >= ASYNC_COMPRESS;
  const out =
    coding === 'br'
      ? big
        ? await brotliAsync(body, BROTLI)
        : brotliCompressSync(body, BROTLI)
      : coding === 'gzip'
        ? big
          ? await gzipAsync(body, { level: 6 })
          : gzipSync(body, { level: 6 })
        : body;
  if (res.destroyed) return;
  if (coding !== 'identity') base['Content-Encoding'] = coding;
  base['Content-Length'] = out.length;
  if (started) base['Server-Timing'] = serverTiming(started);
  res.writeHead(status, base);
  res.end(req.method === 'HEAD' ? undefined : out);
}
