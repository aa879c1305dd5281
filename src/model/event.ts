import type { EntityTitle, EventId, IsoDate } from './ids.ts';

/** A cited news report as written in the portal. */
export interface Source {
  /** The original article URL (recovered from a web.archive.org link when the portal cites one). */
  url: string;
  /** Publisher label as written in the portal ("AP", "AFP via Yahoo! News"); the host name when none is written. */
  publisher: string;
  /** An archived copy the portal itself cites (web.archive.org URL or `{{Webarchive}}`), when present. */
  archiveUrl?: string;
  /** True when the portal marks the link dead (`{{Dead link}}`, `url-status=dead`). */
  deadLink: boolean;
}

/** A wiki link inside an event's plain text: UTF-16 offsets `[start, end)` into `text`, and its normalised title. */
export interface LinkSpan {
  start: number;
  end: number;
  title: EntityTitle;
}

/** One level of an event's storyline path: the plain text of an ancestor bullet and the entities it links. */
export interface StorylineNode {
  text: string;
  links: EntityTitle[];
}

/** One event of the portal: the deepest bullets, or any bullet that cites a source. */
export interface PortalEvent {
  id: EventId;
  date: IsoDate;
  /** Category heading ("Armed conflicts and attacks"); null on pages without headings (2002–2006). */
  category: string | null;
  /** Ancestor bullets, outermost first. */
  storyline: StorylineNode[];
  /** Plain text: links shown by their labels, sources removed, whitespace collapsed, trimmed. */
  text: string;
  /** Entities linked in the event's own text, in order of first appearance. */
  links: EntityTitle[];
  /** Where each wiki link sits in `text`, in text order (empty until the parser records them). */
  spans: LinkSpan[];
  /** Own links ∪ storyline-ancestor links, normalised, sorted, unique. */
  context: EntityTitle[];
  sources: Source[];
  /** 0-based position among the day's events, in page order. */
  position: number;
  /** 1-based line of the bullet in the page's wikitext. */
  line: number;
  /** The bullet's wikitext as written (after joining continued lines). */
  raw: string;
}

/** An event as the store keeps it: with its page slug, given once when the event was first stored. */
export interface StoredEvent extends PortalEvent {
  /** Unique on its day (SPEC.md rule); kept while the event's id lives, whatever else changes on the day. */
  slug: string;
}
