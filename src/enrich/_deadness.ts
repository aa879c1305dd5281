const PARKED =
  /domain (?:name )?(?:is|may be) for sale|buy this domain|this domain (?:has expired|is parked)|parked (?:free|domain)|sedoparking|parkingcrew|bodis\.com|hugedomains\.com|afternic\.com/;
// A not-found page's title: "404", "Page not found", "Not Found | Site", "Site - Page not found".
const NOT_FOUND_TITLE =
  /(?:^|[|\-–—:·]\s*)(?:error\s*)?(?:404\b|(?:page|article|story|content) (?:not found|(?:does not|doesn't) exist|(?:is )?no longer available|unavailable)|not found)/;

/**
 * Why a 200 response is really a dead page (parked domain, soft-404 page, deep link sent to the home page),
 * or null. Looks only at ASCII patterns, so no charset decoding is needed.
 */
export function deadPageReason(body: Uint8Array, options: { requested: URL; final: URL }): string | null {
  const head = Buffer.from(body.subarray(0, 65_536)).toString('latin1').toLowerCase();
  if (PARKED.test(head)) return 'parked domain';
  const title = /<title[^>]*>([^<]{0,300})/.exec(head)?.[1]?.replace(/\s+/g, ' ').trim() ?? '';
  if (NOT_FOUND_TITLE.test(title)) return 'soft-404 page (title says not found)';
  const deep = options.requested.pathname.length > 1 || options.requested.search.length > 0;
  const home = options.final.pathname === '/' && options.final.search === '';
  if (deep && home && options.requested.href !== options.final.href)
    return 'soft-404 (deep link redirected to the home page)';
  return null;
}
