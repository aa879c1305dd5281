import { FetchError, UsageError } from '../../model/errors.ts';
import { userAgent } from '../../model/version.ts';
import { type RequestPolicy, realSleeper, requestAnswer, type Sleeper } from './_http.ts';
import type { PageAnswer } from './_response.ts';
import { dayTitle, titleDate } from './titles.ts';

/** English Wikipedia's Action API. */
export const DEFAULT_ENDPOINT = 'https://en.wikipedia.org/w/api.php';

/** Titles per request: the API's limit for clients without the apihighlimits right. */
export const MAX_BATCH = 50;

/** One fetched portal day, in the shape the ingest pipeline reads (`DayInput`). */
export interface ApiDay {
  /** The page at that revision: `…/index.php?title=…&oldid=…`. */
  origin: string;
  /** The wikitext, UTF-8. */
  bytes: Uint8Array;
  dateHint: string;
  title: string;
  revisionId: number;
  revisionTimestamp: string;
}

/** What became of one requested day. */
export type DayResult =
  | { status: 'ok'; date: string; day: ApiDay }
  /** The wiki has no page for that day (not a failure: some days were never written). */
  | { status: 'missing'; date: string; title: string; url: string }
  | { status: 'failed'; date: string; title: string; message: string };

/** How to reach the API and how politely. Every field has a default. */
export interface ApiOptions {
  /** api.php URL (http or https); default English Wikipedia. */
  endpoint?: string;
  /** Requests in flight at once (default 2). */
  concurrency?: number;
  /** Titles per request (default and maximum 50). */
  batchSize?: number;
  /** Contact URL or e-mail put in the User-Agent (Wikimedia's policy asks for one). */
  contact?: string;
  userAgent?: string;
  retries?: number;
  timeoutMs?: number;
  maxBytes?: number;
  backoffMs?: number;
  maxWaitMs?: number;
  sleeper?: Sleeper;
  signal?: AbortSignal;
  /** Told before every wait: why, and for how long (progress lines, tests). */
  onRetry?: (reason: string, waitMs: number) => void;
}

const DEFAULTS = {
  endpoint: DEFAULT_ENDPOINT,
  concurrency: 2,
  batchSize: MAX_BATCH,
  contact: '+https://example.invalid/currents-contact; set --contact',
  retries: 5,
  timeoutMs: 60_000,
  maxBytes: 32 * 1024 * 1024,
  backoffMs: 1000,
  maxWaitMs: 120_000,
} satisfies Partial<ApiOptions>;

/** Continuation rounds allowed for one batch before giving up (each round gives at least one page). */
const MAX_ROUNDS = MAX_BATCH + 1;

/**
 * Checks an `--api` value: an absolute http(s) URL. Throws UsageError otherwise.
 * @example checkEndpoint('https://en.wikipedia.org/w/api.php')
 */
export function checkEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new UsageError(`--api needs a URL, e.g. --api ${DEFAULT_ENDPOINT} (got "${endpoint}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--api needs an http(s) URL, e.g. --api ${DEFAULT_ENDPOINT} (got "${endpoint}")`);
  }
  if (url.username || url.password) throw new UsageError('--api must not carry a user name or password');
  return url.href;
}

/**
 * The URL of a page at a revision, beside the api.php: `…/w/index.php?title=…&oldid=…`.
 * @example pageUrl('https://en.wikipedia.org/w/api.php', 'Portal:Current events/2016 April 28', 1)
 * // 'https://en.wikipedia.org/w/index.php?title=Portal%3ACurrent_events%2F2016_April_28&oldid=1'
 */
export function pageUrl(endpoint: string, title: string, revisionId?: number): string {
  const url = new URL(endpoint);
  url.pathname = url.pathname.replace(/api\.php$/, 'index.php');
  url.search = '';
  url.searchParams.set('title', title.replace(/ /g, '_'));
  if (revisionId !== undefined) url.searchParams.set('oldid', String(revisionId));
  return url.href;
}

/**
 * An `action=query` URL of the API for `titles`, with the parameters every query sends
 * (formatversion 2, JSON, maxlag 5), the given `params` and continuation parameters.
 */
export function apiQueryUrl(
  endpoint: string,
  titles: readonly string[],
  params: Record<string, string>,
  continueWith: Record<string, string> = {},
): string {
  const url = new URL(endpoint);
  const all: Record<string, string> = {
    action: 'query',
    ...params,
    formatversion: '2',
    format: 'json',
    maxlag: '5',
    titles: titles.join('|'),
    ...continueWith,
  };
  for (const [k, v] of Object.entries(all)) url.searchParams.set(k, v);
  return url.href;
}

/** The query URL for a set of titles (and continuation parameters). */
export function queryUrl(
  endpoint: string,
  titles: string[],
  continueWith: Record<string, string> = {},
): string {
  return apiQueryUrl(
    endpoint,
    titles,
    { prop: 'revisions', rvprop: 'content|ids|timestamp', rvslots: 'main' },
    continueWith,
  );
}

