import { createHash } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { isNotModified } from './conditional.ts';
import { contentTypeOf, isCompressible } from './content-type.ts';
import { type Coding, pickCoding } from './encoding.ts';
import { HttpError } from './http-error.ts';
import { sitePath } from './site-path.ts';

/** Options of the static site handler. */
export interface StaticOptions {
  /** Files up to this size are kept in memory with their compressed forms (default 2 MiB). */
  maxCachedFile?: number;
  /** Memory the cache may use, all forms counted (default 64 MiB). */
  maxCacheBytes?: number;
}

const DEFAULTS = { maxCachedFile: 2 * 2 ** 20, maxCacheBytes: 64 * 2 ** 20 } satisfies StaticOptions;

interface CachedFile {
  mtimeMs: number;
  size: number;
  hash: string;
  plain: Buffer;
  gzip?: Buffer;
  br?: Buffer;
  bytes: number;
}

/** Serves a built site folder: `(req, res) => Promise<void>`, throwing HttpError for what it refuses. */
export type StaticHandler = (req: IncomingMessage, res: ServerResponse, rawPath: string) => Promise<void>;

/**
 * A handler for the files under `root`: correct Content-Type, `index.html` for folders (a folder
 * asked without its `/` is redirected), `<path>.html` for extension-less page paths, ETag and
 * Last-Modified with 304, brotli or gzip by Accept-Encoding (compressed once, kept in a bounded
 * in-memory cache that a changed file invalidates), traversal and symlinks out of `root` refused.
 * A browser (Accept: text/html) asking for a missing page gets the site's `404.html` when it has one.
 */
export function createStaticHandler(root: string, options: StaticOptions = {}): StaticHandler {
  const { maxCachedFile, maxCacheBytes } = { ...DEFAULTS, ...options };
  const base = resolve(root);
  const cache = new Map<string, CachedFile>();
  let cacheBytes = 0;
  let realBase: string | undefined;

  async function locate(rawPath: string): Promise<{ file: string; stats: Stats } | { redirect: string }> {
    const segments = sitePath(rawPath);
    const full = join(base, ...segments);
    if (full !== base && !full.startsWith(base + sep)) {
      throw new HttpError(400, 'bad_path', 'Request path may not climb out of the site');
    }
    const candidates = [full];
    const last = segments.at(-1) ?? '';
    if (last !== '' && extname(last) === '') candidates.push(`${full}.html`);
    for (const candidate of candidates) {
      const st = await stat(candidate).catch(() => undefined);
      if (!st) continue;
      if (st.isDirectory()) {
        if (last !== '' && candidate === full) {
          return { redirect: `/${segments.map(encodeURIComponent).join('/')}/` };
        }
        const index = join(candidate, 'index.html');
        const ist = await stat(index).catch(() => undefined);
        if (ist?.isFile()) return { file: index, stats: ist };
        continue;
      }
      if (st.isFile()) return { file: candidate, stats: st };
    }
    throw new HttpError(404, 'not_found', 'No such page');
  }

  async function inside(file: string): Promise<boolean> {
    realBase ??= await realpath(base);
    const real = await realpath(file);
    return real.startsWith(realBase + sep);
  }

  function remember(file: string, entry: CachedFile): void {
    const old = cache.get(file);
    if (old) cacheBytes -= old.bytes;
    cache.delete(file);
    cache.set(file, entry);
    cacheBytes += entry.bytes;
    for (const [key, value] of cache) {
      if (cacheBytes <= maxCacheBytes) break;
      cache.delete(key);
      cacheBytes -= value.bytes;
    }
  }

  async function load(file: string, stats: Stats): Promise<CachedFile> {
    const hit = cache.get(file);
    if (hit && hit.mtimeMs === stats.mtimeMs && hit.size === stats.size) {
      cache.delete(file);
      cache.set(file, hit);
      return hit;
    }
    const plain = await readFile(file);
    const hash = createHash('sha1').update(plain).digest('base64url').slice(0, 22);
    const entry: CachedFile = { mtimeMs: stats.mtimeMs, size: stats.size, hash, plain, bytes: plain.length };
    remember(file, entry);
    return entry;
  }

  function encoded(entry: CachedFile, coding: Coding): Buffer {
    if (coding === 'br') {
      entry.br ??= brotliCompressSync(entry.plain, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: entry.size },
      });
      return entry.br;
    }
    if (coding === 'gzip') {
      entry.gzip ??= gzipSync(entry.plain, { level: 9 });
      return entry.gzip;
    }
    return entry.plain;
  }

  /** Counts the compressed forms just made against the cache budget. */
  function account(file: string, entry: CachedFile): void {
    const bytes = entry.plain.length + (entry.gzip?.length ?? 0) + (entry.br?.length ?? 0);
    if (bytes !== entry.bytes && cache.get(file) === entry) {
      cacheBytes += bytes - entry.bytes;
      entry.bytes = bytes;
    }
  }

  /** The site's own `404.html`, for a browser asking for a page that does not exist. */
  async function notFoundPage(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (!/\btext\/html\b/.test(req.headers.accept ?? '')) return false;
    const file = join(base, '404.html');
    const st = await stat(file).catch(() => undefined);
    if (!st?.isFile() || st.size > maxCachedFile || !(await inside(file))) return false;
    const body = await readFile(file);
    res.writeHead(404, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': body.length,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  }

  return async (req, res, rawPath) => {
    let found: Awaited<ReturnType<typeof locate>>;
    try {
      found = await locate(rawPath);
    } catch (error) {
      if (error instanceof HttpError && error.status === 404 && (await notFoundPage(req, res))) return;
      throw error;
    }
    if ('redirect' in found) {
      res.writeHead(301, { Location: found.redirect, 'Content-Length': 0 });
      res.end();
      return;
    }
    const { file, stats } = found;
    if (!(await inside(file))) throw new HttpError(404, 'not_found', 'No such page');
    const type = contentTypeOf(file);
    const compressible = isCompressible(type) && stats.size >= 256;
    const coding = compressible ? pickCoding(req.headers['accept-encoding']) : 'identity';
    const headers: OutgoingHttpHeaders = {
      'Content-Type': type,
      'Last-Modified': stats.mtime.toUTCString(),
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    };
    if (compressible) headers['Vary'] = 'Accept-Encoding';
    if (stats.size > maxCachedFile) {
      // Large files are streamed as they are, with a size-and-time ETag.
      const etag = `"${stats.size.toString(36)}-${Math.floor(stats.mtimeMs).toString(36)}"`;
      headers['ETag'] = etag;
      if (isNotModified(req.headers, etag, stats.mtime)) {
        res.writeHead(304, headers);
        res.end();
        return;
      }
      headers['Content-Length'] = stats.size;
      res.writeHead(200, headers);
      if (req.method === 'HEAD') res.end();
      else await pipeline(createReadStream(file), res);
      return;
    }
    const entry = await load(file, stats);
    const suffix = coding === 'identity' ? '' : coding === 'br' ? '-br' : '-gz';
    const etag = `"${entry.hash}${suffix}"`;
    headers['ETag'] = etag;
    if (isNotModified(req.headers, etag, stats.mtime)) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    const body = encoded(entry, coding);
    account(file, entry);
    if (coding !== 'identity') headers['Content-Encoding'] = coding;
    headers['Content-Length'] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
