import { FetchError, InputError, StoreError, UsageError } from '../model/errors.ts';

/** Exit codes: 0 success (warnings allowed), 1 failure, 2 bad usage. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Maps any thrown value to an exit code and a message for stderr; the one place that does so. */
export function describeFailure(error: unknown): { code: number; message: string } {
  if (error instanceof UsageError) {
    return { code: EXIT.usage, message: `${error.message}\nRun \`currents --help\` for usage.` };
  }
  if (error instanceof InputError || error instanceof StoreError || error instanceof FetchError) {
    return { code: EXIT.failure, message: error.message };
  }
  if (error instanceof Error && String((error as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS')) {
    return { code: EXIT.usage, message: `${error.message}\nRun \`currents --help\` for usage.` };
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { code: EXIT.failure, message: `Unexpected error (please report it): ${detail}` };
}
