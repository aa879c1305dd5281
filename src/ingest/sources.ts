import { decodeHTML } from 'entities';
import type { Source } from '../model/event.ts';

/** What an external link or citation yields: a source, or why it is not one. */
export type SourceResult = { ok: true; source: Source } | { ok: false; reason: string };

const ARCHIVE_HOSTS = /^(?:web\.|wayback\.)?archive\.org$/i;

/**
 * Builds a source from a cited URL and the label the portal shows for it. The URL must be
 * absolute http(s) (protocol-relative `//host/…` is read as https); an archive.org copy yields
 * the original URL with the copy kept as `archiveUrl`.
 * @example sourceFrom('https://web.archive.org/web/2005/http://x.com/a', '(Vanguard)')
 *   // { url: 'http://x.com/a', publisher: 'Vanguard', archiveUrl: 'https://web.archive.org/web/2005/http://x.com/a', deadLink: false }
 */
export function sourceFrom(rawUrl: string, rawLabel: string): SourceResult {
  let url = rawUrl.trim();
  if (url.includes('&')) url = decodeHTML(url);
  if (url.startsWith('//')) url = `https:${url}`;
  const parsed = parseHttpUrl(url);
  if (!parsed) return { ok: false, reason: `not an absolute http(s) URL: ${truncate(rawUrl)}` };
  let archiveUrl: string | undefined;
  let original = parsed;
  if (ARCHIVE_HOSTS.test(parsed.hostname)) {
    const m = /^\/web\/[0-9a-z_*]+\/(.+)$/i.exec(parsed.pathname + parsed.search + parsed.hash);
    if (m) {
      let inner = m[1] as string;
      if (!/^https?:\/\//i.test(inner)) inner = inner.replace(/^https?:\/(?!\/)/i, (p) => `${p}/`);
      if (!/^https?:\/\//i.test(inner)) inner = `http://${inner}`;
      const innerUrl = parseHttpUrl(inner);
      if (innerUrl) {
        archiveUrl = parsed.href;
        original = innerUrl;
      }
    }
  }
  const publisher = publisherLabel(rawLabel) || hostLabel(original);
  const source: Source = { url: original.href, publisher, deadLink: false };
  if (archiveUrl) source.archiveUrl = archiveUrl;
  return { ok: true, source };
}

/**
 * Cleans a link label into a publisher name: markup, outer parentheses and brackets removed.
 * @example publisherLabel("(AP via ''Tulsa World'')") // 'AP via Tulsa World'
 */
export function publisherLabel(raw: string): string {
  // Fast path: "(Reuters)", "(BBC News)".
  const simple = /^\s*\(([^()'<>[\]&{}\s](?:[^()'<>[\]&{}\n]*[^()'<>[\]&{}\s])?)\)\s*$/.exec(raw);
  if (simple && !simple[1]?.includes('  ')) return simple[1] as string;
  let s = raw;
  if (s.includes('&')) s = decodeHTML(s);
  // No "<" or "[" inside the repeated classes: with them, each of thousands of unclosed "<" or "[["
  // in a label rescanned the rest of it (1 s for one mutated real day in the fuzz test).
  s = s
    .replace(/<[^<>]*>/g, '')
    .replace(/'{2,}/g, '')
    .replace(/\[\[(?:[^\][|]*\|)?([^\][]*)\]\]/g, '$1')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
  for (let guard = 0; guard < 3; guard++) {
    const m = /^[([](.*)[)\]]$/.exec(s);
    if (!m || !balanced(m[1] as string)) break;
    s = (m[1] as string).trim();
  }
  return s;
}

function balanced(s: string): boolean {
  let depth = 0;
  for (const c of s) {
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

function hostLabel(url: URL): string {
  return url.hostname.replace(/^www\d?\./i, '');
}

function parseHttpUrl(s: string): URL | null {
  if (!/^https?:\/\/[^\s/?#]/i.test(s)) return null;
  const u = URL.parse(s);
  return u && (u.protocol === 'http:' || u.protocol === 'https:') ? u : null;
}

function truncate(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

/**
 * Reads a citation template's parameters into a source: `url`, the publisher from `work`,
 * `website`, `newspaper`, `publisher` or `agency`, `archive-url` and `url-status=dead`.
 */
export function sourceFromCitation(params: Map<string, string>): SourceResult {
  const url = params.get('url') ?? params.get('chapter-url') ?? '';
  if (!url.trim()) return { ok: false, reason: 'citation without url=' };
  const label = ['work', 'website', 'newspaper', 'magazine', 'journal', 'publisher', 'agency', 'via']
    .map((k) => params.get(k)?.trim() ?? '')
    .find((v) => v.length > 0);
  const result = sourceFrom(url, label ?? '');
  if (!result.ok) return result;
  const archive = (params.get('archive-url') ?? params.get('archiveurl') ?? '').trim();
  if (archive && !result.source.archiveUrl) {
    const a = sourceFrom(archive, '');
    if (a.ok) result.source.archiveUrl = a.source.archiveUrl ?? archive;
  }
  const status = (params.get('url-status') ?? params.get('deadurl') ?? params.get('dead-url') ?? '')
    .trim()
    .toLowerCase();
  if (status === 'dead' || status === 'yes' || status === 'unfit' || status === 'usurped')
    result.source.deadLink = true;
  return result;
}
