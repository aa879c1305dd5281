// The one place where the stages are put together: ingest → enrich → link → build.
import type { DatabaseSync } from 'node:sqlite';
import type { EnrichReport } from './enrich/enrich.ts';
import type { Fetcher, FetchOutcome } from './enrich/fetch.ts';
import { fileInputs, listInputFiles } from './ingest/files.ts';
import { type IngestReport, ingestDays } from './ingest/pipeline.ts';
import type { RankName } from './link/rank.ts';
import { buildHtml, type HtmlBuildReport } from './publish/html/build.ts';
import { type BuildReport, buildMarkdown } from './publish/markdown/build.ts';

/** What a whole run did, stage by stage. */
export interface ArchiveReport {
  ingest: IngestReport;
  enrich: EnrichReport | null;
  build: BuildReport;
  /** The HTML site, built beside the Markdown in the same folder. */
  html: HtmlBuildReport;
}

export interface ArchiveOptions {
  /** Wikitext files or folders to ingest. */
  paths: string[];
  /** Output folder of the built site. */
  out: string;
  /** Time allowed for fetching sources; 0 skips enrichment. Sources not reached are recorded as failed, to retry later. */
  enrichBudgetMs: number;
  /** Told when a stage starts and how it is going. */
  onStage?: (stage: 'ingest' | 'enrich' | 'link+build', detail: string) => void;
  /** The fetcher for sources (default: the polite, address-checked one). */
  fetcher?: Fetcher;
}

/**
 * Runs the whole pipeline over local wikitext: ingest, enrich (bounded in time), link, build.
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
  options.onStage?.('link+build', options.out);
  const site = buildSite(db, { out: options.out, format: 'both' });
  return { ingest, enrich, build: site.md as BuildReport, html: site.html as HtmlBuildReport };
}

/** Options of `buildSite` (those of `currents build`). */
export interface SiteBuildOptions {
  out: string;
  format: 'md' | 'html' | 'both';
  rank?: RankName;
  dryRun?: boolean;
  full?: boolean;
  baseUrl?: string;
}

/** What `buildSite` did, per format (null: not asked for). */
export interface SiteBuildReport {
  md: BuildReport | null;
  html: HtmlBuildReport | null;
  /** Wall time of each format's build, in ms (the Markdown one includes linking). */
  ms: { md: number; html: number };
}

/**
 * Builds the Markdown archive and/or the HTML site into one folder, linking once: the Markdown
 * build links (incremental) and the HTML build reuses its report.
 * @example buildSite(store.db, { out: 'site', format: 'both' })
 */
export function buildSite(db: DatabaseSync, options: SiteBuildOptions): SiteBuildReport {
  const common = {
    out: options.out,
    ...(options.rank ? { rank: options.rank } : {}),
    ...(options.dryRun ? { dryRun: true } : {}),
    ...(options.full ? { full: true } : {}),
  };
  const started = performance.now();
  const md = options.format === 'html' ? null : buildMarkdown(db, common);
  const between = performance.now();
  const html =
    options.format === 'md'
      ? null
      : buildHtml(db, {
          ...common,
          ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
          ...(md ? { linked: md.link } : {}),
        });
  return { md, html, ms: { md: between - started, html: performance.now() - between } };
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
