-- Schema v5: page slugs stored once, never recomputed on read.
-- An event's slug is given when the event is first stored (unique on its day, SPEC.md rule) and kept
-- while its id lives; rows of an older store get theirs when this migration runs (store/slugs.ts).
ALTER TABLE events ADD COLUMN slug TEXT;
CREATE UNIQUE INDEX events_slug ON events(date, slug);

-- Entity and storyline pages: a slug per title, given the first time the title is stored, kept after.
CREATE TABLE page_slugs (
  kind TEXT NOT NULL CHECK (kind IN ('entity', 'storyline')),
  title TEXT NOT NULL,
  slug TEXT NOT NULL,
  PRIMARY KEY (kind, title),
  UNIQUE (kind, slug)
) WITHOUT ROWID;

-- Per base slug, the first suffix worth trying for its next title (titles alike: 'c', 'c-2', 'c-3').
CREATE TABLE page_slug_counters (
  kind TEXT NOT NULL,
  base TEXT NOT NULL,
  next INTEGER NOT NULL,
  PRIMARY KEY (kind, base)
) WITHOUT ROWID;
