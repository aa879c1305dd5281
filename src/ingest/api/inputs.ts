import type { DayInput } from '../pipeline.ts';
import { type ApiOptions, checkEndpoint, fetchDays } from './client.ts';
import { parseRange } from './titles.ts';

/**
 * The days `from`…`to` fetched from a MediaWiki API, as pipeline inputs. Missing pages and failed
 * batches are told to `onWarning` (and failures also become failed inputs named by their page).
 */
export function apiDayInputs(options: {
  from: string;
  to: string;
  api?: string;
  onWarning: (message: string) => void;
  client?: ApiOptions;
}): { total: number; inputs: AsyncIterable<DayInput> } {
  const dates = parseRange(options.from, options.to);
  const client: ApiOptions = { ...options.client };
  if (options.api) client.endpoint = checkEndpoint(options.api);
  async function* inputs(): AsyncGenerator<DayInput> {
    for await (const result of fetchDays(dates, client)) {
      if (result.status === 'ok') yield result.day;
      else if (result.status === 'missing')
        options.onWarning(`${result.date}: no page ${result.title} (${result.url})`);
      else options.onWarning(`${result.date}: could not fetch ${result.title}: ${result.message}`);
    }
  }
  return { total: dates.length, inputs: inputs() };
}
