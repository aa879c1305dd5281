// The one retry rule of every HTTP client here (the MediaWiki API client and the source fetcher):
// how long to wait before the next try, from the server's Retry-After or an exponential backoff.

/**
 * `Retry-After` in ms: delta seconds (RFC 9110: digits only) or an HTTP date (a past one is 0);
 * undefined when absent or unreadable.
 * @example retryAfterMs('2', Date.now()) // 2000
 */
export function retryAfterMs(header: string | null | undefined, now: number): number | undefined {
  if (header === null || header === undefined) return undefined;
  const h = header.trim();
  if (/^\d+$/.test(h)) return Number(h) * 1000;
  // Every HTTP-date form names a weekday or month; a bare number such as "1.5" is not a date.
  if (!/[a-z]/i.test(h)) return undefined;
  const at = Date.parse(h);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * The wait before try `attempt + 1` (attempt 0 is the first retry): Retry-After when the server gave a
 * readable one, else `baseMs` doubled on each attempt; never below `minMs` (no tight loop on
 * "Retry-After: 0") nor above `maxMs` (a server cannot park the client for hours).
 * @example retryDelayMs(1, null, { baseMs: 1000, maxMs: 60_000, now: Date.now() }) // 2000
 */
export function retryDelayMs(
  attempt: number,
  retryAfter: string | null | undefined,
  policy: { baseMs: number; maxMs: number; minMs?: number; now: number },
): number {
  const backoff = policy.baseMs * 2 ** attempt;
  const wanted = retryAfterMs(retryAfter, policy.now) ?? backoff;
  return Math.min(Math.max(wanted, policy.minMs ?? 0), policy.maxMs);
}
