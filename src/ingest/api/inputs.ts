import { FetchError } from '../../model/errors.ts';
import type { DayInput } from '../pipeline.ts';
import { type ApiOptions, checkEndpoint, DEFAULT_ENDPOINT, fetchDays } from './client.ts';
import { parseRange } from './titles.ts';

/** A planned `ingest --from --to [--api]` run: its inputs (fetched lazily) and how many days it asks for. */
export interface ApiPlan {
  inputs: AsyncIterable<DayInput>;
  total: number;
}

/** What `currents ingest --from DATE --to DATE [--api URL]` gives. */
export interface ApiInputOptions {
  from: string;
  to: string;
  /** api.php URL; default English Wikipedia. */
  api?: string;
  /** Told of each missing page, each failed day and each wait (one line of text). */
  onWarning?: (message: string) => void;
  /** Client settings (concurrency, timeouts, a test clock …). */
  client?: ApiOptions;
}

/**
 * Checks `--from/--to/--api` (UsageError when bad) and plans the fetch. The inputs yield every
 * fetched day in date order; a day with no page is a warning. Days that could not be fetched are
 * warnings too, and once every other day was yielded, the iteration throws one FetchError naming
 * the endpoint and how many days failed, so the command exits 1 while keeping what was ingested.
 * @example const plan = apiDayInputs({ from: '2016-04-01', to: '2016-04-30' }); await ingestDays(db, plan.inputs);
 */
export function apiDayInputs(options: ApiInputOptions): ApiPlan {
  const dates = parseRange(options.from, options.to);
  const client = options.client ?? {};
  const endpoint = checkEndpoint(options.api ?? client.endpoint ?? DEFAULT_ENDPOINT);
  const warn = options.onWarning ?? (() => {});
  const apiOptions: ApiOptions = {
    ...client,
    endpoint,
    onRetry: (why, ms) => {
      warn(`${endpoint}: ${why}; waiting ${(ms / 1000).toFixed(1)} s before retrying`);
      client.onRetry?.(why, ms);
    },
  };
  return { inputs: inputsOf(dates, endpoint, apiOptions, warn), total: dates.length };
}

async function* inputsOf(
  dates: string[],
  endpoint: string,
  options: ApiOptions,
  warn: (message: string) => void,
): AsyncGenerator<DayInput> {
  const failed: string[] = [];
  for await (const r of fetchDays(dates, options)) {
    if (r.status === 'ok') yield r.day;
    else if (r.status === 'missing') warn(`${r.date}: no page "${r.title}" on the wiki (${r.url})`);
    else {
      failed.push(r.date);
      warn(`${r.date}: not fetched: ${r.message}`);
    }
  }
  if (failed.length > 0) {
    const days =
      failed.length === 1 ? `day ${failed[0]}` : `${failed.length} days (${failed[0]} … ${failed.at(-1)})`;
    throw new FetchError(
      endpoint,
      `Could not fetch ${days} from the MediaWiki API ${endpoint}; the other days were ingested. Run the same command again later.`,
    );
  }
}
