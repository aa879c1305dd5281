import type { StoredOutcome } from '../store/articles.ts';

/**
 * Reasons the fetcher gives when it never got an answer from the host: DNS failures ("DNS lookup of
 * x failed: ENOTFOUND", "no address for x", "… skipped: no DNS server answers"), no connection
 * ("network: …") or no response headers ("headers-timeout: …").
 */
const UNREACHED = /^(?:DNS lookup of |no address for |network: |headers-timeout: )/;

/** Reasons that prove a host answered: an HTTP status, a page judged dead by its content, robots.txt. */
const ANSWERED = /^(?:HTTP \d|parked domain|soft-404|robots\.txt of )/;

/** Reasons of sources never tried (the run's time budget ran out first): never a verdict on the page. */
const NOT_TRIED = /^time budget of this run spent/;

/** How close (ms) an answered record must be to vouch that the network was up for an unreached one. */
const SAME_RUN_MS = 10 * 60_000;

/**
 * URLs of stored `dead`/`failed` records that only say the host was not reached, made at a time when no
 * host answered at all (no record within 10 minutes of it shows an answer): an offline run's records
 * (every sample source "dead", DNS not found). Such records say nothing true about the page; the run
 * forgets them so they are fetched again, without a flag, and pages say nothing about them meanwhile.
 * Records of sources a run's time budget left untried are forgotten too, whenever they were made.
 */
export function offlineRecords(rows: readonly StoredOutcome[]): string[] {
  const answered = rows
    .filter((r) => r.outcome === 'ok' || r.outcome === 'archived' || ANSWERED.test(r.reason ?? ''))
    .map((r) => Date.parse(r.enrichedAt))
    .filter((t) => Number.isFinite(t))
    .sort((a, b) => a - b);
  const out: string[] = [];
  for (const r of rows) {
    if (r.outcome !== 'dead' && r.outcome !== 'failed') continue;
    if (NOT_TRIED.test(r.reason ?? '')) {
      out.push(r.url);
      continue;
    }
    if (!UNREACHED.test(r.reason ?? '')) continue;
    const t = Date.parse(r.enrichedAt);
    if (!Number.isFinite(t) || !anyWithin(answered, t, SAME_RUN_MS)) out.push(r.url);
  }
  return out;
}

/** Whether a sorted list holds a value within `span` of `t` (binary search). */
function anyWithin(sorted: readonly number[], t: number, span: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < t - span) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && (sorted[lo] as number) <= t + span;
}
