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
  const a = from.replace(/^\/+/, '').split('/');
  a.pop();
  const b = to.replace(/^\/+/, '').split('/');
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  const up = a.length - i;
  const rest = b.slice(i).join('/');
  return `${'../'.repeat(up)}${rest}` || './';
}

/** A relative link to another page path, as its `.html` file. */
export function pageHref(from: PagePath, to: PagePath): string {
  return relativeHref(from, `${to}.html`);
}
