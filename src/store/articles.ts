import type { DatabaseSync } from 'node:sqlite';
import { gunzipSync, gzipSync } from 'node:zlib';
import { transaction } from './open.ts';

/** How the enrichment of one cited source ended. */
export type ArticleOutcome = 'ok' | 'archived' | 'dead' | 'blocked' | 'failed';

const OUTCOMES: readonly string[] = ['ok', 'archived', 'dead', 'blocked', 'failed'];

/** One stored HTTP response (body decoded, stored gzip-compressed). */
export interface StoredResponse {
  requestUrl: string;
  finalUrl: string;
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  fetchedAt: string;
}

/** The enrichment record of one cited source URL. */
export interface ArticleRecord {
  url: string;
  outcome: ArticleOutcome;
  reason: string | null;
  finalUrl: string | null;
  archiveUrl: string | null;
  title: string | null;
  siteName: string | null;
  publishedTime: string | null;
  canonicalUrl: string | null;
  lang: string | null;
  byline: string | null;
  lede: string | null;
  excerpt: string | null;
  charset: string | null;
  /** The article body as plain text, paragraphs separated by blank lines (absent: not extracted). */
  text?: string | null;
  enrichedAt: string;
}

/** What the page builder needs of an enriched source. */
export interface ArticleSummary {
  outcome: ArticleOutcome;
  excerpt: string | null;
  lede: string | null;
  title: string | null;
  siteName: string | null;
  publishedTime: string | null;
  archiveUrl: string | null;
  finalUrl: string | null;
}

/** A cited source still to enrich: its URL, the portal's archive copy if any, and the earliest event date citing it. */
export interface PendingSource {
  url: string;
  archiveUrl: string | null;
  date: string;
}

/**
 * Writes one source's record and its raw responses in one transaction (replacing earlier ones),
 * so a killed run loses at most the source in flight.
 */
