import { HttpError } from './http-error.ts';

/** A validated page request. */
export interface Paging {
  page: number;
  limit: number;
  offset: number;
}

/** Highest page number accepted: deeper paging is refused rather than scanned. */
export const MAX_PAGE = 1000;

/**
 * Reads `?page=` (1-based, default 1) and `?limit=` (default `fallback`, at most `max`); anything
 * else than a whole number in range is a 400 naming the parameter.
 * @example paging(new URLSearchParams('page=2&limit=10'), 20, 100) // { page: 2, limit: 10, offset: 10 }
 */
export function paging(params: URLSearchParams, fallback: number, max: number): Paging {
  const page = wholeNumber(params, 'page', 1, 1, MAX_PAGE);
  const limit = wholeNumber(params, 'limit', fallback, 1, max);
  return { page, limit, offset: (page - 1) * limit };
}

function wholeNumber(
  params: URLSearchParams,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const values = params.getAll(name);
  if (values.length === 0) return fallback;
  const raw = values[0] ?? '';
  if (values.length > 1 || !/^\d{1,9}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new HttpError(
      400,
      'bad_paging',
      `${name} must be a whole number from ${min} to ${max} (got "${raw.slice(0, 40)}")`,
    );
  }
  return Number(raw);
}
