import type { DatabaseSync } from 'node:sqlite';
import type { LinkSpan, PortalEvent, StorylineNode } from '../model/event.ts';
import { asEntityTitle, asEventId, type EntityTitle, type EventId } from '../model/ids.ts';
import { readRedirects, writeContexts } from './redirects.ts';

/** The stored form of an event's spans: compact JSON `[[start, end, title]…]`. */
export function spansJson(spans: readonly LinkSpan[]): string {
  return JSON.stringify(spans.map((s) => [s.start, s.end, s.title]));
}

/**
 * Reads a stored `events.spans` value; entries not in the stored shape are skipped (a row is
 * checked once, where it enters).
 */
export function parseSpans(json: string): LinkSpan[] {
  if (json === '[]') return [];
  const v: unknown = JSON.parse(json);
  if (!Array.isArray(v)) return [];
  const out: LinkSpan[] = [];
  for (const x of v) {
    if (!Array.isArray(x) || x.length !== 3) continue;
    const [start, end, title] = x as unknown[];
    if (typeof start !== 'number' || typeof end !== 'number' || typeof title !== 'string') continue;
    out.push({ start, end, title: asEntityTitle(title) });
  }
  return out;
}

/** Span titles replaced by their redirect targets (`redirects` from `readRedirects`). */
export function resolveSpans(spans: LinkSpan[], redirects: ReadonlyMap<string, EntityTitle>): LinkSpan[] {
  if (redirects.size === 0) return spans;
  for (const s of spans) s.title = redirects.get(s.title) ?? s.title;
  return spans;
}

/**
 * The link spans of stored events (all, or only `ids`), by id, titles resolved through the
 * redirect table; events without links are absent.
 * @example readSpans(db, ['20160428-…']).get('20160428-…') // [{ start: 0, end: 14, title: 'United Nations' }, …]
 */
export function readSpans(db: DatabaseSync, ids?: readonly string[]): Map<EventId, LinkSpan[]> {
  const rows = ids
    ? db
        .prepare(
          `SELECT id, spans FROM events WHERE spans <> '[]' AND id IN (SELECT value FROM json_each(?))`,
        )
        .all(JSON.stringify(ids))
    : db.prepare(`SELECT id, spans FROM events WHERE spans <> '[]'`).all();
  const out = new Map<EventId, LinkSpan[]>();
  const titles = new Set<string>();
  for (const r of rows) {
    const spans = parseSpans(String(r['spans']));
    for (const s of spans) titles.add(s.title);
    out.set(asEventId(String(r['id'])), spans);
  }
  const redirects = readRedirects(db, titles);
  if (redirects.size > 0) for (const spans of out.values()) resolveSpans(spans, redirects);
  return out;
}

/**
 * Stores the context rows of new or changed events (their spans go in with their rows), resolved
 * through the redirect table with one lookup for them all.
 */
export function writeEventLinks(db: DatabaseSync, events: PortalEvent | readonly PortalEvent[]): void {
  const list: readonly PortalEvent[] = 'id' in events ? [events] : events;
  writeContexts(
    db,
    list.map((e) => ({ id: e.id, own: e.links, above: e.storyline.flatMap((s) => s.links) })),
  );
}

/**
 * Events as read from their rows, with links, storyline links and span titles that are redirects
 * replaced by their targets (context is stored resolved already). Unchanged without redirects.
 */
export function resolveRedirects<
  E extends { links: EntityTitle[]; storyline: StorylineNode[]; spans: LinkSpan[] },
>(db: DatabaseSync, events: E[]): E[] {
  const titles = new Set<string>();
  for (const e of events) {
    for (const t of e.links) titles.add(t);
    for (const s of e.storyline) for (const t of s.links) titles.add(t);
  }
  const redirects = readRedirects(db, titles);
  if (redirects.size === 0) return events;
  const resolve = (list: EntityTitle[]) => [...new Set(list.map((t) => redirects.get(t) ?? t))];
  for (const e of events) {
    e.links = resolve(e.links);
    e.storyline = e.storyline.map((s) => ({ text: s.text, links: resolve(s.links) }));
    resolveSpans(e.spans, redirects);
  }
  return events;
}
