import type { DatabaseSync } from 'node:sqlite';
import {
  type ArticleOutcome,
  type ArticleRecord,
  countArticles,
  forgetArticles,
  type PendingSource,
  pendingSources,
  readOutcomes,
  type StoredResponse,
  writeArticle,
} from '../store/articles.ts';
import { offlineRecords } from './_offline.ts';
import type { Fetcher, FetchOutcome, HttpResponse } from './fetch.ts';
import { findSnapshot, parseArchiveUrl, type Snapshot } from './wayback.ts';

/** What extraction gives for one page (the fields the store keeps). */
export interface PageFields {
  title: string | null;
  siteName: string | null;
  publishedTime: string | null;
  canonicalUrl: string | null;
  lang: string | null;
  byline: string | null;
  lede: string | null;
  excerpt: string | null;
  charset: string | null;
  /** The article body as plain text, paragraphs separated by blank lines (page.ts `extractPage`). */
  text?: string | null;
}

/**
 * Turns fetched bytes into page fields (charset decoding + extraction), composed by the caller. A throw
 * (or rejection) is that page's `failed` outcome, its message the reason.
 */
export type PageExtractor = (
  body: Uint8Array,
  options: { contentType?: string; url: string },
) => PageFields | Promise<PageFields>;

/** Counts of one run's outcomes. */
export type OutcomeCounts = Record<ArticleOutcome, number>;

/** Options of one enrichment run. */
export interface EnrichOptions {
  fetcher: Fetcher;
  extract: PageExtractor;
  /** CDX endpoint for web-archive rescue. */
  cdx?: string;
  /** Also re-enrich sources enriched before this ISO time. */
  olderThan?: string;
  /** Also re-enrich sources with these outcomes (e.g. `failed` after an offline run). */
  retry?: ArticleOutcome[];
  limit?: number;
  /** Sources worked on at once (the fetcher still allows one request per host at a time). */
  concurrency?: number;
  /** Called after each source is written. */
  onProgress?: (done: number, total: number, counts: OutcomeCounts, last: ArticleRecord) => void;
  now?: () => Date;
}

/**
 * What a run did: how many sources it visited, their outcomes, and what the store holds afterwards.
 * `unreached` sources got no answer in a run where no host answered at all (`offline`): they are not
 * recorded (still pending, the next run fetches them). `forgotten` are records of an earlier offline
 * run, removed at the start so they are fetched again.
 */
export interface EnrichReport {
  visited: number;
  counts: OutcomeCounts;
  stored: OutcomeCounts;
  unreached: number;
  offline: boolean;
  forgotten: number;
}

const EMPTY: PageFields = {
  title: null,
  siteName: null,
  publishedTime: null,
  canonicalUrl: null,
  lang: null,
  byline: null,
  lede: null,
  excerpt: null,
  charset: null,
};

function stored(requestUrl: string, r: HttpResponse): StoredResponse {
  return {
    requestUrl,
    finalUrl: r.finalUrl,
    status: r.status,
    headers: r.headers,
    body: r.body,
    fetchedAt: r.fetchedAt,
  };
}

function responseOf(out: FetchOutcome): HttpResponse | undefined {
  return out.status === 'blocked' ? undefined : out.response;
}

/** Fetches one source (or its archived copy), extracts, and returns the record and raw responses to store. */
export async function enrichSource(
  source: PendingSource,
  options: EnrichOptions,
): Promise<{ record: ArticleRecord; responses: StoredResponse[]; unreached?: true }> {
  const responses: StoredResponse[] = [];
  const now = (options.now ?? (() => new Date()))().toISOString();
  const record = (
    outcome: ArticleOutcome,
    extra: Partial<ArticleRecord> & { reason?: string | null; finalUrl?: string | null },
  ): ArticleRecord => ({
    url: source.url,
    outcome,
    reason: null,
    finalUrl: null,
    archiveUrl: null,
    ...EMPTY,
    ...extra,
    enrichedAt: now,
  });
  // An extractor that throws or overruns fails this source (response kept), never the run.
  const fieldsOf = async (res: HttpResponse, url: string): Promise<PageFields | { failure: string }> => {
    try {
      return await options.extract(res.body, extract(res, url));
    } catch (error) {
      return { failure: `extraction failed: ${(error as Error).message}` };
    }
  };
  const fromArchive = async (snapshot: Snapshot): Promise<ArticleRecord | null> => {
    const out = await options.fetcher.fetch(snapshot.rawUrl);
    const res = responseOf(out);
    if (res) responses.push(stored(snapshot.rawUrl, res));
    if (out.status !== 'ok') return null;
    const fields = await fieldsOf(out.response, snapshot.original);
    if ('failure' in fields) return record('failed', { reason: fields.failure, finalUrl: snapshot.original });
    return record('archived', { ...fields, finalUrl: snapshot.original, archiveUrl: snapshot.archiveUrl });
  };

  // The portal already cites an archived copy (or the source URL is one): use it, keep the original URL.
  const cited = parseArchiveUrl(source.archiveUrl ?? '') ?? parseArchiveUrl(source.url);
  if (cited) {
    const rec = await fromArchive(cited);
    if (rec) return { record: rec, responses };
  }
  const target = parseArchiveUrl(source.url)?.original ?? source.url;
  const out = await options.fetcher.fetch(target);
  const res = responseOf(out);
  if (res) responses.push(stored(target, res));
  if (out.status === 'ok') {
    const finalUrl = out.response.finalUrl;
    const fields = await fieldsOf(out.response, finalUrl);
    if ('failure' in fields)
      return { record: record('failed', { reason: fields.failure, finalUrl }), responses };
    return { record: record('ok', { ...fields, finalUrl }), responses };
  }
  if (out.status === 'dead' && !cited) {
    const snapshot = await findSnapshot(target, source.date, {
      fetcher: options.fetcher,
      ...(options.cdx ? { cdx: options.cdx } : {}),
    });
    if (snapshot) {
      const rec = await fromArchive(snapshot);
      if (rec) return { record: { ...rec, reason: out.reason }, responses };
    }
  }
  return {
    record: record(out.status, {
      reason: out.reason,
      finalUrl: res?.finalUrl ?? null,
      // A copy the portal cites stays linkable even when it could not be fetched now.
      archiveUrl: cited?.archiveUrl ?? null,
    }),
    responses,
    ...(out.status !== 'blocked' && out.unreached && responses.length === 0
      ? { unreached: true as const }
      : {}),
  };
}

