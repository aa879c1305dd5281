import { createHash } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { isNotModified } from './conditional.ts';
import { pickCoding } from './encoding.ts';

/** Bodies smaller than this are sent as they are: compressing them gains nothing. */
const MIN_COMPRESS = 1024;

/**
 * Sends a value as JSON with a strong ETag (304 when the client has it), compressed with brotli or
 * gzip as the client accepts. HEAD gets the same headers and no body.
 */
export function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: OutgoingHttpHeaders = {},
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
  res.writeHead(status, base);
  res.end(req.method === 'HEAD' ? undefined : out);
}
