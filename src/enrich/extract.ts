import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { findLede } from './_lede.ts';
import { readMetadata } from './_metadata.ts';

/** What is kept of an article page. Every field is null when the page does not say. */
export interface Extraction {
  title: string | null;
  siteName: string | null;
  publishedTime: string | null;
  canonicalUrl: string | null;
  lang: string | null;
  byline: string | null;
  /** The article's first paragraph as published (dateline kept), plain text. */
  lede: string | null;
  /** A short description (Readability's excerpt or the page's description). */
  excerpt: string | null;
}

/** Pages larger than this are cut before parsing (the largest real article page is ~1 MB). */
const MAX_HTML_CHARS = 4_000_000;

/**
 * Extracts an article's metadata and lede from its HTML with a real DOM (linkedom) and Mozilla's
 * Readability, then checks Readability's first paragraph against the page's own body, since
 * Readability drops opening paragraphs or starts at a caption on some sites.
 * @example extractArticle(html, { url: 'https://apnews.com/…' }).lede // 'GENEVA (AP) — The U.N. envoy …'
 */
export function extractArticle(html: string, options: { url: string }): Extraction {
  const source = html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html;
  const { document } = parseHTML(source);
  const meta = readMetadata(document, options.url);
  const lede = findLede(document, meta, () => readabilityOf(source));
  return { ...meta, lede: lede.text, excerpt: meta.description ?? lede.readabilityExcerpt };
}

/** Readability's reading of the page (on its own DOM: Readability changes the one it reads). */
function readabilityOf(
  html: string,
): { content: string; excerpt: string | null; byline: string | null } | null {
  try {
    const { document } = parseHTML(html);
    const article = new Readability(document as unknown as Document, { charThreshold: 200 }).parse();
    if (!article?.content) return null;
    return { content: article.content, excerpt: article.excerpt ?? null, byline: article.byline ?? null };
  } catch {
    return null;
  }
}
