import type { LinkSpan, PortalEvent } from './event.ts';

/** What the export contract reads of an event: a stored event, or an event's page model with its position. */
export type ExportableEvent = Pick<
  PortalEvent,
  'id' | 'date' | 'category' | 'text' | 'context' | 'position'
> & {
  storyline: readonly (string | { text: string })[];
  sources: readonly { url: string; publisher: string }[];
  spans: readonly LinkSpan[];
};

/**
 * The public JSON shape of an event (docs/EXPORT.md). Keys and their order are a contract:
 * add fields only at the end, never rename or remove.
 */
export function exportedEvent(e: ExportableEvent): Record<string, unknown> {
  return {
    id: e.id,
    date: e.date,
    category: e.category,
    storyline: e.storyline.map((s) => (typeof s === 'string' ? s : s.text)),
    text: e.text,
    context: e.context,
    sources: e.sources.map((s) => ({ url: s.url, publisher: s.publisher })),
    position: e.position,
    links: e.spans.map((s) => ({ start: s.start, end: s.end, title: s.title })),
  };
}
