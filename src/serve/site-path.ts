import { HttpError } from './http-error.ts';

/** Longest request path accepted, in characters (longer: 414). */
export const MAX_PATH_CHARS = 2048;

/**
 * The decoded segments of a request path inside the site folder, or an HttpError:
 * 400 for a traversal (`..` or `.` segments, raw or percent-encoded as `%2e%2e` / `..%2f`), a NUL
 * (`%00`), a backslash or a malformed escape; 404 for a hidden file (a segment starting with `.`).
 * Pure: the caller joins the segments to the folder.
 * @example sitePath('/news/2016/04/28/') // ['news', '2016', '04', '28', '']
 */
export function sitePath(rawPath: string): string[] {
  if (rawPath.length > MAX_PATH_CHARS) throw new HttpError(414, 'uri_too_long', 'Request path too long');
  if (!rawPath.startsWith('/')) throw new HttpError(400, 'bad_path', 'Request path must start with /');
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    throw new HttpError(400, 'bad_path', 'Request path has a malformed percent escape');
  }
  if (/[\u0000-\u001f\u007f\\]/.test(decoded)) {
    throw new HttpError(400, 'bad_path', 'Request path holds a control character or a backslash');
  }
  const segments = decoded.slice(1).split('/');
  for (const [i, s] of segments.entries()) {
    if (s === '..' || s === '.')
      throw new HttpError(400, 'bad_path', 'Request path may not climb out of the site');
    if (s === '' && i < segments.length - 1) throw new HttpError(404, 'not_found', 'No such page');
    if (s.startsWith('.')) throw new HttpError(404, 'not_found', 'No such page');
  }
  return segments;
}
