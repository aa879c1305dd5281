import { createHash } from 'node:crypto';
import { createReadStream, existsSync, type Stats, statSync } from 'node:fs';
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
  /**
   * Request paths remembered with the file they name, for the synchronous fast path (default
   * 16,384; paths over `MAX_ROUTE_CHARS` are never remembered, so at most 16 MiB of keys).
   */
  maxRoutes?: number;
}

const DEFAULTS = {
  maxCachedFile: 2 * 2 ** 20,
  maxCacheBytes: 64 * 2 ** 20,
  maxRoutes: 16_384,
} satisfies StaticOptions;

/** Longest request path remembered for the fast path (percent-encoded variants can be longer). */
const MAX_ROUTE_CHARS = 1024;

/** Accept-Encoding values remembered with the coding they pick (browsers send a handful). */
const MAX_CODINGS = 256;

/** One representation of a cached file, ready to send: headers built once, body bytes. */
interface Form {
  etag: string;
  body: Buffer;
  ok: OutgoingHttpHeaders;
  notModified: OutgoingHttpHeaders;
}

/** A file held in memory with what identifies its version on disk and its ready representations. */
interface CachedFile {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  mtime: Date;
  type: string;
  compressible: boolean;
  hash: string;
  plain: Buffer;
  forms: Partial<Record<Coding, Form>>;
  bytes: number;
}

/** A request path already resolved to a file; `absent` is the path that must stay missing (`x` for `x.html`). */
interface Route {
  file: string;
  absent?: string;
}

