import { attr } from './escape.ts';
import { ARCHIVE_FEEDS, ICON_FILE, iconLink, SITE_NAME, siteHeader } from './layout.ts';
import { SITE_CSS } from './style.ts';

/** The not-found page's file at the site root (the name static hosts and `currents serve` look for). */
export const NOT_FOUND_FILE = '404.html';

/**
 * The site's 404 page. Hosts serve it at whatever depth the missing URL had, so relative links
 * would break: every link is absolute from `baseUrl` (a folder URL ending in `/`), written as a path
 * without scheme and host, so the page also works where the same folder is served on another host
 * or port (`currents serve --port 3000` of a site built for https://news.example.org/). The CSS is
 * inlined. It never shows the requested path, so nothing from the URL reaches the page.
 * @example renderNotFoundPage('https://example.org/currents/') // links to /currents/index.html
 */
export function renderNotFoundPage(baseUrl: string): string {
  const to = (file: string) => {
    const url = new URL(file.replace(/^\/+/, ''), baseUrl);
    return attr(url.pathname + url.hash);
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Page not found — ${SITE_NAME}</title>
${iconLink(to(`/${ICON_FILE}`))}
<style>
${SITE_CSS.replaceAll('</', '<\\/')}
</style>
<link rel="alternate" type="application/atom+xml" title="${SITE_NAME} (Atom)" href="${to(ARCHIVE_FEEDS.atom)}">
</head>
${siteHeader(to)}<h1>Page not found</h1>
<p>There is no page at this address. It may have moved, or the link may be mistyped.</p>
<ul>
<li><a href="${to('index.html')}">The latest events</a></li>
<li><a href="${to('index.html#years')}">The archive by year</a></li>
<li><a href="${to('search.html')}">Search the archive</a></li>
</ul>
</main>
<footer class="site"><p>Events from Wikipedia's <a href="https://en.wikipedia.org/wiki/Portal:Current_events" rel="noopener">Current events portal</a> (CC BY-SA).</p></footer>
</body>
</html>
`;
}
