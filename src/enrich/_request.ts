import http from 'node:http';
import https from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import zlib from 'node:zlib';

/** Why one HTTP exchange stopped before a usable response. */
export type RequestFailureKind =
  | 'headers-timeout'
  | 'body-timeout'
  | 'too-large'
  | 'too-large-decoded'
  | 'bad-encoding'
  | 'refused-address'
  | 'network';

/** One HTTP exchange that did not complete. */
export class RequestFailure extends Error {
  override name = 'RequestFailure';
  readonly kind: RequestFailureKind;
  constructor(kind: RequestFailureKind, message: string, options?: ErrorOptions) {
    super(message, options);
    this.kind = kind;
  }
}

/** A response with its body decoded (gzip/deflate/br undone), headers lower-cased. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  remoteAddress: string;
}

/** Limits and the pinned address for one exchange. */
export interface RequestOptions {
  address: string;
  family: 4 | 6;
  headers: Record<string, string>;
  headersTimeoutMs: number;
  totalTimeoutMs: number;
  maxBytes: number;
  maxDecodedBytes: number;
  /** Returns why the connected address is refused, or null; called on the socket actually connected. */
  checkAddress: (address: string) => string | null;
  /** Skip the body (redirects, retries): the socket is closed as soon as headers arrive. */
  skipBody?: (status: number) => boolean;
}

/**
 * Performs one GET to an already-resolved address (DNS is pinned through a custom `lookup`, so the
 * connection goes to the address the caller checked), bounded in time, bytes and decoded bytes.
 */
export function requestOnce(url: URL, options: RequestOptions): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const lookup: LookupFunction = (_host, opts, cb) => {
      if ((opts as { all?: boolean }).all) {
        (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
          { address: options.address, family: options.family },
        ]);
      } else cb(null, options.address, options.family);
    };
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.request(url, { method: 'GET', headers: options.headers, lookup, agent: false });
    const fail = (error: RequestFailure): void => {
      if (settled) return;
      settled = true;
      clearTimeout(headersTimer);
      clearTimeout(totalTimer);
      req.destroy();
      reject(error);
    };
    const headersTimer = setTimeout(
      () =>
        fail(
          new RequestFailure('headers-timeout', `no response headers within ${options.headersTimeoutMs} ms`),
        ),
      options.headersTimeoutMs,
    );
    const totalTimer = setTimeout(
      () =>
        fail(new RequestFailure('body-timeout', `response not complete within ${options.totalTimeoutMs} ms`)),
      options.totalTimeoutMs,
    );
    req.on('socket', (socket: Socket) => {
      const check = (): void => {
        const remote = socket.remoteAddress ?? '';
        const reason = options.checkAddress(remote);
        if (reason) fail(new RequestFailure('refused-address', `connected to a refused address: ${reason}`));
      };
      socket.once('connect', check);
    });
    req.on('error', (cause) => fail(new RequestFailure('network', cause.message, { cause })));
    req.on('response', (res) => {
      clearTimeout(headersTimer);
      const status = res.statusCode ?? 0;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) {
        if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
      }
      const remoteAddress = res.socket?.remoteAddress ?? options.address;
      const finish = (body: Uint8Array): void => {
        if (settled) return;
        settled = true;
        clearTimeout(totalTimer);
        req.destroy();
        resolve({ status, headers, body, remoteAddress });
      };
      if (options.skipBody?.(status)) {
        finish(new Uint8Array(0));
        return;
      }
      const declared = Number(headers['content-length']);
      if (Number.isFinite(declared) && declared > options.maxBytes) {
        fail(
          new RequestFailure('too-large', `declared ${declared} bytes, over the cap of ${options.maxBytes}`),
        );
        return;
      }
      const encoding = (headers['content-encoding'] ?? 'identity').trim().toLowerCase();
      let decoder: zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null = null;
      if (encoding === 'gzip' || encoding === 'x-gzip') decoder = zlib.createGunzip();
      else if (encoding === 'deflate') decoder = zlib.createInflate();
      else if (encoding === 'br') decoder = zlib.createBrotliDecompress();
      else if (encoding !== 'identity' && encoding !== '') {
        fail(new RequestFailure('bad-encoding', `unsupported content-encoding ${encoding}`));
        return;
      }
      const chunks: Buffer[] = [];
      let raw = 0;
      let decoded = 0;
      const onDecoded = (chunk: Buffer): void => {
        decoded += chunk.length;
        if (decoded > options.maxDecodedBytes) {
          decoder?.destroy();
          fail(
            new RequestFailure(
              'too-large-decoded',
              `decompressed body over the cap of ${options.maxDecodedBytes} bytes`,
            ),
          );
          return;
        }
        chunks.push(chunk);
      };
      res.on('data', (chunk: Buffer) => {
        raw += chunk.length;
        if (raw > options.maxBytes) {
          decoder?.destroy();
          fail(new RequestFailure('too-large', `body over the cap of ${options.maxBytes} bytes`));
          return;
        }
        if (decoder) decoder.write(chunk);
        else onDecoded(chunk);
      });
      res.on('error', (cause) => fail(new RequestFailure('network', cause.message, { cause })));
      res.on('end', () => {
        if (!decoder) return finish(Buffer.concat(chunks));
        decoder.end();
      });
      if (decoder) {
        decoder.on('data', onDecoded);
        decoder.on('error', (cause) =>
          fail(new RequestFailure('bad-encoding', `cannot decode ${encoding} body`, { cause })),
        );
        decoder.on('end', () => finish(Buffer.concat(chunks)));
      }
    });
    req.end();
  });
}
