-- Schema v8: each indexed event's word weights (src/model/search/rank.ts `eventWeights`, the rule
-- the offline search page ranks by), written by syncSearch with its FTS5 row. A search reads these
-- for its candidates instead of re-reading and re-tokenizing their texts; FTS5 still finds them.
CREATE TABLE search_weights (
  rowid INTEGER PRIMARY KEY,   -- events.rowid = event_search.rowid
  event_id TEXT NOT NULL,
  date TEXT NOT NULL,
  weights TEXT NOT NULL        -- ' word:weight word:weight … ' (src/store/search-weights.ts)
);

-- Every event is re-indexed by the next sync, which writes its weights.
INSERT INTO search_dirty (rowid)
  SELECT rowid FROM events WHERE rowid NOT IN (SELECT rowid FROM search_dirty);
