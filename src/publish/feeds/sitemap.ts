import { text } from '../html/escape.ts';

/** Most URLs one sitemap file may list (sitemaps.org). */
export const SITEMAP_MAX_URLS = 50_000;

/**
 * sitemap.xml files for absolute page URLs: one file when they fit, else `sitemap-N.xml` parts and a
 * sitemap index at `sitemap.xml`. Returns [file, content] pairs.
 */
export function sitemaps(urls: readonly string[], baseUrl: string): [string, string][] {
  const head = '<?xml version="1.0" encoding="UTF-8"?>\n';
  const ns = 'http://www.sitemaps.org/schemas/sitemap/0.9';
  const urlset = (list: readonly string[]) =>
    `${head}<urlset xmlns="${ns}">\n${list.map((u) => `<url><loc>${text(u)}</loc></url>`).join('\n')}\n</urlset>\n`;
  if (urls.length <= SITEMAP_MAX_URLS) return [['sitemap.xml', urlset(urls)]];
  const out: [string, string][] = [];
  for (let i = 0; i * SITEMAP_MAX_URLS < urls.length; i++) {
    out.push([`sitemap-${i + 1}.xml`, urlset(urls.slice(i * SITEMAP_MAX_URLS, (i + 1) * SITEMAP_MAX_URLS))]);
  }
  const index = out
    .map(([f]) => `<sitemap><loc>${text(new URL(f, baseUrl).href)}</loc></sitemap>`)
    .join('\n');
  out.push(['sitemap.xml', `${head}<sitemapindex xmlns="${ns}">\n${index}\n</sitemapindex>\n`]);
  return out;
}

/**
 * robots.txt for a site published at `baseUrl`: everything may be crawled, and the sitemap is named
 * by its absolute URL (robots.txt is read at the host's root; a site under a sub-path still names it).
 */
export function robotsTxt(baseUrl: string): string {
  return `User-agent: *\nAllow: /\nSitemap: ${new URL('sitemap.xml', baseUrl).href}\n`;
}
