-- Schema v4: full-text search over events (SQLite FTS5).
-- One row per event (rowid = events.rowid): its text, its context entities and the ledes of the
-- sources it cites. Writes do not touch the index: cheap triggers only note which events changed
-- (search_dirty), and `syncSearch` (src/store/search.ts) re-indexes exactly those, in one
-- statement pair, before a search or when the server starts. Measured in docs/DESIGN.md
-- ("Search index"): updating FTS5 rows from triggers made a 150k-event ingest 2.6x slower.
CREATE VIRTUAL TABLE event_search USING fts5(
  text,                                  -- the event's plain text
  entities,                              -- its context entities, joined by ' · '
  ledes,                                 -- ledes of its enriched sources, joined by ' '
  event_id UNINDEXED,
  date UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2'
);

-- rowids of events whose index row is stale (changed, added or removed since the last sync).
-- The triggers test NOT EXISTS instead of INSERT OR IGNORE: inside a trigger fired by an upsert
-- (writeDay's INSERT … ON CONFLICT DO UPDATE) the outer statement's ABORT overrides OR IGNORE.
-- Only events and articles have triggers: writeDay writes an event's entities and sources right
-- after inserting or updating its row, which queues it (triggers on event_entities and sources
-- too cost 1.6x the CPU of a trigger-less scale-corpus write instead of 1.3x). A writer changing
-- event_entities or sources alone must touch the event row or call rebuildSearch.
CREATE TABLE search_dirty (rowid INTEGER PRIMARY KEY);

-- A store that already holds events: every event is to be indexed.
INSERT INTO search_dirty (rowid) SELECT rowid FROM events;

CREATE TRIGGER search_event_insert AFTER INSERT ON events BEGIN
  INSERT INTO search_dirty (rowid) SELECT new.rowid WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE rowid = new.rowid);
END;

CREATE TRIGGER search_event_update AFTER UPDATE ON events BEGIN
  INSERT INTO search_dirty (rowid) SELECT old.rowid WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE rowid = old.rowid);
  INSERT INTO search_dirty (rowid) SELECT new.rowid WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE rowid = new.rowid);
END;

CREATE TRIGGER search_event_delete AFTER DELETE ON events BEGIN
  INSERT INTO search_dirty (rowid) SELECT old.rowid WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE rowid = old.rowid);
END;

CREATE TRIGGER search_article_insert AFTER INSERT ON articles BEGIN
  INSERT INTO search_dirty (rowid)
  SELECT DISTINCT e.rowid FROM sources s JOIN events e ON e.id = s.event_id
   WHERE s.url = new.url AND NOT EXISTS (SELECT 1 FROM search_dirty d WHERE d.rowid = e.rowid);
END;

CREATE TRIGGER search_article_update AFTER UPDATE ON articles BEGIN
  INSERT INTO search_dirty (rowid)
  SELECT DISTINCT e.rowid FROM sources s JOIN events e ON e.id = s.event_id
   WHERE s.url IN (old.url, new.url) AND NOT EXISTS (SELECT 1 FROM search_dirty d WHERE d.rowid = e.rowid);
END;

CREATE TRIGGER search_article_delete AFTER DELETE ON articles BEGIN
  INSERT INTO search_dirty (rowid)
  SELECT DISTINCT e.rowid FROM sources s JOIN events e ON e.id = s.event_id
   WHERE s.url = old.url AND NOT EXISTS (SELECT 1 FROM search_dirty d WHERE d.rowid = e.rowid);
END;
