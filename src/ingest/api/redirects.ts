import type { DatabaseSync } from 'node:sqlite';
import { FetchError } from '../../model/errors.ts';
import type { IsoDate } from '../../model/ids.ts';
import { type RedirectAnswer, readLinkedTitles, writeRedirects } from '../../store/redirects.ts';
import type { RequestPolicy } from './_http.ts';
import { requestAnswer } from './_http.ts';
import { type ApiOptions, apiQueryUrl, MAX_BATCH, requestPolicy } from './client.ts';

/** What the wiki said of a set of linked titles. */
export interface RedirectLookup {
  /** One answer per title asked whose batch came back (target null: no redirect, or no page). */
  answers: RedirectAnswer[];
  /** Titles whose batch could not be fetched, with why (their redirects stay as stored). */
  failed: { titles: string[]; message: string }[];
}

/** Continuation rounds allowed for one batch (each must bring something new). */
const MAX_ROUNDS = MAX_BATCH + 1;

/**
 * The query URL asking which of `titles` are redirects:
 * `action=query&redirects=1&titles=…&formatversion=2&format=json&maxlag=5`.
 */
export function redirectsUrl(
  endpoint: string,
  titles: readonly string[],
  continueWith: Record<string, string> = {},
): string {
  return apiQueryUrl(endpoint, titles, { redirects: '1' }, continueWith);
}

/**
 * Asks the API which of `titles` redirect where, 50 titles a request, with the page fetches'
 * politeness (User-Agent, maxlag, Retry-After, at most `concurrency` requests at once).
 * Never throws for a network or API reason: such batches are listed in `failed`.
 * @example const { answers } = await fetchRedirects(['Islamic State in Iraq and the Levant']);
 */
export async function fetchRedirects(
  titles: readonly string[],
  options: ApiOptions = {},
): Promise<RedirectLookup> {
  const stop = new AbortController();
  const { policy, batchSize, concurrency } = requestPolicy(options, stop.signal);
  const batches = batchTitles(titles, batchSize);
  const out: RedirectLookup = { answers: [], failed: [] };
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++] as string[];
      const result = await lookupBatch(batch, policy);
      if (result.status === 'ok') out.answers.push(...result.answers);
      else out.failed.push({ titles: batch, message: result.message });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
  } finally {
    stop.abort();
  }
  return out;
}

/** Encoded `titles` characters per request at most: long non-Latin titles keep a GET URL within common server limits. */
const MAX_TITLES_CHARS = 6000;

/**
 * Splits titles into requests of at most `batchSize` titles and `MAX_TITLES_CHARS` encoded
 * characters (a title longer than that goes alone).
 */
export function batchTitles(titles: readonly string[], batchSize: number): string[][] {
  const batches: string[][] = [];
  let batch: string[] = [];
  let chars = 0;
  for (const t of titles) {
    const n = encodeURIComponent(t).length + 3;
    if (batch.length > 0 && (batch.length >= batchSize || chars + n > MAX_TITLES_CHARS)) {
      batches.push(batch);
      batch = [];
      chars = 0;
    }
    batch.push(t);
    chars += n;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** One batch, following continuations; never rejects. */
async function lookupBatch(
  titles: readonly string[],
  policy: RequestPolicy,
): Promise<{ status: 'ok'; answers: RedirectAnswer[] } | { status: 'failed'; message: string }> {
  const normalized = new Map<string, string>();
  const redirects = new Map<string, { to: string; fragment?: string }>();
  try {
    let continueWith: Record<string, string> | undefined = {};
    for (let round = 0; continueWith; round++) {
      if (round >= MAX_ROUNDS) {
        throw new FetchError(policy.endpoint, `MediaWiki API ${policy.endpoint}: too many continuations`);
      }
      const answer = await requestAnswer(redirectsUrl(policy.endpoint, titles, continueWith), policy);
      if (answer.kind !== 'query') break;
      const before = normalized.size + redirects.size;
      for (const [from, to] of answer.normalized) normalized.set(from, to);
      for (const [from, to] of answer.redirects) redirects.set(from, to);
      continueWith = answer.continueWith;
      if (continueWith && round > 0 && normalized.size + redirects.size === before) {
        throw new FetchError(
          policy.endpoint,
          `MediaWiki API ${policy.endpoint}: continuation gave no new redirect`,
        );
      }
    }
  } catch (error) {
    return { status: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
  const answers = titles.map((title): RedirectAnswer => {
    const to = redirects.get(normalized.get(title) ?? title);
    if (!to || to.to === title) return { title, target: null };
    return { title, target: to.to, ...(to.fragment !== undefined ? { fragment: to.fragment } : {}) };
  });
  return { status: 'ok', answers };
}

/** What checking the redirects of some days' links did. */
export interface RedirectReport {
  /** Distinct linked titles asked. */
  asked: number;
  /** Of those, titles that redirect. */
  redirects: number;
  /** Titles whose stored target is new or changed. */
  changed: number;
  /** Events whose context was re-resolved. */
  events: number;
  /** Batches not fetched. */
  failed: { titles: string[]; message: string }[];
}

/**
 * Asks the wiki which titles linked by the events of `dates` are redirects and stores the answers;
 * events linking a title whose target changed get their context re-resolved.
 * @example await updateRedirects(db, ['2016-04-28'], { endpoint })
 */
export async function updateRedirects(
  db: DatabaseSync,
  dates: readonly IsoDate[],
  options: ApiOptions & { now?: () => string } = {},
): Promise<RedirectReport> {
  const { now = () => new Date().toISOString(), ...api } = options;
  const titles = readLinkedTitles(db, dates);
  const lookup = await fetchRedirects(titles, api);
  const write = writeRedirects(db, lookup.answers, now());
  return {
    asked: titles.length,
    redirects: lookup.answers.filter((a) => a.target !== null).length,
    changed: write.changed,
    events: write.events,
    failed: lookup.failed,
  };
}

/**
 * One line telling what a redirect check did.
 * @example formatRedirectReport(r) // 'redirects: 412 linked titles asked, 37 are redirects, 2 changed (3 events re-resolved)'
 */
export function formatRedirectReport(r: RedirectReport): string {
  const failed = r.failed.reduce((n, f) => n + f.titles.length, 0);
  const why = r.failed[0] ? `; ${failed} titles not asked: ${r.failed[0].message}` : '';
  return `redirects: ${r.asked} linked titles asked, ${r.redirects} are redirects, ${r.changed} changed (${r.events} events re-resolved)${why}`;
}
