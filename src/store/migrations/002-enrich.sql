-- Schema v2: enrichment of cited sources. Raw responses are kept before they are interpreted.
CREATE TABLE responses (
  id INTEGER PRIMARY KEY,
  source_url TEXT NOT NULL,              -- the URL as cited (sources.url)
  request_url TEXT NOT NULL,             -- what was asked for (the archive copy when rescued)
  final_url TEXT NOT NULL,               -- after redirects
  status INTEGER NOT NULL,
  headers TEXT NOT NULL,                 -- JSON object, lower-cased names
  body BLOB NOT NULL,                    -- gzip of the decoded body bytes
  fetched_at TEXT NOT NULL
);
CREATE INDEX responses_source ON responses(source_url);

CREATE TABLE articles (
  url TEXT PRIMARY KEY,                  -- the URL as cited (sources.url)
  outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'archived', 'dead', 'blocked', 'failed')),
  reason TEXT,                           -- why, when not ok
  final_url TEXT,
  archive_url TEXT,                      -- web.archive.org copy used, when archived
  title TEXT,
  site_name TEXT,
  published_time TEXT,
  canonical_url TEXT,
  lang TEXT,
  byline TEXT,
  lede TEXT,
  excerpt TEXT,
  charset TEXT,
  enriched_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX articles_enriched ON articles(enriched_at);
