import type { DatabaseSync } from 'node:sqlite';
import {
  type ArticleOutcome,
  type ArticleRecord,
  countArticles,
  type PendingSource,
  pendingSources,
  type StoredResponse,
  writeArticle,
} from '../store/articles.ts';
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
}

/** Turns fetched bytes into page fields (charset decoding + extraction), composed by the caller. */
export type PageExtractor = (body: Uint8Array, options: { contentType?: string; url: string }) => PageFields;

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

/** What a run did: how many sources it visited, their outcomes, and what the store holds afterwards. */
export interface EnrichReport {
  visited: number;
  counts: OutcomeCounts;
  stored: OutcomeCounts;
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
): Promise<{ record: ArticleRecord; responses: StoredResponse[] }> {
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
  const fromArchive = async (snapshot: Snapshot): Promise<ArticleRecord | null> => {
    const out = await options.fetcher.fetch(snapshot.rawUrl);
    const res = responseOf(out);
    if (res) responses.push(stored(snapshot.rawUrl, res));
    if (out.status !== 'ok') return null;
    const fields = options.extract(out.response.body, extract(out.response, snapshot.original));
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
    const fields = options.extract(out.response.body, extract(out.response, out.response.finalUrl));
    return { record: record('ok', { ...fields, finalUrl: out.response.finalUrl }), responses };
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
  };
}

function extract(res: HttpResponse, url: string): { contentType?: string; url: string } {
  const contentType = res.headers['content-type'];
  return contentType ? { contentType, url } : { url };
}

/**
 * Enriches every cited source not enriched yet (or older than `olderThan`), writing each result in its
 * own transaction: a killed run continues where it stopped and fetches nothing twice.
 */
export async function enrichSources(db: DatabaseSync, options: EnrichOptions): Promise<EnrichReport> {
  const pending = pendingSources(db, {
    ...(options.olderThan ? { olderThan: options.olderThan } : {}),
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
  });
  const counts: OutcomeCounts = { ok: 0, archived: 0, dead: 0, blocked: 0, failed: 0 };
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const source = pending[next++];
      if (!source) return;
      let result: { record: ArticleRecord; responses: StoredResponse[] };
      try {
        result = await enrichSource(source, options);
      } catch (error) {
        // A bug or an extractor crash on one page is that source's failure, never the run's.
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
      writeArticle(db, result.record, result.responses);
      counts[result.record.outcome]++;
      done++;
      options.onProgress?.(done, pending.length, counts, result.record);
    }
  };
  const width = Math.max(1, Math.min(options.concurrency ?? 8, pending.length));
  await Promise.all(Array.from({ length: width }, worker));
  return { visited: done, counts, stored: countArticles(db) };
}
