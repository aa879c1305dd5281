-- Schema v3: related events (src/link), per ranking, with what each list was computed from.
CREATE TABLE related (
  rank TEXT NOT NULL,                    -- reference | idf | recency
  event_id TEXT NOT NULL,
  idx INTEGER NOT NULL,                  -- 0-based place in the list
  related_id TEXT NOT NULL,
  score REAL NOT NULL,
  shared TEXT NOT NULL,                  -- JSON [title…], code-unit order
  PRIMARY KEY (rank, event_id, idx)
) WITHOUT ROWID;
CREATE INDEX related_other ON related(rank, related_id);

-- What each event's list was last computed from, so a later run recomputes only what changed.
CREATE TABLE link_inputs (
  rank TEXT NOT NULL,
  event_id TEXT NOT NULL,
  sig TEXT NOT NULL,                     -- JSON [date, position, [context…]]
  generation INTEGER NOT NULL,           -- link run in which this event's list last changed
  PRIMARY KEY (rank, event_id)
) WITHOUT ROWID;

CREATE TABLE link_runs (
  rank TEXT PRIMARY KEY,
  generation INTEGER NOT NULL,           -- bumped by every run that changed a list
  k INTEGER NOT NULL,
  linked_at TEXT NOT NULL
);
