import type { Fetcher } from './fetch.ts';

/** The public Wayback Machine CDX endpoint. */
export const DEFAULT_CDX = 'https://web.archive.org/cdx/search/cdx';

/** A snapshot found in the archive: its raw (`id_`) URL, its human URL and its time. */
export interface Snapshot {
  rawUrl: string;
  archiveUrl: string;
  timestamp: string;
  original: string;
}

/** Where a cited URL points into web.archive.org: the snapshot and the original it preserves. */
export function parseArchiveUrl(url: string): Snapshot | null {
  const m = /^https?:\/\/(?:web\.)?archive\.org\/web\/(\d{1,14})(?:[a-z]{2}_)?\/(.+)$/i.exec(url);
  if (!m?.[1] || !m[2]) return null;
  const original = /^https?:\/\//i.test(m[2]) ? m[2] : `http://${m[2]}`;
  return {
    timestamp: m[1],
    original,
    archiveUrl: `https://web.archive.org/web/${m[1]}/${original}`,
    rawUrl: `https://web.archive.org/web/${m[1]}id_/${original}`,
  };
}

/**
 * Asks a CDX endpoint for the successful snapshot of `url` closest to `date` (YYYY-MM-DD).
 * The snapshot is served from the endpoint's own origin (`/web/<ts>id_/<url>`), so a local CDX server
 * in tests serves its own copies. Resolves to null when there is none or the endpoint cannot answer.
 */
export async function findSnapshot(
  url: string,
  date: string,
  options: { fetcher: Fetcher; cdx?: string },
): Promise<Snapshot | null> {
  const cdx = new URL(options.cdx ?? DEFAULT_CDX);
  const query = new URL(cdx);
  query.searchParams.set('url', url);
  query.searchParams.set('output', 'json');
  query.searchParams.set('closest', date.replaceAll('-', '').padEnd(14, '0'));
  query.searchParams.set('sort', 'closest');
  query.searchParams.set('filter', 'statuscode:200');
  query.searchParams.set('fl', 'timestamp,original,statuscode');
  query.searchParams.set('limit', '1');
  const out = await options.fetcher.fetch(query.href);
  if (out.status !== 'ok') return null;
  let rows: unknown;
  try {
    rows = JSON.parse(Buffer.from(out.response.body).toString('utf8'));
  } catch {
    return null;
  }
  // Output: [["timestamp","original","statuscode"], ["20160428101500","http://…","200"]]
  if (!Array.isArray(rows)) return null;
  const row: unknown = rows[1];
  if (!Array.isArray(row) || typeof row[0] !== 'string' || typeof row[1] !== 'string') return null;
  const [timestamp, original] = row as [string, string];
  if (!/^\d{14}$/.test(timestamp) || !/^https?:\/\//i.test(original)) return null;
  return {
    timestamp,
    original,
    rawUrl: `${cdx.origin}/web/${timestamp}id_/${original}`,
    archiveUrl: `${cdx.origin}/web/${timestamp}/${original}`,
  };
}
