import { Resolver as DnsResolver } from 'node:dns/promises';
import { retryDelayMs } from '../model/retry.ts';
import { userAgent as userAgentOf } from '../model/version.ts';
import { hostKey, refusedAddressReason } from './_address.ts';
import { deadPageReason } from './_deadness.ts';
import { RequestFailure, requestOnce } from './_request.ts';
import { allowAll, disallowAll, parseRobots, type RobotsRules } from './_robots.ts';

/** DNS, as the fetcher needs it: every address of a host name. Errors carry a `code` (ENOTFOUND …). */
export interface Resolver {
  resolve(host: string): Promise<{ address: string; family: 4 | 6 }[]>;
}

/** Time, as the fetcher needs it. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** A completed HTTP response, body decompressed. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  finalUrl: string;
  fetchedAt: string;
  redirects: string[];
}

/**
 * What became of one fetch. `dead` and `failed` keep the response when there was one; `unreached`
 * marks those that never got an answer from the host (DNS failed, no connection, no response headers),
 * which say as much about the network as about the page.
 */
export type FetchOutcome =
  | { status: 'ok'; url: string; response: HttpResponse }
  | { status: 'dead'; url: string; reason: string; response?: HttpResponse; unreached?: true }
  | { status: 'blocked'; url: string; reason: string }
  | { status: 'failed'; url: string; reason: string; response?: HttpResponse; unreached?: true };

/** Politeness, safety and limits of a fetcher. Every field has a default. */
export interface FetcherOptions {
  /** Contact URL put in the User-Agent. */
  contact?: string;
  userAgent?: string;
  /** Host names (or IP literals) exempt from the private-address refusal (tests, local use). */
  allowHosts?: string[];
  /** Allow every address, private ones included. */
  allowPrivate?: boolean;
  /** Honour robots.txt (default true). */
  robots?: boolean;
  resolver?: Resolver;
  clock?: Clock;
  /** Requests in flight over all hosts. */
  concurrency?: number;
  /** Pause between two requests to one host (raised to the host's Crawl-delay). */
  hostDelayMs?: number;
  maxCrawlDelayMs?: number;
  dnsTimeoutMs?: number;
  headersTimeoutMs?: number;
  totalTimeoutMs?: number;
  maxBytes?: number;
  maxDecodedBytes?: number;
  maxRedirects?: number;
  /** Retries after a 429/503 or a network error. */
  retries?: number;
  backoffMs?: number;
  maxRetryAfterMs?: number;
}

/** A fetcher with its per-run state (robots cache, DNS cache, host schedule). */
export interface Fetcher {
  fetch(url: string): Promise<FetchOutcome>;
  readonly userAgent: string;
}

const DEFAULTS = {
  contact: 'https://example.invalid/currents-contact',
  robots: true,
  allowHosts: [] as string[],
  allowPrivate: false,
  concurrency: 8,
  hostDelayMs: 1000,
  maxCrawlDelayMs: 30_000,
  dnsTimeoutMs: 3000,
  headersTimeoutMs: 10_000,
  totalTimeoutMs: 30_000,
  maxBytes: 5 * 1024 * 1024,
  maxDecodedBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
  retries: 2,
  backoffMs: 1000,
  maxRetryAfterMs: 60_000,
} satisfies FetcherOptions;

/**
 * The system's DNS servers through c-ares (not the libuv thread pool, so a hung query cannot stall
 * other lookups), A and AAAA, with a short per-query timeout. `localhost` names are loopback (RFC 6761).
 */
export function systemResolver(options: { timeoutMs?: number } = {}): Resolver {
  const resolver = new DnsResolver({ timeout: options.timeoutMs ?? 1500, tries: 2 });
  return {
    resolve: async (host) => {
      if (host === 'localhost' || host.endsWith('.localhost')) {
        return [
          { address: '127.0.0.1', family: 4 },
          { address: '::1', family: 6 },
        ];
      }
      const [v4, v6] = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
      const out: { address: string; family: 4 | 6 }[] = [];
      if (v4.status === 'fulfilled') for (const address of v4.value) out.push({ address, family: 4 });
      if (v6.status === 'fulfilled') for (const address of v6.value) out.push({ address, family: 6 });
      if (out.length > 0) return out;
      const codes = [v4, v6].map((r) =>
        r.status === 'rejected' ? String((r.reason as { code?: unknown }).code) : 'ENODATA',
      );
      // No record of either kind is a name that does not exist for our purpose.
      const gone = codes.every((c) => c === 'ENOTFOUND' || c === 'ENODATA');
      throw Object.assign(new Error(`DNS lookup of ${host} failed`), {
        code: gone ? 'ENOTFOUND' : (codes.find((c) => c !== 'ENOTFOUND' && c !== 'ENODATA') ?? 'EDNS'),
      });
    },
  };
}