export function writeArticle(
  db: DatabaseSync,
  record: ArticleRecord,
  responses: StoredResponse[] = [],
): void {
  transaction(db, () => {
    db.prepare('DELETE FROM responses WHERE source_url = ?').run(record.url);
    const insert = db.prepare(
      'INSERT INTO responses (source_url, request_url, final_url, status, headers, body, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    for (const r of responses) {
      insert.run(
        record.url,
        r.requestUrl,
        r.finalUrl,
        r.status,
        JSON.stringify(r.headers),
        gzipSync(r.body),
        r.fetchedAt,
      );
    }
    db.prepare(
      `INSERT OR REPLACE INTO articles (url, outcome, reason, final_url, archive_url, title, site_name, published_time,
         canonical_url, lang, byline, lede, excerpt, charset, text, enriched_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      record.url,
      record.outcome,
      record.reason,
      record.finalUrl,
      record.archiveUrl,
      record.title,
      record.siteName,
      record.publishedTime,
      record.canonicalUrl,
      record.lang,
      record.byline,
      record.lede,
      record.excerpt,
      record.charset,
      record.text ?? null,
      record.enrichedAt,
    );
  });
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function outcomeOf(v: unknown, url: string): ArticleOutcome {
  if (typeof v === 'string' && OUTCOMES.includes(v)) return v as ArticleOutcome;
  throw new Error(`Stored article ${url} has an unknown outcome ${String(v)}`);
}

/** The page builder's view of the given source URLs; URLs never enriched are absent from the map. */
export function readArticles(db: DatabaseSync, urls: string[]): Map<string, ArticleSummary> {
  const out = new Map<string, ArticleSummary>();
  const select = db.prepare(
    'SELECT url, outcome, excerpt, lede, title, site_name, published_time, archive_url, final_url FROM articles WHERE url = ?',
  );
  for (const url of new Set(urls)) {
    const row = select.get(url);
    if (!row) continue;
    out.set(url, {
      outcome: outcomeOf(row['outcome'], url),
      excerpt: text(row['excerpt']),
      lede: text(row['lede']),
      title: text(row['title']),
      siteName: text(row['site_name']),
      publishedTime: text(row['published_time']),
      archiveUrl: text(row['archive_url']),
      finalUrl: text(row['final_url']),
    });
  }
  return out;
}

/** The stored article body of one source URL (plain text, paragraphs separated by blank lines), or null. */
export function readArticleText(db: DatabaseSync, url: string): string | null {
  return text(db.prepare('SELECT text FROM articles WHERE url = ?').get(url)?.['text']);
}

/** Counts of stored outcomes, every outcome present (0 when none). */
export function countArticles(db: DatabaseSync): Record<ArticleOutcome, number> {
  const counts: Record<ArticleOutcome, number> = { ok: 0, archived: 0, dead: 0, blocked: 0, failed: 0 };
  for (const row of db.prepare('SELECT outcome, count(*) AS n FROM articles GROUP BY outcome').all()) {
    counts[outcomeOf(row['outcome'], 'count')] = Number(row['n']);
  }
  return counts;
}

/**
 * Source URLs not enriched yet, enriched before `olderThan` (ISO time), or whose outcome is in `retry`;
 * earliest event date first.
 * @example pendingSources(db, { limit: 50 })
 */
export function pendingSources(
  db: DatabaseSync,
  options: { olderThan?: string; limit?: number; retry?: ArticleOutcome[] } = {},
): PendingSource[] {
  const retry = JSON.stringify(options.retry ?? []);
  const rows = db
    .prepare(
      `SELECT s.url AS url, max(s.archive_url) AS archive_url, min(e.date) AS date
         FROM sources s JOIN events e ON e.id = s.event_id
         LEFT JOIN articles a ON a.url = s.url
        WHERE a.url IS NULL OR a.enriched_at < ? OR a.outcome IN (SELECT value FROM json_each(?))
        GROUP BY s.url
        ORDER BY date, s.url
        LIMIT ?`,
    )
    .all(options.olderThan ?? '', retry, options.limit ?? -1);
  return rows.map((r) => ({
    url: String(r['url']),
    archiveUrl: text(r['archive_url']),
    date: String(r['date']),
  }));
}

/** The stored raw responses of one source URL, bodies decompressed. */
export function readResponses(db: DatabaseSync, url: string): StoredResponse[] {
  return db
    .prepare('SELECT * FROM responses WHERE source_url = ? ORDER BY id')
    .all(url)
    .map((r) => {
      const parsed: unknown = JSON.parse(String(r['headers']));
      const headers: Record<string, string> = {};
      if (parsed && typeof parsed === 'object') {
        for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') headers[k] = v;
      }
      return {
        requestUrl: String(r['request_url']),
        finalUrl: String(r['final_url']),
        status: Number(r['status']),
        headers,
        body: new Uint8Array(gunzipSync(r['body'] as Uint8Array)),
        fetchedAt: String(r['fetched_at']),
      };
    });
}

/** One stored record's outcome, reason and time: what a run needs to judge the records of earlier runs. */
export interface StoredOutcome {
  url: string;
  outcome: ArticleOutcome;
  reason: string | null;
  enrichedAt: string;
}

/** Every stored record's outcome, reason and time, oldest first. */
export function readOutcomes(db: DatabaseSync): StoredOutcome[] {
  return db
    .prepare('SELECT url, outcome, reason, enriched_at FROM articles ORDER BY enriched_at, url')
    .all()
    .map((r) => ({
      url: String(r['url']),
      outcome: outcomeOf(r['outcome'], String(r['url'])),
      reason: text(r['reason']),
      enrichedAt: String(r['enriched_at']),
    }));
}

/** Removes the records and raw responses of these URLs, in one transaction: they are pending again. */
export function forgetArticles(db: DatabaseSync, urls: string[]): void {
  if (urls.length === 0) return;
  transaction(db, () => {
    const responses = db.prepare('DELETE FROM responses WHERE source_url = ?');
    const articles = db.prepare('DELETE FROM articles WHERE url = ?');
    for (const url of urls) {
      responses.run(url);
      articles.run(url);
    }
  });
}
