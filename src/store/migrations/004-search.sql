-- Schema v4: full-text search over events (SQLite FTS5), kept in sync by triggers.
-- One row per event (rowid = events.rowid): its text, its context entities and the ledes of the
-- sources it cites. Triggers on events, event_entities, sources and articles keep it current in the
-- same transaction as the write, so no stage has to remember to rebuild it (cost measured in
-- docs/DESIGN.md, "Search index").
CREATE VIRTUAL TABLE event_search USING fts5(
  text,                                  -- the event's plain text
  entities,                              -- its context entities, joined by ' · '
  ledes,                                 -- ledes of its enriched sources, joined by ' '
  event_id UNINDEXED,
  date UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2'
);

-- Fill it for a store that already holds events.
INSERT INTO event_search (rowid, text, entities, ledes, event_id, date)
SELECT e.rowid, e.text,
       coalesce((SELECT group_concat(x.title, ' · ') FROM event_entities x WHERE x.event_id = e.id), ''),
       coalesce((SELECT group_concat(a.lede, ' ') FROM sources s JOIN articles a ON a.url = s.url
                  WHERE s.event_id = e.id AND a.lede IS NOT NULL), ''),
       e.id, e.date
  FROM events e;

CREATE TRIGGER event_search_insert AFTER INSERT ON events BEGIN
  INSERT INTO event_search (rowid, text, entities, ledes, event_id, date)
  VALUES (new.rowid, new.text, '', '', new.id, new.date);
END;

CREATE TRIGGER event_search_delete AFTER DELETE ON events BEGIN
  DELETE FROM event_search WHERE rowid = old.rowid;
END;

CREATE TRIGGER event_search_update AFTER UPDATE OF text, date ON events BEGIN
  UPDATE event_search SET text = new.text, date = new.date WHERE rowid = new.rowid;
END;

CREATE TRIGGER event_search_entity_insert AFTER INSERT ON event_entities BEGIN
  UPDATE event_search
     SET entities = coalesce((SELECT group_concat(title, ' · ') FROM event_entities WHERE event_id = new.event_id), '')
   WHERE rowid = (SELECT rowid FROM events WHERE id = new.event_id);
END;

CREATE TRIGGER event_search_entity_delete AFTER DELETE ON event_entities BEGIN
  UPDATE event_search
     SET entities = coalesce((SELECT group_concat(title, ' · ') FROM event_entities WHERE event_id = old.event_id), '')
   WHERE rowid = (SELECT rowid FROM events WHERE id = old.event_id);
END;

CREATE TRIGGER event_search_source_insert AFTER INSERT ON sources BEGIN
  UPDATE event_search
     SET ledes = coalesce((SELECT group_concat(a.lede, ' ') FROM sources s JOIN articles a ON a.url = s.url
                            WHERE s.event_id = new.event_id AND a.lede IS NOT NULL), '')
   WHERE rowid = (SELECT rowid FROM events WHERE id = new.event_id)
     AND EXISTS (SELECT 1 FROM articles WHERE url = new.url AND lede IS NOT NULL);
END;

CREATE TRIGGER event_search_source_delete AFTER DELETE ON sources BEGIN
  UPDATE event_search
     SET ledes = coalesce((SELECT group_concat(a.lede, ' ') FROM sources s JOIN articles a ON a.url = s.url
                            WHERE s.event_id = old.event_id AND a.lede IS NOT NULL), '')
   WHERE rowid = (SELECT rowid FROM events WHERE id = old.event_id)
     AND EXISTS (SELECT 1 FROM articles WHERE url = old.url AND lede IS NOT NULL);
END;

CREATE TRIGGER event_search_article_insert AFTER INSERT ON articles BEGIN
  UPDATE event_search
     SET ledes = coalesce((SELECT group_concat(a.lede, ' ') FROM sources s JOIN articles a ON a.url = s.url
                            WHERE s.event_id = event_search.event_id AND a.lede IS NOT NULL), '')
   WHERE rowid IN (SELECT e.rowid FROM sources s JOIN events e ON e.id = s.event_id WHERE s.url = new.url);
END;

CREATE TRIGGER event_search_article_update AFTER UPDATE OF lede ON articles BEGIN
  UPDATE event_search
     SET ledes = coalesce((SELECT group_concat(a.lede, ' ') FROM sources s JOIN articles a ON a.url = s.url
                            WHERE s.event_id = event_search.event_id AND a.lede IS NOT NULL), '')
   WHERE rowid IN (SELECT e.rowid FROM sources s JOIN events e ON e.id = s.event_id WHERE s.url = new.url);
END;

CREATE TRIGGER event_search_article_delete AFTER DELETE ON articles BEGIN
  UPDATE event_search
     SET ledes = coalesce((SELECT group_concat(a.lede, ' ') FROM sources s JOIN articles a ON a.url = s.url
                            WHERE s.event_id = event_search.event_id AND a.lede IS NOT NULL), '')
   WHERE rowid IN (SELECT e.rowid FROM sources s JOIN events e ON e.id = s.event_id WHERE s.url = old.url);
END;
