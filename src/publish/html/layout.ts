import type { PagePath } from '../model.ts';
import { attr, text } from './escape.ts';
import { relativeHref } from './paths.ts';

/** What every page has: its path, title, body; optional description and feeds. */
export interface PageShell {
  path: PagePath;
  title: string;
  body: string;
  description?: string;
  /** Site paths (with extension) of this page's feeds; the whole archive's feeds are always linked. */
  feeds?: { atom: string; json: string };
}

export const SITE_NAME = 'Currents';
export const CSS_FILE = 'assets/site.css';
export const ARCHIVE_FEEDS = { atom: '/feeds/archive.atom.xml', json: '/feeds/archive.json' };
/** The site's icon (an SVG file beside the stylesheet): linked by every page, so no browser asks for a missing /favicon.ico. */
export const ICON_FILE = 'assets/icon.svg';
/** The icon's SVG. */
export const ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0b6e4f"/><path d="M11.5 4.6a4.2 4.2 0 1 0 0 6.8" stroke="#fff" stroke-width="2.2" fill="none"/></svg>\n';

/** The `<link>` naming the icon; `href` is the icon file's URL as seen from the page. */
export function iconLink(href: string): string {
  return `<link rel="icon" type="image/svg+xml" href="${href}">`;
}

/** A complete, escaped HTML document: skip link, header with search, main, footer; all links relative. */
export function layout(page: PageShell): string {
  const to = (p: string) => attr(relativeHref(page.path, p));
  const feeds = page.feeds ?? ARCHIVE_FEEDS;
  const head = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${text(page.title)} — ${SITE_NAME}</title>`,
    page.description ? `<meta name="description" content="${attr(page.description)}">` : '',
    iconLink(to(`/${ICON_FILE}`)),
    `<link rel="stylesheet" href="${to(`/${CSS_FILE}`)}">`,
    `<link rel="alternate" type="application/atom+xml" title="${attr(page.title)} (Atom)" href="${to(feeds.atom)}">`,
    `<link rel="alternate" type="application/feed+json" title="${attr(page.title)} (JSON Feed)" href="${to(feeds.json)}">`,
    '</head>',
  ].filter((l) => l !== '');
  return `${head.join('\n')}\n${siteHeader(to)}${page.body}${siteFooter(to)}`;
}

/** `<body>` up to the opening of `<main>`: skip link, site name, site navigation and search. `to` makes a site path an href. */
export function siteHeader(to: (sitePath: string) => string): string {
  return `<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site"><div class="bar">
<a class="name" href="${to('/index.html')}">${SITE_NAME}</a>
<nav aria-label="Site"><ul><li><a href="${to('/index.html')}">Latest</a></li><li><a href="${to('/index.html#years')}">Archive</a></li><li><a href="${to('/search.html')}">Search</a></li></ul></nav>
<form role="search" aria-label="Site search" action="${to('/search.html')}" method="get"><label class="skip" for="site-q">Search the archive</label><input id="site-q" type="search" name="q" placeholder="Search events" autocomplete="off"><button type="submit">Search</button></form>
</div></header>
<main id="main" tabindex="-1">
`;
}

/** The closing of `<main>`, the footer (attribution, archive feeds) and the end of the document. */
export function siteFooter(to: (sitePath: string) => string): string {
  return `</main>
<footer class="site"><p>Events from Wikipedia's <a href="https://en.wikipedia.org/wiki/Portal:Current_events" rel="noopener">Current events portal</a> (CC BY-SA). Feeds: <a href="${to(ARCHIVE_FEEDS.atom)}">Atom</a> · <a href="${to(ARCHIVE_FEEDS.json)}">JSON Feed</a>.</p></footer>
</body>
</html>
`;
}

/** A breadcrumb trail: [label, site path with extension] pairs; the last is the current page. */
export function crumbs(from: PagePath, trail: [label: string, target: string][]): string {
  const items = trail.map(([label, target], i) =>
    i === trail.length - 1
      ? `<li><span aria-current="page">${text(label)}</span></li>`
      : `<li><a href="${attr(relativeHref(from, target))}">${text(label)}</a></li>`,
  );
  return `<nav class="crumbs" aria-label="Breadcrumb"><ol>${items.join('')}</ol></nav>\n`;
}
