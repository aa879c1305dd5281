import { normaliseTitle } from '../ingest/titles.ts';
import { isEventId, isIsoDate } from '../model/ids.ts';
import { MAX_QUERY_CHARS } from '../store/search.ts';
import { HttpError } from './http-error.ts';
import { paging } from './paging.ts';
import { type ApiContext, daysView, dayView, entityView, eventDetailView, searchView } from './views.ts';

/** The API's answer to one request: a status and a JSON value. */
export interface ApiAnswer {
  status: number;
  body: unknown;
}

/** Events per page of a day's answer unless `limit` says otherwise (the fullest real day, 2020-03-12, has 111 items). */
export const DAY_PAGE = 200;

/**
 * Most events one page of a day's answer may hold: bounds the work and the bytes of one answer
 * (1,000 events of a repeated text took 40–120 ms of CPU, and a probe waited for two or three such
 * answers when many were asked for at once; at 500 it still waited over a second at load 12).
 */
export const MAX_DAY_PAGE = 200;

/** Longest entity title accepted (MediaWiki's limit is 255 bytes). */
const MAX_TITLE_CHARS = 255;

/** The endpoints, for `GET /api`. */
const INDEX = {
  name: 'Currents API',
  docs: 'docs/API.md',
  endpoints: [
    'GET /api/days',
    'GET /api/days/{YYYY-MM-DD}?page=&limit=',
    'GET /api/events/{id}',
    'GET /api/entities/{title}?page=&limit=&order=asc|desc',
    'GET /api/search?q=&page=&limit=',
  ],
};

/**
 * Answers one API request from the store. `segments` are the raw (still percent-encoded) path
 * segments after `/api`; bad input throws HttpError (400/404/414), never reaching SQLite as syntax.
 * @example answerApi({ db }, ['days', '2016-04-28'], new URLSearchParams())
 */
export function answerApi(ctx: ApiContext, segments: string[], params: URLSearchParams): ApiAnswer {
  const [resource = '', raw, ...rest] = segments;
  if (rest.length > 0 || (raw === '' && resource !== '')) throw notFound();
  const arg = raw === undefined ? undefined : decodeSegment(raw);
  switch (resource) {
    case '':
      return { status: 200, body: INDEX };
    case 'days': {
      if (arg === undefined) return { status: 200, body: daysView(ctx.db) };
      if (!isIsoDate(arg)) {
        throw new HttpError(
          400,
          'bad_date',
          `A day is written YYYY-MM-DD, e.g. 2016-04-28 (got "${String(arg).slice(0, 40)}")`,
        );
      }
      const day = dayView(ctx, arg, paging(params, DAY_PAGE, MAX_DAY_PAGE));
      if (!day) throw new HttpError(404, 'not_found', `No stored day ${arg}`);
      return { status: 200, body: day };
    }
    case 'events': {
      if (arg === undefined) throw notFound();
      if (!isEventId(arg)) {
        throw new HttpError(
          400,
          'bad_id',
          `An event id looks like 20160428-b05e633a3066 (got "${arg.slice(0, 40)}")`,
        );
      }
      const event = eventDetailView(ctx, arg);
      if (!event) throw new HttpError(404, 'not_found', `No event ${arg}`);
      return { status: 200, body: event };
    }
    case 'entities': {
      if (arg === undefined) throw notFound();
      if (arg.length > MAX_TITLE_CHARS) {
        throw new HttpError(
          414,
          'title_too_long',
          `An entity title has at most ${MAX_TITLE_CHARS} characters`,
        );
      }
      const title = normaliseTitle(arg);
      if (!title)
        throw new HttpError(400, 'bad_title', 'An entity title is needed, e.g. /api/entities/Syria');
      const order = params.get('order') ?? 'asc';
      if (order !== 'asc' && order !== 'desc') {
        throw new HttpError(400, 'bad_order', `order is asc or desc (got "${order.slice(0, 20)}")`);
      }
      const view = entityView(ctx, title, paging(params, 50, 200), order);
      if (!view) throw new HttpError(404, 'not_found', `No event names the entity ${title}`);
      return { status: 200, body: view };
    }
    case 'search': {
      if (arg !== undefined) throw notFound();
      const qs = params.getAll('q');
      if (qs.length !== 1 || (qs[0] ?? '').trim() === '') {
        throw new HttpError(400, 'bad_query', 'Give one search query, e.g. /api/search?q=de+Mistura');
      }
      const q = qs[0] ?? '';
      if (q.length > MAX_QUERY_CHARS) {
        throw new HttpError(414, 'query_too_long', `A query has at most ${MAX_QUERY_CHARS} characters`);
      }
      return { status: 200, body: searchView(ctx, q, paging(params, 20, 100)) };
    }
    default:
      throw notFound();
  }
}

function notFound(): HttpError {
  return new HttpError(404, 'not_found', 'No such API endpoint; GET /api lists them');
}

function decodeSegment(raw: string): string {
  try {
    const s = decodeURIComponent(raw);
    if (/[\u0000-\u001f\u007f]/.test(s)) throw new Error('control character');
    return s;
  } catch {
    throw new HttpError(400, 'bad_path', 'Path segment has a malformed escape or a control character');
  }
}
