import { Feed } from 'feed';
import { outLink, text } from '../html/escape.ts';
import type { EventPageModel } from '../model.ts';

/** How many events a feed carries (the newest). */
export const FEED_ITEMS = 50;

/** A feed of events: its title, the page it belongs to, its own URLs, all absolute. */
export interface FeedSpec {
  title: string;
  description: string;
  /** Absolute URL of the HTML page the feed follows. */
  pageUrl: string;
  atomUrl: string;
  jsonUrl: string;
  /** Events oldest first (as on the pages); the newest FEED_ITEMS are used. */
  events: readonly EventPageModel[];
  /** Absolute URL of an event's HTML page. */
  urlOf(e: EventPageModel): string;
}

/** Midnight UTC of an event's date: entries are dated by the day they happened (stable across builds). */
function dayDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** An entry's HTML content: the event, its lede excerpt, its sources as links (and archived copies). */
function entryHtml(e: EventPageModel): string {
  const parts = [`<p>${text(e.text)}</p>`];
  if (e.excerpt) parts.push(`<blockquote><p>${text(e.excerpt)}</p></blockquote>`);
  if (e.sources.length > 0) {
    const items = e.sources.map((s) => {
      const copy = s.archiveUrl ? outLink('archived copy', s.archiveUrl) : '';
      return `<li>${outLink(s.publisher, s.url)}${copy && copy !== text('archived copy') ? ` (${copy})` : ''}</li>`;
    });
    parts.push(`<p>Sources:</p><ul>${items.join('')}</ul>`);
  }
  return parts.join('');
}

/**
 * The feed of a spec. Atom titles and summaries are declared type="html" by the library, so they
 * get escaped text ("<script>" in an event is shown as text, "]]>" cannot close a CDATA); JSON
 * Feed's `title` and `summary` are plain text by its spec, so they get the text itself.
 */
function feedOf(spec: FeedSpec, syntax: 'atom' | 'json'): Feed {
  const plain = syntax === 'json' ? (s: string) => s : text;
  const newest = spec.events.slice(-FEED_ITEMS).reverse();
  const updated = newest[0] ? dayDate(newest[0].date) : new Date('2002-01-01T00:00:00Z');
  const feed = new Feed({
    id: spec.pageUrl,
    title: spec.title,
    description: spec.description,
    link: spec.pageUrl,
    updated,
    generator: 'Currents',
    feedLinks: { atom: spec.atomUrl, json: spec.jsonUrl },
    author: { name: "Wikipedia's Current events portal contributors" },
    copyright: 'CC BY-SA 4.0, Wikipedia contributors',
  });
  for (const e of newest) {
    const url = spec.urlOf(e);
    feed.addItem({
      id: url,
      link: url,
      title: plain(e.text),
      date: dayDate(e.date),
      published: dayDate(e.date),
      description: plain(e.excerpt ?? e.text),
      content: entryHtml(e),
      ...(e.category ? { category: [{ name: plain(e.category) }] } : {}),
    });
  }
  return feed;
}

/**
 * The Atom 1.0 document of a feed. Characters XML 1.0 forbids (controls, lone surrogates, U+FFFE/U+FFFF)
 * become U+FFFD: ingest cleans wikitext, but text fetched by enrichment (titles, ledes) may still carry them.
 */
export function atomFeed(spec: FeedSpec): string {
  return `${feedOf(spec, 'atom').atom1()}\n`.replace(NOT_XML, '\uFFFD');
}

/** What XML 1.0's Char production leaves out. */
const NOT_XML =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * The JSON Feed 1.1 document of a feed. The library writes version 1; the fields it writes are the
 * same in 1.1 except `author`, which 1.1 replaces by `authors`, so the version is raised here.
 */
export function jsonFeed(spec: FeedSpec): string {
  const v: unknown = JSON.parse(feedOf(spec, 'json').json1());
  if (!v || typeof v !== 'object') throw new Error('feed library returned no JSON object');
  const out: Record<string, unknown> = { ...v, version: 'https://jsonfeed.org/version/1.1', language: 'en' };
  // Each item names the report it cites first, as JSON Feed's external_url (the page it is about).
  const items = out['items'];
  if (Array.isArray(items)) {
    const newest = spec.events.slice(-FEED_ITEMS).reverse();
    items.forEach((item: unknown, i) => {
      const first = newest[i]?.sources[0]?.url;
      if (first && item && typeof item === 'object') Object.assign(item, { external_url: first });
    });
  }
  const author = out['author'];
  if (author) {
    out['authors'] = [author];
    delete out['author'];
  }
  return `${JSON.stringify(out, null, 2)}\n`;
}
