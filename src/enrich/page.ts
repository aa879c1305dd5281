import { excerptOf } from '../model/excerpt.ts';
import { decodeHtml } from './charset.ts';
import type { PageFields } from './enrich.ts';
import { extractArticle } from './extract.ts';

/** Decodes fetched bytes (header, BOM, meta, sniffing) and extracts the page fields the store keeps. */
export function extractPage(body: Uint8Array, options: { contentType?: string; url: string }): PageFields {
  const decoded = decodeHtml(body, options.contentType ? { contentType: options.contentType } : {});
  const x = extractArticle(decoded.text, { url: options.url });
  return {
    title: x.title,
    siteName: x.siteName,
    publishedTime: x.publishedTime,
    canonicalUrl: x.canonicalUrl,
    lang: x.lang,
    byline: x.byline,
    lede: x.lede,
    excerpt: x.excerpt ?? (x.lede ? excerptOf(x.lede) : null),
    charset: decoded.charset,
    text: x.text,
  };
}