/** Serves a built site folder: a synchronous answer from memory when it can, else the full path. */
export interface StaticHandler {
  /**
   * Answers from memory when `rawPath` was resolved before and its file is unchanged on disk (one
   * `stat`, no await); returns false, having sent nothing, otherwise.
   */
  fromCache(req: IncomingMessage, res: ServerResponse, rawPath: string): boolean;
  /** Resolves `rawPath` under the folder and answers, throwing HttpError for what it refuses. */
  serve(req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void>;
}

/**
 * A handler for the files under `root`: correct Content-Type, `index.html` for folders (a folder
 * asked without its `/` is redirected), `<path>.html` for extension-less page paths, ETag and
 * Last-Modified with 304, brotli or gzip by Accept-Encoding (compressed once, kept in a bounded
 * in-memory cache that a changed file invalidates), traversal and symlinks out of `root` refused.
 * A browser (Accept: text/html) asking for a missing page gets the site's `404.html` when it has one.
 *
 * A path answered once is remembered with its file: the next request for it costs one `stat`
 * (same device, inode, size, mtime and ctime as the cached bytes, else the full path runs again,
 * `realpath` check included) and headers built in advance.
 */
export function createStaticHandler(root: string, options: StaticOptions = {}): StaticHandler {
  const { maxCachedFile, maxCacheBytes, maxRoutes } = { ...DEFAULTS, ...options };
  const base = resolve(root);
  const cache = new Map<string, CachedFile>();
  const routes = new Map<string, Route>();
  const codings = new Map<string, Coding>();
  let cacheBytes = 0;
  let realBase: string | undefined;

  async function locate(
    rawPath: string,
  ): Promise<{ file: string; stats: Stats; absent?: string } | { redirect: string }> {
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
      if (st.isFile())
        return candidate === full ? { file: full, stats: st } : { file: candidate, stats: st, absent: full };
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

  function route(rawPath: string, value: Route): void {
    if (rawPath.length > MAX_ROUTE_CHARS) return;
    routes.delete(rawPath);
    routes.set(rawPath, value);
    if (routes.size > maxRoutes) {
      const oldest = routes.keys().next();
      if (!oldest.done) routes.delete(oldest.value);
    }
  }

  function unchanged(entry: CachedFile, st: Stats): boolean {
    return (
      entry.ino === st.ino &&
      entry.dev === st.dev &&
      entry.size === st.size &&
      entry.mtimeMs === st.mtimeMs &&
      entry.ctimeMs === st.ctimeMs
    );
  }

  async function load(file: string, stats: Stats): Promise<CachedFile> {
    const hit = cache.get(file);
    if (hit && unchanged(hit, stats)) {
      cache.delete(file);
      cache.set(file, hit);
      return hit;
    }
    const plain = await readFile(file);
    const hash = createHash('sha1').update(plain).digest('base64url').slice(0, 22);
    const type = contentTypeOf(file);
    const entry: CachedFile = {
      dev: stats.dev,
      ino: stats.ino,
      size: stats.size,
      mtimeMs: stats.mtimeMs,
      ctimeMs: stats.ctimeMs,
      mtime: stats.mtime,
      type,
      compressible: isCompressible(type) && stats.size >= 256,
      hash,
      plain,
      forms: {},
      bytes: plain.length,
    };
    remember(file, entry);
    return entry;
  }

  /** The representation of `entry` in `coding`, compressed and with its headers on first use. */
  function form(file: string, entry: CachedFile, coding: Coding): Form {
    const ready = entry.forms[coding];
    if (ready) return ready;
    const body =
      coding === 'br'
        ? brotliCompressSync(entry.plain, {
            params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: entry.size },
          })
        : coding === 'gzip'
          ? gzipSync(entry.plain, { level: 9 })
          : entry.plain;
    const etag = `"${entry.hash}${coding === 'identity' ? '' : coding === 'br' ? '-br' : '-gz'}"`;
    const notModified: OutgoingHttpHeaders = {
      'Content-Type': entry.type,
      'Last-Modified': entry.mtime.toUTCString(),
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    };
    if (entry.compressible) notModified['Vary'] = 'Accept-Encoding';
    notModified['ETag'] = etag;
    const ok: OutgoingHttpHeaders = { ...notModified };
    if (coding !== 'identity') ok['Content-Encoding'] = coding;
    ok['Content-Length'] = body.length;
    const made: Form = { etag, body, ok, notModified };
    entry.forms[coding] = made;
    if (body !== entry.plain && cache.get(file) === entry) {
      // Count the compressed bytes against the cache budget.
      entry.bytes += body.length;
      cacheBytes += body.length;
    }
    return made;
  }

  function codingFor(req: IncomingMessage, entry: CachedFile): Coding {
    if (!entry.compressible) return 'identity';
    const accept = req.headers['accept-encoding'];
    if (accept === undefined) return 'identity';
    let coding = codings.get(accept);
    if (coding === undefined) {
      coding = pickCoding(accept);
      if (codings.size >= MAX_CODINGS) codings.clear();
      codings.set(accept, coding);
    }
    return coding;
  }

  function send(req: IncomingMessage, res: ServerResponse, file: string, entry: CachedFile): void {
    const f = form(file, entry, codingFor(req, entry));
    if (isNotModified(req.headers, f.etag, entry.mtime)) {
      res.writeHead(304, f.notModified);
      res.end();
      return;
    }
    res.writeHead(200, f.ok);
    res.end(req.method === 'HEAD' ? undefined : f.body);
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

  function fromCache(req: IncomingMessage, res: ServerResponse, rawPath: string): boolean {
    const known = routes.get(rawPath);
    if (!known) return false;
    const entry = cache.get(known.file);
    if (!entry) return false;
    try {
      const st = statSync(known.file, { throwIfNoEntry: false });
      if (!st || !unchanged(entry, st)) return false;
      if (known.absent !== undefined && existsSync(known.absent)) return false;
    } catch {
      return false;
    }
    send(req, res, known.file, entry);
    return true;
  }

  async function serve(req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void> {
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
    if (stats.size > maxCachedFile) {
      await stream(req, res, file, stats);
      return;
    }
    const entry = await load(file, stats);
    route(rawPath, found.absent === undefined ? { file } : { file, absent: found.absent });
    send(req, res, file, entry);
  }

  return { fromCache, serve };
}

/** A large file, streamed as it is with a size-and-time ETag. */
async function stream(req: IncomingMessage, res: ServerResponse, file: string, stats: Stats): Promise<void> {
  const type = contentTypeOf(file);
  const headers: OutgoingHttpHeaders = {
    'Content-Type': type,
    'Last-Modified': stats.mtime.toUTCString(),
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  };
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
}