/** The real clock. */
export function systemClock(): Clock {
  return { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms))) };
}

type Resolved =
  | { ok: true; addresses: { address: string; family: 4 | 6 }[] }
  | { ok: false; code: string; message: string };

/**
 * Creates a polite, safe fetcher: robots.txt per origin, one request at a time per host with a delay,
 * a global bound, DNS resolved here and every address checked (at each redirect and on the socket).
 * @example const outcome = await createFetcher({ contact: 'https://example.org/bot' }).fetch(url);
 */
export function createFetcher(options: FetcherOptions = {}): Fetcher {
  const o = { ...DEFAULTS, ...options };
  const resolver = options.resolver ?? systemResolver();
  const clock = options.clock ?? systemClock();
  const userAgent = options.userAgent ?? userAgentOf(o.contact);
  const allowHosts = new Set(o.allowHosts.map(hostKey));
  const dnsCache = new Map<string, Promise<Resolved>>();
  // DNS health of this run: with no answer at all yet and several lookups unable to reach a
  // server, the network is taken as down and later lookups fail at once (an offline run ends fast).
  const dns = { answered: false, unreachable: 0 };
  const robotsCache = new Map<string, RobotsRules>();
  const hostChains = new Map<string, Promise<void>>();
  const hostNext = new Map<string, number>();
  let inFlight = 0;
  const waiting: (() => void)[] = [];

  // Compared in one form, so `::1`, `[::1]` and `[0::1]` name one host (a URL's hostname keeps the brackets).
  const exempt = (host: string): boolean => o.allowPrivate || allowHosts.has(hostKey(host));

  async function slot<T>(fn: () => Promise<T>): Promise<T> {
    if (inFlight >= o.concurrency) await new Promise<void>((r) => waiting.push(r));
    inFlight++;
    try {
      return await fn();
    } finally {
      inFlight--;
      waiting.shift()?.();
    }
  }

  function serialize<T>(host: string, fn: () => Promise<T>): Promise<T> {
    const prev = hostChains.get(host) ?? Promise.resolve();
    const run = prev.then(fn);
    hostChains.set(
      host,
      run.then(
        () => undefined,
        () => undefined,
      ),
    );
    return run;
  }

  async function resolveOnce(host: string): Promise<Resolved> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(Object.assign(new Error(`DNS lookup of ${host} timed out`), { code: 'ETIMEOUT' })),
        o.dnsTimeoutMs,
      );
    });
    try {
      const addresses = await Promise.race([resolver.resolve(host), timeout]);
      if (addresses.length === 0) return { ok: false, code: 'ENOTFOUND', message: `no address for ${host}` };
      return { ok: true, addresses };
    } catch (error) {
      const code = String((error as { code?: unknown }).code ?? 'EDNS');
      return { ok: false, code, message: `DNS lookup of ${host} failed: ${code}` };
    } finally {
      clearTimeout(timer);
    }
  }

  function resolve(host: string): Promise<Resolved> {
    let cached = dnsCache.get(host);
    if (!cached) {
      // A temporary failure (EAI_AGAIN, timeout) is retried once; ENOTFOUND never.
      if (!dns.answered && dns.unreachable >= 3) {
        cached = Promise.resolve({
          ok: false,
          code: 'ENETDOWN',
          message: `DNS lookup of ${host} skipped: no DNS server answers`,
        });
      } else {
        cached = resolveOnce(host)
          .then((r) => (!r.ok && r.code !== 'ENOTFOUND' ? resolveOnce(host) : r))
          .then((r) => {
            if (r.ok || r.code === 'ENOTFOUND') dns.answered = true;
            else dns.unreachable++;
            return r;
          });
      }
      dnsCache.set(host, cached);
    }
    return cached;
  }

  /** Checks scheme and address; returns the address to connect to or an outcome that ends the fetch. */
  async function target(
    url: URL,
    original: string,
  ): Promise<{ address: string; family: 4 | 6 } | FetchOutcome> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return { status: 'blocked', url: original, reason: `refused scheme ${url.protocol} in ${url.href}` };
    }
    if (url.username || url.password) {
      return { status: 'blocked', url: original, reason: `refused credentials in URL ${url.host}` };
    }
    const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
    const literal = refusedAddressReason(host);
    const isLiteral = !literal?.startsWith('not an IP address');
    if (isLiteral) {
      if (literal && !exempt(host)) return { status: 'blocked', url: original, reason: `refused ${literal}` };
      return { address: host, family: host.includes(':') ? 6 : 4 };
    }
    const resolved = await resolve(host);
    if (!resolved.ok) {
      return resolved.code === 'ENOTFOUND'
        ? { status: 'dead', url: original, reason: resolved.message, unreached: true }
        : { status: 'failed', url: original, reason: resolved.message, unreached: true };
    }
    if (!exempt(host)) {
      for (const a of resolved.addresses) {
        const why = refusedAddressReason(a.address);
        if (why) return { status: 'blocked', url: original, reason: `refused ${host}: resolves to ${why}` };
      }
    }
    const first = resolved.addresses[0] as { address: string; family: 4 | 6 };
    return first;
  }

  const headers = (): Record<string, string> => ({
    'user-agent': userAgent,
    accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5',
    'accept-encoding': 'gzip, deflate, br',
    'accept-language': 'en;q=0.9, *;q=0.5',
  });

  async function robotsFor(
    url: URL,
    pinned: { address: string; family: 4 | 6 },
    host: string,
  ): Promise<RobotsRules> {
    const key = url.origin;
    const cached = robotsCache.get(key);
    if (cached) return cached;
    const robotsUrl = new URL('/robots.txt', url);
    // Up to five redirects are followed (RFC 9309 §2.3.1.2), each hop checked like any fetch.
    let rules: RobotsRules = allowAll();
    let current = robotsUrl;
    let hopPin: { address: string; family: 4 | 6 } = pinned;
    for (let hops = 0; hops <= 5; hops++) {
      const hopHost = current.hostname.toLowerCase().replace(/^\[|\]$/g, '');
      try {
        const res = await slot(() =>
          requestOnce(current, {
            ...hopPin,
            headers: headers(),
            headersTimeoutMs: o.headersTimeoutMs,
            totalTimeoutMs: o.totalTimeoutMs,
            maxBytes: 512 * 1024,
            maxDecodedBytes: 512 * 1024,
            checkAddress: (a) => (exempt(hopHost) || exempt(host) ? null : refusedAddressReason(a)),
            skipBody: (s) => s >= 300 && s < 400,
          }),
        );
        const location = res.headers['location'];
        if (res.status >= 300 && res.status < 400 && location) {
          const next = new URL(location, current);
          const pin = await target(next, next.href);
          if ('status' in pin) break;
          current = next;
          hopPin = pin;
          continue;
        }
        if (res.status >= 200 && res.status < 300) {
          rules = parseRobots(robotsUrl.href, Buffer.from(res.body).toString('utf8'), 'Currents');
        } else if (res.status >= 500) rules = disallowAll();
      } catch {
        // Unreachable robots.txt (timeout, reset): the page fetch itself will tell.
      }
      break;
    }
    robotsCache.set(key, rules);
    return rules;
  }

  async function waitTurn(host: string, extraMs: number): Promise<void> {
    const next = hostNext.get(host) ?? 0;
    const wait = next - clock.now();
    if (wait > 0) await clock.sleep(wait);
    hostNext.set(host, clock.now() + Math.max(o.hostDelayMs, Math.min(extraMs, o.maxCrawlDelayMs)));
  }

  const retryDelay = (attempt: number, retryAfter: string | undefined): number =>
    retryDelayMs(attempt, retryAfter, { baseMs: o.backoffMs, maxMs: o.maxRetryAfterMs, now: clock.now() });

  /** One hop (no redirect following): robots, host turn, request with retries. */
  async function hop(
    url: URL,
    original: string,
    redirects: string[],
  ): Promise<FetchOutcome | { redirect: URL }> {
    const pinned = await target(url, original);
    if ('status' in pinned) return pinned;
    const host = url.hostname.toLowerCase();
    return serialize(host, async () => {
      const rules = o.robots ? await robotsFor(url, pinned, host) : allowAll();
      if (!rules.isAllowed(url.href)) {
        return {
          status: 'blocked',
          url: original,
          reason: `robots.txt of ${url.host} disallows ${url.pathname}`,
        };
      }
      for (let attempt = 0; ; attempt++) {
        await waitTurn(host, rules.crawlDelayMs);
        const fetchedAt = new Date(clock.now()).toISOString();
        let res: Awaited<ReturnType<typeof requestOnce>>;
        try {
          res = await slot(() =>
            requestOnce(url, {
              ...pinned,
              headers: headers(),
              headersTimeoutMs: o.headersTimeoutMs,
              totalTimeoutMs: o.totalTimeoutMs,
              maxBytes: o.maxBytes,
              maxDecodedBytes: o.maxDecodedBytes,
              checkAddress: (a) => (exempt(host) ? null : refusedAddressReason(a)),
              skipBody: (s) => (s >= 300 && s < 400) || s === 429 || s === 503,
            }),
          );
        } catch (error) {
          const failure = error instanceof RequestFailure ? error : null;
          const kind = failure?.kind ?? 'network';
          if (kind === 'refused-address')
            return { status: 'blocked', url: original, reason: String(failure?.message) };
          if (kind === 'network' && attempt < o.retries) {
            await clock.sleep(retryDelay(attempt, undefined));
            continue;
          }
          const reason = `${kind}: ${(error as Error).message} (${url.href})`;
          return kind === 'network' || kind === 'headers-timeout'
            ? { status: 'failed', url: original, reason, unreached: true }
            : { status: 'failed', url: original, reason };
        }
        const response: HttpResponse = {
          status: res.status,
          headers: res.headers,
          body: res.body,
          finalUrl: url.href,
          fetchedAt,
          redirects,
        };
        if (res.status === 429 || res.status === 503) {
          if (attempt < o.retries) {
            const delay = retryDelay(attempt, res.headers['retry-after']);
            hostNext.set(host, clock.now() + delay);
            continue;
          }
          return {
            status: 'failed',
            url: original,
            reason: `HTTP ${res.status} after ${attempt + 1} tries`,
            response,
          };
        }
        if (res.status >= 300 && res.status < 400) {
          const location = res.headers['location'];
          if (!location)
            return {
              status: 'failed',
              url: original,
              reason: `HTTP ${res.status} without Location`,
              response,
            };
          try {
            return { redirect: new URL(location, url) };
          } catch {
            return {
              status: 'failed',
              url: original,
              reason: `bad redirect Location ${location.slice(0, 200)}`,
              response,
            };
          }
        }
        if (res.status === 404 || res.status === 410) {
          return { status: 'dead', url: original, reason: `HTTP ${res.status}`, response };
        }
        if (res.status < 200 || res.status >= 300) {
          return { status: 'failed', url: original, reason: `HTTP ${res.status}`, response };
        }
        const dead = deadPageReason(res.body, { requested: new URL(original), final: url });
        if (dead) return { status: 'dead', url: original, reason: dead, response };
        return { status: 'ok', url: original, response };
      }
    });
  }

  async function fetchUrl(original: string): Promise<FetchOutcome> {
    let url: URL;
    try {
      url = new URL(original);
    } catch {
      return { status: 'blocked', url: original, reason: `not a URL: ${original.slice(0, 200)}` };
    }
    const redirects: string[] = [];
    const seen = new Set<string>();
    for (;;) {
      url.hash = '';
      const result = await hop(url, original, [...redirects]);
      if (!('redirect' in result)) return result;
      redirects.push(url.href);
      if (redirects.length > o.maxRedirects) {
        return { status: 'failed', url: original, reason: `more than ${o.maxRedirects} redirects` };
      }
      if (seen.has(result.redirect.href)) {
        return { status: 'failed', url: original, reason: `redirect loop at ${result.redirect.href}` };
      }
      seen.add(url.href);
      url = result.redirect;
    }
  }

  return { fetch: fetchUrl, userAgent };
}
