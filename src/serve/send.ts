import { createHash } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { isNotModified } from './conditional.ts';
import { pickCoding } from './encoding.ts';

/** Bodies smaller than this are sent as they are: compressing them gains nothing. */
const MIN_COMPRESS = 1024;

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
 * gzip as the client accepts. HEAD gets the same headers and no body. With `started`, a
 * `Server-Timing` header tells how long the answer took to make (`serverTiming`).
 */
export function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: OutgoingHttpHeaders = {},
  started?: Started,
): void {
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
  const out =
    coding === 'br'
      ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
      : coding === 'gzip'
        ? gzipSync(body, { level: 6 })
        : body;
  if (coding !== 'identity') base['Content-Encoding'] = coding;
  base['Content-Length'] = out.length;
  if (started) base['Server-Timing'] = serverTiming(started);
  res.writeHead(status, base);
  res.end(req.method === 'HEAD' ? undefined : out);
}
