-- Schema v1: portal days (raw input kept before parsing), events, entities, sources, runs and warnings.
CREATE TABLE days (
  date TEXT PRIMARY KEY,                 -- YYYY-MM-DD
  title TEXT NOT NULL,                   -- Portal:Current events/2016 April 28
  origin TEXT NOT NULL,                  -- file path or API URL it came from
  revision_id INTEGER,                   -- MediaWiki revision id when known
  revision_timestamp TEXT,               -- ISO time of that revision when known
  sha256 TEXT NOT NULL,                  -- of the raw bytes
  raw BLOB NOT NULL,                     -- the input exactly as given
  parser_version INTEGER NOT NULL,
  ingested_at TEXT NOT NULL
);

CREATE TABLE events (
  id TEXT PRIMARY KEY,
  date TEXT NOT NULL REFERENCES days(date) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  category TEXT,
  storyline TEXT NOT NULL,               -- JSON [{text, links:[…]}], outermost first
  text TEXT NOT NULL,
  links TEXT NOT NULL DEFAULT '[]',      -- JSON [title…]: entities linked in the event's own text, in order
  line INTEGER NOT NULL,
  raw TEXT NOT NULL,
  fingerprint TEXT NOT NULL DEFAULT ''   -- the stored fields as JSON, to tell whether a re-ingest changed the event
);
CREATE INDEX events_date ON events(date, position);
CREATE VIEW events_json AS SELECT id, date, fingerprint AS json FROM events;

CREATE TABLE event_entities (
  event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  own INTEGER NOT NULL,                  -- 1: linked in the event's own text; 0: only via its storyline
  PRIMARY KEY (event_id, title)
) WITHOUT ROWID;
CREATE INDEX event_entities_title ON event_entities(title, event_id);

CREATE TABLE sources (
  event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  url TEXT NOT NULL,
  publisher TEXT NOT NULL,
  archive_url TEXT,
  dead_link INTEGER NOT NULL,
  PRIMARY KEY (event_id, idx)
) WITHOUT ROWID;
CREATE INDEX sources_url ON sources(url);

-- Inputs that could not become a day (no date, not wikitext, empty): kept so nothing given is lost.
CREATE TABLE rejected_inputs (
  id INTEGER PRIMARY KEY,
  origin TEXT NOT NULL,
  sha256 TEXT NOT NULL UNIQUE,
  raw BLOB NOT NULL,
  reason TEXT NOT NULL,
  at TEXT NOT NULL
);

CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  command TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  report TEXT                            -- JSON
);

CREATE TABLE warnings (
  id INTEGER PRIMARY KEY,
  run_id INTEGER REFERENCES runs(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  message TEXT NOT NULL,
  origin TEXT,
  day TEXT,
  line INTEGER
);
CREATE INDEX warnings_day ON warnings(day);
