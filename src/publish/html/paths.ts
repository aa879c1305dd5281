import type { PagePath } from '../model.ts';

/** The HTML file of a page path: '/news/2016/04/28/x' → 'news/2016/04/28/x.html'. */
export function htmlFile(path: PagePath): string {
  return `${path.replace(/^\/+/, '')}.html`;
}

/**
 * A relative link from one site path to another (any extension already on `to` is kept), so the
 * site works from a folder (file://) as well as from any host or sub-folder.
 * @example relativeHref('/news/2016/04/28/x', '/news/2016/04/index.html') // '../index.html'
 */
export function relativeHref(from: PagePath, to: string): string {
  const f = stripSlashes(from);
  const t = stripSlashes(to);
  const dirEnd = f.lastIndexOf('/') + 1;
  // The longest run of whole folders both paths start with: equal characters up to a shared '/'.
  const n = Math.min(dirEnd, t.length);
  let common = 0;
  for (let k = 0; k < n && f.charCodeAt(k) === t.charCodeAt(k); k++)
    if (f.charCodeAt(k) === SLASH) common = k + 1;
  let up = 0;
  for (let k = common; k < dirEnd; k++) if (f.charCodeAt(k) === SLASH) up++;
  return `${'../'.repeat(up)}${t.slice(common)}` || './';
}

const SLASH = 47;

function stripSlashes(path: string): string {
  let i = 0;
  while (path.charCodeAt(i) === SLASH) i++;
  return i === 0 ? path : path.slice(i);
}

/** A relative link to another page path, as its `.html` file. */
export function pageHref(from: PagePath, to: PagePath): string {
  return relativeHref(from, `${to}.html`);
}