function extract(res: HttpResponse, url: string): { contentType?: string; url: string } {
  const contentType = res.headers['content-type'];
  return contentType ? { contentType, url } : { url };
}

/**
 * Enriches every cited source not enriched yet (or older than `olderThan`), writing each result in its
 * own transaction: a killed run continues where it stopped and fetches nothing twice.
 *
 * Offline is not dead: a source whose host gave no answer (DNS, connection) is written only once some
 * host has answered in this run; when none ever does (the network or DNS as a whole is down), such
 * sources are left unrecorded (`unreached`, `offline` in the report) and an earlier record of theirs
 * is kept. Records an earlier offline run left (`_offline.ts`) are forgotten first.
 */
export async function enrichSources(db: DatabaseSync, options: EnrichOptions): Promise<EnrichReport> {
  const stale = offlineRecords(readOutcomes(db));
  forgetArticles(db, stale);
  const pending = pendingSources(db, {
    ...(options.olderThan ? { olderThan: options.olderThan } : {}),
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
  });
  const counts: OutcomeCounts = { ok: 0, archived: 0, dead: 0, blocked: 0, failed: 0 };
  // Whether any host has answered in this run (any HTTP response, CDX and robots.txt included).
  let reached = false;
  const held: ArticleRecord[] = [];
  const fetcher: Fetcher = {
    userAgent: options.fetcher.userAgent,
    fetch: async (url) => {
      const out = await options.fetcher.fetch(url);
      if (out.status === 'ok' || (out.status !== 'blocked' && out.response)) reached = true;
      // A robots.txt refusal means that host's robots.txt answered.
      if (out.status === 'blocked' && out.reason.startsWith('robots.txt of ')) reached = true;
      return out;
    },
  };
  const run: EnrichOptions = { ...options, fetcher };
  let next = 0;
  let done = 0;
  const write = (rec: ArticleRecord, responses: StoredResponse[]): void => {
    writeArticle(db, rec, responses);
    counts[rec.outcome]++;
    done++;
    options.onProgress?.(done, pending.length, counts, rec);
  };
  const worker = async (): Promise<void> => {
    for (;;) {
      const source = pending[next++];
      if (!source) return;
      let result: { record: ArticleRecord; responses: StoredResponse[]; unreached?: true };
      try {
        result = await enrichSource(source, run);
      } catch (error) {
        // A bug on one page is that source's failure, never the run's.
        const enrichedAt = (options.now ?? (() => new Date()))().toISOString();
        result = {
          record: {
            url: source.url,
            outcome: 'failed',
            reason: `internal error: ${(error as Error).message}`,
            finalUrl: null,
            archiveUrl: null,
            ...EMPTY,
            enrichedAt,
          },
          responses: [],
        };
      }
      if (result.unreached && !reached) held.push(result.record);
      else write(result.record, result.responses);
      if (reached) for (let rec = held.shift(); rec; rec = held.shift()) write(rec, []);
    }
  };
  const width = Math.max(1, Math.min(options.concurrency ?? 8, pending.length));
  await Promise.all(Array.from({ length: width }, worker));
  if (reached) for (let rec = held.shift(); rec; rec = held.shift()) write(rec, []);
  return {
    visited: done + held.length,
    counts,
    stored: countArticles(db),
    unreached: held.length,
    offline: held.length > 0,
    forgotten: stale.length,
  };
}
