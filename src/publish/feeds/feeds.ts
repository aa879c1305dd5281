import { Feed } from 'feed';
import { text } from '../html/escape.ts';
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

function feedOf(spec: FeedSpec): Feed {
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
    // Titles and summaries are declared type="html" by the library: give it escaped text, so
    // "<script>" in an event is shown as text by every reader, and "]]>" cannot close its CDATA.
    const summary = e.excerpt ? `<p>${text(e.excerpt)}</p>` : '';
    feed.addItem({
      id: url,
      link: url,
      title: text(e.text),
      date: dayDate(e.date),
      published: dayDate(e.date),
      description: text(e.excerpt ?? e.text),
      content: `<p>${text(e.text)}</p>${summary}`,
      ...(e.category ? { category: [{ name: text(e.category) }] } : {}),
    });
  }
  return feed;
}

/** The Atom 1.0 document of a feed. */
export function atomFeed(spec: FeedSpec): string {
  return `${feedOf(spec).atom1()}\n`;
}

/**
 * The JSON Feed 1.1 document of a feed. The library writes version 1; the fields it writes are the
 * same in 1.1 except `author`, which 1.1 replaces by `authors`, so the version is raised here.
 */
export function jsonFeed(spec: FeedSpec): string {
  const v: unknown = JSON.parse(feedOf(spec).json1());
  if (!v || typeof v !== 'object') throw new Error('feed library returned no JSON object');
  const out: Record<string, unknown> = { ...v, version: 'https://jsonfeed.org/version/1.1', language: 'en' };
  const author = out['author'];
  if (author) {
    out['authors'] = [author];
    delete out['author'];
  }
  return `${JSON.stringify(out, null, 2)}\n`;
}