/**
 * Fetches the portal pages of `dates` (YYYY-MM-DD), `batchSize` titles a request, at most
 * `concurrency` requests at once, and yields one result per date in the order given.
 * Never throws for a network or API reason: such days come out `failed`.
 * @example for await (const r of fetchDays(['2016-04-28'])) if (r.status === 'ok') console.log(r.day.revisionId);
 */
export async function* fetchDays(dates: string[], options: ApiOptions = {}): AsyncGenerator<DayResult> {
  const stop = new AbortController();
  const { policy, batchSize, concurrency } = requestPolicy(options, stop.signal);
  const batches: string[][] = [];
  for (let i = 0; i < dates.length; i += batchSize) batches.push(dates.slice(i, i + batchSize));
  const running: Promise<DayResult[]>[] = [];
  let next = 0;
  try {
    while (next < batches.length && running.length < concurrency)
      running.push(fetchBatch(batches[next++]!, policy));
    while (running.length > 0) {
      const results = await running.shift()!;
      if (next < batches.length) running.push(fetchBatch(batches[next++]!, policy));
      yield* results;
    }
  } finally {
    stop.abort();
  }
}

/**
 * How every request to the API is made (User-Agent, timeouts, caps, retries honouring maxlag and
 * Retry-After), with the batch size and concurrency, from the options and their defaults. `stop`
 * aborts the requests along with `options.signal`.
 */
export function requestPolicy(
  options: ApiOptions,
  stop: AbortSignal,
): { policy: RequestPolicy; batchSize: number; concurrency: number } {
  const o = { ...DEFAULTS, ...options };
  const endpoint = checkEndpoint(o.endpoint);
  const policy: RequestPolicy = {
    endpoint,
    userAgent: o.userAgent ?? userAgent(o.contact),
    timeoutMs: o.timeoutMs,
    maxBytes: o.maxBytes,
    retries: o.retries,
    backoffMs: o.backoffMs,
    maxWaitMs: o.maxWaitMs,
    sleeper: o.sleeper ?? realSleeper,
    signal: o.signal ? AbortSignal.any([o.signal, stop]) : stop,
    ...(o.onRetry ? { onRetry: o.onRetry } : {}),
  };
  return {
    policy,
    batchSize: Math.max(1, Math.min(MAX_BATCH, Math.floor(o.batchSize))),
    concurrency: Math.max(1, Math.floor(o.concurrency)),
  };
}

/** Fetches one batch of days, following continuations; resolves (never rejects) to one result per date. */
async function fetchBatch(dates: string[], policy: RequestPolicy): Promise<DayResult[]> {
  const titleOf = new Map(dates.map((d) => [d, dayTitle(d)]));
  const dateOf = new Map([...titleOf].map(([d, t]) => [t, d]));
  const done = new Map<string, DayResult>();
  try {
    let continueWith: Record<string, string> | undefined = {};
    for (let round = 0; continueWith && round < MAX_ROUNDS; round++) {
      const answer = await requestAnswer(
        queryUrl(policy.endpoint, [...titleOf.values()], continueWith),
        policy,
      );
      if (answer.kind !== 'query') break; // errors were thrown by requestAnswer
      for (const [from, to] of answer.normalized) {
        const d = dateOf.get(from);
        if (d !== undefined) dateOf.set(to, d);
      }
      const before = done.size;
      for (const page of answer.pages) {
        const date = dateOf.get(page.title) ?? titleDate(page.title);
        if (date === undefined || !titleOf.has(date) || done.has(date)) continue;
        const result = toResult(date, page, policy.endpoint);
        if (result) done.set(date, result);
      }
      continueWith = answer.continueWith;
      if (continueWith && done.size === before && round > 0) {
        throw new FetchError(
          policy.endpoint,
          `MediaWiki API ${policy.endpoint}: continuation gave no new page`,
        );
      }
    }
  } catch (error) {
    if (policy.signal?.aborted && !(error instanceof FetchError)) return [];
    const message = error instanceof Error ? error.message : String(error);
    for (const d of dates) {
      if (!done.has(d)) done.set(d, { status: 'failed', date: d, title: titleOf.get(d)!, message });
    }
  }
  return dates.map(
    (d) =>
      done.get(d) ?? {
        status: 'failed',
        date: d,
        title: titleOf.get(d)!,
        message: `MediaWiki API ${policy.endpoint} did not list the page "${titleOf.get(d)}"`,
      },
  );
}

function toResult(date: string, page: PageAnswer, endpoint: string): DayResult | undefined {
  switch (page.kind) {
    case 'pending':
      return undefined;
    case 'missing':
      return { status: 'missing', date, title: page.title, url: pageUrl(endpoint, page.title) };
    case 'unusable':
      return { status: 'failed', date, title: page.title, message: `${page.title}: ${page.reason}` };
    case 'revision':
      return {
        status: 'ok',
        date,
        day: {
          origin: pageUrl(endpoint, page.title, page.revisionId),
          bytes: new TextEncoder().encode(page.content),
          dateHint: date,
          title: page.title,
          revisionId: page.revisionId,
          revisionTimestamp: page.timestamp,
        },
      };
  }
}
