import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { excerptOf } from '../model/excerpt.ts';
import { bodyText } from './_bodyText.ts';
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
  /**
   * The article body as plain text: paragraphs (headings, list items and quotes included) separated
   * by blank lines, without navigation, captions, promos, related links, share bars or footers.
   * Kept locally (it verifies the lede and can feed local search); pages publish only the excerpt.
   */
  text: string | null;
  /**
   * The lede's opening (`excerptOf`), what event pages show: never the page's meta description,
   * which often drops the dateline or is a standfirst, a video caption ("03:08 - Source: CNN") or
   * double-escaped ("…gaming.&nbsp;", MSN). Null without a lede.
   */
  excerpt: string | null;
}

/** Pages larger than this are cut before parsing (the largest real article page is ~1 MB). */
const MAX_HTML_CHARS = 4_000_000;

/**
 * Extracts an article's metadata and lede from its HTML with a real DOM (linkedom): the lede is
 * the first paragraph of the page's own article body (Readability drops opening paragraphs or
 * starts at a caption on some sites); Mozilla's Readability is asked only when none is found.
 * @example extractArticle(html, { url: 'https://apnews.com/…' }).lede // 'GENEVA (AP) — The U.N. envoy …'
 */
export function extractArticle(html: string, options: { url: string }): Extraction {
  const source = html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html;
  const { document } = parseHTML(source);
  const meta = readMetadata(document, options.url);
  const body = bodyText(document, { title: meta.title, description: meta.description });
  const lede = findLede(document, body, () => readabilityOf(source));
  const text = body.paragraphs.length > 0 ? body.paragraphs.join('\n\n') : null;
  return { ...meta, lede: lede.text, excerpt: lede.text ? excerptOf(lede.text) : null, text };
}

/** Readability's reading of the page (on its own DOM: Readability changes the one it reads). */
function readabilityOf(
  html: string,
): { content: string; excerpt: string | null; byline: string | null } | null {
  try {
    const { document } = parseHTML(html);
    if (ancestorCount(document as unknown as Document, MAX_READABILITY_ANCESTORS) > MAX_READABILITY_ANCESTORS)
      return null;
    const article = new Readability(document as unknown as Document, {
      charThreshold: 200,
      maxElemsToParse: MAX_READABILITY_ELEMENTS,
    }).parse();
    if (!article?.content) return null;
    return { content: article.content, excerpt: article.excerpt ?? null, byline: article.byline ?? null };
  } catch {
    return null;
  }
}

/**
 * Readability on linkedom grows with the number of elements times their depth: 3,000 elements
 * nested 60 deep take 4 s, 2,000 nested in one chain 2 minutes. The real article pages have at
 * most ~2,100 elements and ~19,000 ancestor links in all (Radio-Canada); a page over three times
 * that is read from its own body only (a hostile or broken page must not hold a worker for minutes).
 */
const MAX_READABILITY_ANCESTORS = 60_000;
const MAX_READABILITY_ELEMENTS = 10_000;

/** The sum over all elements of their number of ancestors, counted up to `cap` (cost O(cap)). */
function ancestorCount(document: Document, cap: number): number {
  let sum = 0;
  for (const el of document.querySelectorAll('*')) {
    for (let e = el.parentElement; e; e = e.parentElement) if (++sum > cap) return sum;
  }
  return sum;
}
