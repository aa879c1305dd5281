import { setTimeout as delay } from 'node:timers/promises';
import { FetchError } from '../../model/errors.ts';
import { retryAfterMs, retryDelayMs } from '../../model/retry.ts';
import { type QueryAnswer, readQueryAnswer } from './_response.ts';

/** Waiting, as the client needs it (tests scale the waits down and record them). */
export interface Sleeper {
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock: `setTimeout`, cancelled by the signal. */
export const realSleeper: Sleeper = {
  sleep: (ms, signal) => delay(ms, undefined, signal ? { signal } : {}),
};

/** How one API request is made and retried. */
export interface RequestPolicy {
  endpoint: string;
  userAgent: string;
  /** Whole request (headers and body) in ms. */
  timeoutMs: number;
  /** Largest answer body accepted, in bytes (after gzip decoding). */
  maxBytes: number;
  /** Retries after 429, 5xx, a maxlag error or a network error; then the request fails. */
  retries: number;
  /** First backoff when no Retry-After is given; doubled on each retry. */
  backoffMs: number;
  /** Longest single wait, whatever Retry-After says. */
  maxWaitMs: number;
  sleeper: Sleeper;
  signal?: AbortSignal;
  /** Told before each wait: why, and for how long. */
  onRetry?: (reason: string, waitMs: number) => void;
}

/** Wait before retrying a maxlag error when the server gives no Retry-After (the API's etiquette: 5 s). */
const MAXLAG_WAIT_MS = 5000;

/**
 * GETs one API URL and returns its checked answer, retrying what is worth retrying.
 * Throws FetchError (naming the endpoint) when the answer is unusable or retries run out.
 */
export async function requestAnswer(url: string, policy: RequestPolicy): Promise<QueryAnswer> {
  const at = policy.endpoint;
  for (let attempt = 0; ; attempt++) {
    const backoff = retryDelayMs(attempt, null, {
      baseMs: policy.backoffMs,
      maxMs: policy.maxWaitMs,
      now: 0,
    });
    const canRetry = attempt < policy.retries;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { 'user-agent': policy.userAgent, accept: 'application/json', 'accept-encoding': 'gzip' },
        redirect: 'follow',
        signal: anySignal(AbortSignal.timeout(policy.timeoutMs), policy.signal),
      });
    } catch (cause) {
      if (policy.signal?.aborted) throw cause;
      const why = describeNetworkError(cause, policy.timeoutMs);
      if (!canRetry)
        throw new FetchError(at, `MediaWiki API ${at}: ${why} (gave up after ${attempt + 1} attempts)`, {
          cause,
        });
      await wait(policy, why, backoff);
      continue;
    }
    const status = response.status;
    if (status === 429 || status >= 500) {
      await response.body?.cancel().catch(() => {});
      const why = `HTTP ${status}`;
      if (!canRetry)
        throw new FetchError(
          at,
          `MediaWiki API ${at} answered ${why} (gave up after ${attempt + 1} attempts)`,
        );
      await wait(policy, why, retryAfterMs(response.headers.get('retry-after'), Date.now()) ?? backoff);
      continue;
    }
    if (status < 200 || status >= 300) {
      await response.body?.cancel().catch(() => {});
      throw new FetchError(
        at,
        `MediaWiki API ${at} answered HTTP ${status}; check the --api URL (it must be an api.php)`,
      );
    }
    let text: string;
    try {
      text = await readCapped(response, policy.maxBytes);
    } catch (cause) {
      if (policy.signal?.aborted) throw cause;
      const why = cause instanceof CapError ? cause.message : describeNetworkError(cause, policy.timeoutMs);
      if (cause instanceof CapError || !canRetry) {
        throw new FetchError(at, `MediaWiki API ${at}: ${why}`, { cause });
      }
      await wait(policy, why, backoff);
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      const start = JSON.stringify(text.slice(0, 60));
      throw new FetchError(
        at,
        `MediaWiki API ${at} answered malformed JSON (starting ${start}); is it an api.php?`,
        {
          cause,
        },
      );
    }
    let answer: QueryAnswer;
    try {
      answer = readQueryAnswer(json);
    } catch (cause) {
      throw new FetchError(
        at,
        `MediaWiki API ${at} answered in an unexpected shape: ${(cause as Error).message}`,
        {
          cause,
        },
      );
    }
    if (answer.kind === 'error') {
      const why = `API error ${answer.code}${answer.info ? `: ${answer.info.slice(0, 200)}` : ''}`;
      const retryable =
        answer.code === 'maxlag' || answer.code === 'ratelimited' || answer.code === 'readonly';
      if (!retryable) throw new FetchError(at, `MediaWiki API ${at}: ${why}`);
      if (!canRetry)
        throw new FetchError(at, `MediaWiki API ${at}: ${why} (gave up after ${attempt + 1} attempts)`);
      const header = retryAfterMs(response.headers.get('retry-after'), Date.now());
      const fallback = answer.code === 'maxlag' ? Math.max(MAXLAG_WAIT_MS, backoff) : backoff;
      await wait(policy, why, header ?? fallback);
      continue;
    }
    return answer;
  }
}

/** Shortest wait between two attempts, even when Retry-After says 0 (no tight retry loop). */
const MIN_WAIT_MS = 1000;

function wait(policy: RequestPolicy, why: string, ms: number): Promise<void> {
  const capped = Math.min(Math.max(ms, Math.min(MIN_WAIT_MS, policy.backoffMs)), policy.maxWaitMs);
  policy.onRetry?.(why, capped);
  return policy.sleeper.sleep(capped, policy.signal);
}

class CapError extends Error {}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new CapError(`answer of ${declared} bytes is larger than the ${maxBytes}-byte cap`);
  }
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new CapError(`answer is larger than the ${maxBytes}-byte cap`);
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
}

function describeNetworkError(cause: unknown, timeoutMs: number): string {
  if (cause instanceof DOMException && (cause.name === 'TimeoutError' || cause.name === 'AbortError')) {
    return `no complete answer within ${timeoutMs} ms`;
  }
  const inner = cause instanceof Error && cause.cause instanceof Error ? cause.cause : cause;
  const code = (inner as NodeJS.ErrnoException | undefined)?.code;
  const message = inner instanceof Error ? inner.message : String(inner);
  return code ? `${code} (${message})` : message;
}

function anySignal(timeout: AbortSignal, outer: AbortSignal | undefined): AbortSignal {
  return outer ? AbortSignal.any([timeout, outer]) : timeout;
}
