import { extname } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.rss': 'application/rss+xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
};

/** Types whose bytes shrink under gzip/brotli (text, JSON, XML, SVG, wasm). */
const COMPRESSIBLE =
  /^(text\/|application\/(json|feed\+json|xml|atom\+xml|rss\+xml|manifest\+json|wasm)|image\/svg\+xml)/;

/**
 * The Content-Type of a file by its extension; unknown extensions are `application/octet-stream`
 * (never sniffed: the server sends `X-Content-Type-Options: nosniff`).
 * @example contentTypeOf('feeds/archive.atom.xml') // 'application/atom+xml; charset=utf-8'
 */
export function contentTypeOf(file: string): string {
  const lower = file.toLowerCase();
  // Feeds named by what they are and then by their syntax, as the site writes them.
  if (lower.endsWith('.atom.xml')) return 'application/atom+xml; charset=utf-8';
  if (lower.endsWith('.rss.xml')) return 'application/rss+xml; charset=utf-8';
  if (/(^|\/)feeds\/[^/]+\.json$/.test(lower)) return 'application/feed+json; charset=utf-8';
  return TYPES[extname(lower)] ?? 'application/octet-stream';
}

/** Whether a response of this Content-Type is worth compressing. */
export function isCompressible(contentType: string): boolean {
  return COMPRESSIBLE.test(contentType);
}
