import type { DatabaseSync } from 'node:sqlite';
import { readStoredRevisions } from '../../store/revisions.ts';
import { addToLastRun } from '../../store/runs.ts';
import { PARSER_VERSION } from '../parse.ts';
import { type DayInput, type IngestReport, ingestDays } from '../pipeline.ts';
import { type ApiOptions, fetchDays } from './client.ts';
import { type RedirectReport, updateRedirects } from './redirects.ts';

/** What became of one day in an update run. */
export type UpdateOutcome = 'changed' | 'unchanged' | 'missing' | 'failed';

/** What `currents update` did. */
export interface UpdateReport {
  /** Days asked for. */
  requested: number;
  /** Days whose page came back. */
  fetched: number;
  /**
   * Fetched days re-ingested: not stored yet, a revision other than the stored one, or stored by an
   * older parser version.
   */
  changed: number;
  /** Fetched days whose revision and parser version are the stored ones: skipped without parsing. */
  unchanged: number;
  /** Days the wiki has no page for. */
  missing: string[];
  /** Days that could not be fetched, with why. */
  failed: { date: string; message: string }[];
  /** The ingest of the changed days. */
  ingest: IngestReport;
  /** Which titles linked by the changed days are redirects. */
  redirects: RedirectReport;
}

/** Options of an update run. */
export interface UpdateOptions {
  api?: ApiOptions;
  /** Told after each day with its outcome and the count done so far. */
  onDay?: (date: string, outcome: UpdateOutcome, done: number) => void;
  /** Clock for the ingest, for tests. */
  now?: () => string;
}

/**
 * Fetches `dates` from the MediaWiki API and re-ingests only the days whose revision id differs
 * from the one stored (or whose events came from an older parser); an unchanged day is not parsed.
 * Missing and failed days are reported. Then asks which titles the changed days link are redirects.
 * @example const r = await updateDays(db, lastDays(7, today)); console.log(r.changed, r.unchanged);
 */
export async function updateDays(
  db: DatabaseSync,
  dates: string[],
  options: UpdateOptions = {},
): Promise<UpdateReport> {
  const stored = readStoredRevisions(db);
  const report: Omit<UpdateReport, 'ingest' | 'redirects'> = {
    requested: dates.length,
    fetched: 0,
    changed: 0,
    unchanged: 0,
    missing: [],
    failed: [],
  };
  const ingested: string[] = [];
  let done = 0;
  const tell = (date: string, outcome: UpdateOutcome) => options.onDay?.(date, outcome, ++done);
  async function* changedDays(): AsyncGenerator<DayInput> {
    for await (const r of fetchDays(dates, options.api)) {
      if (r.status === 'missing') {
        report.missing.push(r.date);
        tell(r.date, 'missing');
      } else if (r.status === 'failed') {
        report.failed.push({ date: r.date, message: r.message });
        tell(r.date, 'failed');
      } else {
        report.fetched++;
        const had = stored.get(r.date);
        if (had?.revisionId === r.day.revisionId && had.parserVersion === PARSER_VERSION) {
          report.unchanged++;
          tell(r.date, 'unchanged');
          continue;
        }
        report.changed++;
        tell(r.date, 'changed');
        ingested.push(r.date);
        yield r.day;
      }
    }
  }
  const ingest = await ingestDays(db, changedDays(), {
    command: 'update',
    ...(options.now ? { now: options.now } : {}),
  });
  const redirects = await updateRedirects(db, ingested, {
    ...options.api,
    ...(options.now ? { now: options.now } : {}),
  });
  addToLastRun(db, 'update', { fetch: report, redirects });
  return { ...report, ingest, redirects };
}
