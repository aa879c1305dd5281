import type { Output } from '../engine/output.ts';
import { robotsTxt, sitemaps } from '../feeds/sitemap.ts';
import { NOT_FOUND_FILE } from '../html/notfound.ts';

/** Whether a file is an HTML page listed in the sitemap (every page but the search and 404 pages). */
export function isSitemapPage(file: string): boolean {
  return file.endsWith('.html') && file !== 'search.html' && file !== NOT_FOUND_FILE;
}

/** sitemap.xml (split in parts when large) from the final list of files, in file-name order, and robots.txt naming it. */
export const sitemapOutput: Output = {
  name: 'sitemap',
  owns: (file) => file === 'robots.txt' || /^sitemap(-\d+)?\.xml$/.test(file),
  *site(ctx) {
    yield ['robots.txt', robotsTxt(ctx.baseUrl)];
  },
  finish(ctx, files) {
    const pages = [...files].filter(isSitemapPage).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return sitemaps(
      pages.map((f) => new URL(f, ctx.baseUrl).href),
      ctx.baseUrl,
    );
  },
};
