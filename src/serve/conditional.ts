import type { IncomingHttpHeaders } from 'node:http';

/**
 * Whether a GET/HEAD can be answered 304 Not Modified (RFC 9110 §13.1): `If-None-Match` decides
 * when present (weak comparison, `*` matches); otherwise `If-Modified-Since` against `lastModified`
 * at one-second precision.
 */
export function isNotModified(headers: IncomingHttpHeaders, etag: string, lastModified?: Date): boolean {
  const inm = headers['if-none-match'];
  if (inm !== undefined) {
    if (inm.trim() === '*') return true;
    const bare = etag.replace(/^W\//, '');
    return inm
      .slice(0, 4096)
      .split(',')
      .some((tag) => tag.trim().replace(/^W\//, '') === bare);
  }
  const ims = headers['if-modified-since'];
  if (ims === undefined || !lastModified) return false;
  const since = Date.parse(ims);
  if (Number.isNaN(since)) return false;
  return Math.floor(lastModified.getTime() / 1000) <= Math.floor(since / 1000);
}
