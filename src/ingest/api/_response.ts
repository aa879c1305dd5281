/** One page of an `action=query&prop=revisions` answer (formatversion=2), checked. */
export type PageAnswer =
  | { kind: 'revision'; title: string; revisionId: number; timestamp: string; content: string }
  | { kind: 'missing'; title: string }
  | { kind: 'unusable'; title: string; reason: string }
  /** Listed, but its revision comes in a continuation answer. */
  | { kind: 'pending'; title: string };

/** A whole answer, checked: pages, title normalisations, redirects, continuation parameters, or an API error. */
export type QueryAnswer =
  | {
      kind: 'query';
      pages: PageAnswer[];
      /** `from` title → `to` title, as the API normalised what we asked. */
      normalized: Map<string, string>;
      /** `from` title → its target (`redirects=1`), in the API's order. */
      redirects: Map<string, { to: string; fragment?: string }>;
      /** Parameters to send back for the next part, when the answer is incomplete. */
      continueWith?: Record<string, string>;
    }
  | { kind: 'error'; code: string; info: string; lag?: number };

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks a parsed MediaWiki API answer to `prop=revisions&rvslots=main&formatversion=2`; throws an
 * Error describing the first thing that is not in the API's shape.
 */
export function readQueryAnswer(json: unknown): QueryAnswer {
  if (!isObject(json)) throw new Error('the answer is not a JSON object');
  const error = json['error'];
  if (isObject(error)) {
    const code = typeof error['code'] === 'string' ? error['code'] : 'unknown';
    const info = typeof error['info'] === 'string' ? error['info'] : '';
    const lag = typeof error['lag'] === 'number' ? error['lag'] : undefined;
    return { kind: 'error', code, info, ...(lag !== undefined ? { lag } : {}) };
  }
  const query = json['query'];
  if (!isObject(query)) {
    if (json['batchcomplete'] === true && query === undefined) {
      return { kind: 'query', pages: [], normalized: new Map(), redirects: new Map() };
    }
    throw new Error('the answer has no "query" object (is this a MediaWiki api.php endpoint?)');
  }
  const normalized = new Map<string, string>();
  const norm = query['normalized'];
  if (norm !== undefined) {
    if (!Array.isArray(norm)) throw new Error('"query.normalized" is not a list');
    for (const n of norm) {
      if (isObject(n) && typeof n['from'] === 'string' && typeof n['to'] === 'string') {
        normalized.set(n['from'], n['to']);
      }
    }
  }
  const redirects = new Map<string, { to: string; fragment?: string }>();
  const redir = query['redirects'];
  if (redir !== undefined) {
    if (!Array.isArray(redir)) throw new Error('"query.redirects" is not a list');
    for (const r of redir) {
      if (isObject(r) && typeof r['from'] === 'string' && typeof r['to'] === 'string') {
        const fragment = r['tofragment'];
        redirects.set(r['from'], {
          to: r['to'],
          ...(typeof fragment === 'string' && fragment !== '' ? { fragment } : {}),
        });
      }
    }
  }
  const rawPages = query['pages'];
  if (!Array.isArray(rawPages)) {
    throw new Error('"query.pages" is not a list (was formatversion=2 honoured?)');
  }
  const pages = rawPages.map(readPage);
  const cont = json['continue'];
  const answer: QueryAnswer = { kind: 'query', pages, normalized, redirects };
  if (isObject(cont)) {
    const continueWith: Record<string, string> = {};
    for (const [k, v] of Object.entries(cont)) {
      if (typeof v === 'string' || typeof v === 'number') continueWith[k] = String(v);
    }
    answer.continueWith = continueWith;
  }
  return answer;
}

function readPage(page: unknown, i: number): PageAnswer {
  if (!isObject(page) || typeof page['title'] !== 'string') {
    throw new Error(`"query.pages[${i}]" has no title`);
  }
  const title = page['title'];
  if (page['missing'] === true) return { kind: 'missing', title };
  if (page['invalid'] === true) {
    const why = typeof page['invalidreason'] === 'string' ? `: ${page['invalidreason']}` : '';
    return { kind: 'unusable', title, reason: `the API calls the title invalid${why}` };
  }
  const revisions = page['revisions'];
  if (revisions === undefined) return { kind: 'pending', title };
  if (!Array.isArray(revisions) || !isObject(revisions[0])) {
    return { kind: 'unusable', title, reason: '"revisions" is not a list of revisions' };
  }
  const rev = revisions[0];
  const revisionId = rev['revid'];
  const timestamp = rev['timestamp'];
  if (typeof revisionId !== 'number' || !Number.isSafeInteger(revisionId) || revisionId <= 0) {
    return { kind: 'unusable', title, reason: 'the revision has no numeric "revid"' };
  }
  if (typeof timestamp !== 'string')
    return { kind: 'unusable', title, reason: 'the revision has no "timestamp"' };
  const slots = rev['slots'];
  const main = isObject(slots) ? slots['main'] : undefined;
  if (!isObject(main)) {
    return { kind: 'unusable', title, reason: 'the revision has no main slot (was rvslots=main honoured?)' };
  }
  if (main['texthidden'] === true || main['textmissing'] === true) {
    return { kind: 'unusable', title, reason: `the text of revision ${revisionId} is hidden or missing` };
  }
  const content = main['content'];
  if (typeof content !== 'string') {
    return { kind: 'unusable', title, reason: `revision ${revisionId} has no text content` };
  }
  const model = main['contentmodel'];
  if (typeof model === 'string' && model !== 'wikitext') {
    return { kind: 'unusable', title, reason: `revision ${revisionId} is ${model}, not wikitext` };
  }
  return { kind: 'revision', title, revisionId, timestamp, content };
}
