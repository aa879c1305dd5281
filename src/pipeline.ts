// The one place where the stages are put together: ingest → enrich → link → publish.
import type { DatabaseSync } from 'node:sqlite';
import type { EnrichReport } from './enrich/enrich.ts';
import type { Fetcher, FetchOutcome } from './enrich/fetch.ts';
import { fileInputs, listInputFiles } from './ingest/files.ts';
import { type IngestReport, ingestDays } from './ingest/pipeline.ts';
import { type LinkReport, linkArchive } from './link/link.ts';
import type { RankName } from './link/rank.ts';
import { type PublishReport, publish } from './publish/engine/publish.ts';
import type { SiteFs } from './publish/markdown/_fs.ts';
import { type Format, outputsOf } from './publish/outputs/registry.ts';

/** What a whole run did, stage by stage. */
export interface ArchiveReport {
  ingest: IngestReport;
  enrich: EnrichReport | null;
  link: LinkReport;
  /** The Markdown archive and the HTML site, in one folder. */
  publish: PublishReport;
}

export interface ArchiveOptions {
  /** Wikitext files or folders to ingest. */
  paths: string[];
  /** Output folder of the built site. */
  out: string;
  /** Time allowed for fetching sources; 0 skips enrichment. Sources not reached are recorded as failed, to retry later. */
  enrichBudgetMs: number;
  /** Told when a stage starts and how it is going. */
  onStage?: (stage: 'ingest' | 'enrich' | 'link' | 'publish', detail: string) => void;
  /** The fetcher for sources (default: the polite, address-checked one). */
  fetcher?: Fetcher;
}

/**
 * Runs the whole pipeline over local wikitext: ingest, enrich (bounded in time), link, publish.
 * A second run reuses the store: unchanged days, enriched sources and unchanged pages are skipped.
 */
export async function buildArchive(db: DatabaseSync, options: ArchiveOptions): Promise<ArchiveReport> {
  const files = listInputFiles(options.paths);
  options.onStage?.('ingest', `${files.length} files`);
  const ingest = await ingestDays(db, fileInputs(files), { command: 'demo' });
  let enrich: EnrichReport | null = null;
  if (options.enrichBudgetMs > 0) {
    options.onStage?.('enrich', `up to ${Math.round(options.enrichBudgetMs / 1000)} s`);
    const { enrichSources } = await import('./enrich/enrich.ts');
    const { createFetcher } = await import('./enrich/fetch.ts');
    const { createBoundedExtractor, pageExtractorOf } = await import('./enrich/boundedExtract.ts');
    const fetcher = withDeadline(options.fetcher ?? createFetcher({}), Date.now() + options.enrichBudgetMs);
    const extractor = createBoundedExtractor();
    try {
      enrich = await enrichSources(db, {
        fetcher,
        extract: pageExtractorOf(extractor),
        onProgress: (done, total) => options.onStage?.('enrich', `${done}/${total}`),
      });
    } finally {
      await extractor.close();
    }
  }
  const site = buildSite(db, { out: options.out, format: 'both', onStage: options.onStage });
  return { ingest, enrich, link: site.link, publish: site.publish };
}

/** Options of `buildSite` (those of `currents build`). */
export interface SiteBuildOptions {
  out: string;
  format: Format;
  rank?: RankName;
  dryRun?: boolean;
  full?: boolean;
  baseUrl?: string;
  /** The output folder (default: the real folder `out`). */
  fs?: SiteFs;
  /** How files are written: by a writer thread (default) or on the build thread. */
  writes?: 'thread' | 'sync';
  onStage?: ((stage: 'link' | 'publish', detail: string) => void) | undefined;
}

/** What `buildSite` did: the link run, then the publish run. */
export interface SiteBuildReport {
  link: LinkReport;
  publish: PublishReport;
  /** Wall time of each stage, in ms. */
  ms: { link: number; publish: number };
}

/**
 * Link → publish: brings the related lists up to date (incremental), then builds the outputs of
 * `format` from the store (`publish` reads it, never writes it).
 * @example buildSite(store.db, { out: 'site', format: 'both' })
 */
export function buildSite(db: DatabaseSync, options: SiteBuildOptions): SiteBuildReport {
  const rank = options.rank ?? 'reference';
  const started = performance.now();
  options.onStage?.('link', rank);
  const link = linkArchive(db, { rank });
  const between = performance.now();
  options.onStage?.('publish', options.out);
  const report = publish(db, {
    out: options.out,
    outputs: outputsOf(options.format),
    rank,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    ...(options.dryRun ? { dryRun: true } : {}),
    ...(options.full ? { full: true } : {}),
    ...(options.fs ? { fs: options.fs } : {}),
    ...(options.writes ? { writes: options.writes } : {}),
  });
  return { link, publish: report, ms: { link: between - started, publish: performance.now() - between } };
}

/** A fetcher that answers `failed` without fetching once `deadline` (ms since epoch) has passed. */
function withDeadline(inner: Fetcher, deadline: number): Fetcher {
  return {
    userAgent: inner.userAgent,
    fetch(url: string): Promise<FetchOutcome> {
      if (Date.now() > deadline) {
        return Promise.resolve({
          status: 'failed',
          url,
          reason: 'time budget of this run spent; retry with currents enrich --retry-failed',
        });
      }
      return inner.fetch(url);
    },
  };
}
