const PARKED =
  /domain (?:name )?(?:is|may be) for sale|buy this domain|this domain (?:has expired|is parked)|parked (?:free|domain)|sedoparking|parkingcrew|bodis\.com|hugedomains\.com|afternic\.com/;
const SOFT_404_TITLE =
  /<title[^>]*>[^<]{0,200}?(?:\b404\b|page not found|not found|no longer available|page (?:does not|doesn't) exist)/;

/**
 * Why a 200 response is really a dead page (parked domain, soft-404 page, deep link sent to the home page),
 * or null. Looks only at ASCII patterns, so no charset decoding is needed.
 */
export function deadPageReason(body: Uint8Array, options: { requested: URL; final: URL }): string | null {
  const head = Buffer.from(body.subarray(0, 65_536)).toString('latin1').toLowerCase();
  if (PARKED.test(head)) return 'parked domain';
  if (SOFT_404_TITLE.test(head)) return 'soft-404 page (title says not found)';
  const deep = options.requested.pathname.length > 1 || options.requested.search.length > 0;
  const home = options.final.pathname === '/' && options.final.search === '';
  if (deep && home && options.requested.href !== options.final.href)
    return 'soft-404 (deep link redirected to the home page)';
  return null;
}
