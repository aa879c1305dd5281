-- Schema v6: where each event's wiki links sit in its text, and which linked titles are redirects.
-- JSON [[start, end, title]…]: UTF-16 offsets [start, end) into events.text, the title as linked
-- (normalised), in text order. Read with the event, so one column beats a row per link.
ALTER TABLE events ADD COLUMN spans TEXT NOT NULL DEFAULT '[]';

-- Linked titles asked of the MediaWiki API (ingest --api, update). event_entities holds context
-- already resolved through this table; events.links, events.storyline and events.spans keep the
-- titles as linked.
CREATE TABLE redirects (
  title TEXT PRIMARY KEY,                -- a linked title, normalised
  target TEXT,                           -- the page it redirects to; NULL: asked, not a redirect
  fragment TEXT,                         -- the section of the target the redirect names, if any
  checked_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX redirects_target ON redirects(target) WHERE target IS NOT NULL;
