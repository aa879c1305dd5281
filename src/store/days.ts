import type { DatabaseSync } from 'node:sqlite';
import type { PortalEvent } from '../model/event.ts';
import type { EventId, IsoDate } from '../model/ids.ts';
import { transaction } from './open.ts';
import { slugsForDay, writeEventSlugs } from './slugs.ts';
import { spansJson, writeEventLinks } from './spans.ts';

/** A day's raw input and what is known of its revision. */
export interface DayRecord {
  date: IsoDate;
  title: string;
  origin: string;
  revisionId?: number | undefined;
  revisionTimestamp?: string | undefined;
  sha256: string;
  raw: Uint8Array;
  parserVersion: number;
}

/** What writing a day did. */
export interface DayWrite {
  status: 'added' | 'replaced' | 'unchanged';
  /** Ids of events that are new or whose stored fields changed. */
  changed: EventId[];
  /** Ids of events that no longer exist. */
  removed: EventId[];
}

/**
 * Writes one day and its events in one transaction: a crash leaves the old day or the new one,
 * never half of either. An unchanged input (same bytes, same parser) changes nothing; events whose
 * text did not change keep their ids (ids derive from date and text), so only real changes show.
 */
export function writeDay(db: DatabaseSync, day: DayRecord, events: PortalEvent[], now: string): DayWrite {
  return transaction(db, () => {
    const existing = db.prepare('SELECT sha256, parser_version FROM days WHERE date = ?').get(day.date) as
      | { sha256: string; parser_version: number }
      | undefined;
    if (existing && existing.sha256 === day.sha256 && existing.parser_version === day.parserVersion) {
      // Same content; a newly learnt revision id is still worth keeping.
      if (day.revisionId !== undefined) {
        db.prepare('UPDATE days SET revision_id = ?, revision_timestamp = ? WHERE date = ?').run(
          day.revisionId,
          day.revisionTimestamp ?? null,
          day.date,
        );
      }
      return { status: 'unchanged', changed: [], removed: [] };
    }
    db.prepare(
      `INSERT INTO days (date, title, origin, revision_id, revision_timestamp, sha256, raw, parser_version, ingested_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(date) DO UPDATE SET title = excluded.title, origin = excluded.origin, revision_id = excluded.revision_id,
         revision_timestamp = excluded.revision_timestamp, sha256 = excluded.sha256, raw = excluded.raw,
         parser_version = excluded.parser_version, ingested_at = excluded.ingested_at`,
    ).run(
      day.date,
      day.title,
      day.origin,
      day.revisionId ?? null,
      day.revisionTimestamp ?? null,
      day.sha256,
      day.raw,
      day.parserVersion,
      now,
    );
    const before = new Map<string, string>();
    for (const row of db.prepare('SELECT id, json FROM events_json WHERE date = ?').all(day.date) as {
      id: string;
      json: string;
    }[]) {
      before.set(row.id, row.json);
    }
    // Slugs are given once: kept events keep theirs, new ones take the next free one of their day.
    const slugs = slugsForDay(db, day.date, events);
    const keep = new Set(events.map((e) => e.id as string));
    const removed = [...before.keys()].filter((id) => !keep.has(id)) as EventId[];
    const del = db.prepare('DELETE FROM events WHERE id = ?');
    for (const id of removed) del.run(id);
    const changed: EventId[] = [];
    const written: PortalEvent[] = [];
    for (const e of events) {
      if (before.get(e.id) === fingerprint(e)) continue;
      changed.push(e.id);
      written.push(e);
      putEvent(db, e);
    }
    writeEventLinks(db, written);
    writeEventSlugs(db, slugs);
    return { status: existing ? 'replaced' : 'added', changed, removed };
  });
}

/** The stored fields of an event as one string, to tell whether a re-ingest changed it. */
function fingerprint(e: PortalEvent): string {
  return JSON.stringify([
    e.position,
    e.category,
    e.storyline,
    e.text,
    e.links,
    e.line,
    e.raw,
    e.sources,
    e.spans,
  ]);
}

function putEvent(db: DatabaseSync, e: PortalEvent): void {
  db.prepare(
    `INSERT INTO events (id, date, position, category, storyline, text, links, line, raw, fingerprint, spans)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET position = excluded.position, category = excluded.category,
       storyline = excluded.storyline, text = excluded.text, links = excluded.links, line = excluded.line,
       raw = excluded.raw, fingerprint = excluded.fingerprint, spans = excluded.spans`,
  ).run(
    e.id,
    e.date,
    e.position,
    e.category,
    JSON.stringify(e.storyline),
    e.text,
    JSON.stringify(e.links),
    e.line,
    e.raw,
    fingerprint(e),
    spansJson(e.spans),
  );
  db.prepare('DELETE FROM sources WHERE event_id = ?').run(e.id);
  const src = db.prepare(
    'INSERT INTO sources (event_id, idx, url, publisher, archive_url, dead_link) VALUES (?, ?, ?, ?, ?, ?)',
  );
  e.sources.forEach((s, i) => {
    src.run(e.id, i, s.url, s.publisher, s.archiveUrl ?? null, s.deadLink ? 1 : 0);
  });
}

/** Keeps an input that could not become a day, so nothing the user gave is lost. */
export function writeRejected(
  db: DatabaseSync,
  input: { origin: string; sha256: string; raw: Uint8Array; reason: string },
  now: string,
): void {
  db.prepare(
    `INSERT INTO rejected_inputs (origin, sha256, raw, reason, at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(sha256) DO UPDATE SET origin = excluded.origin, reason = excluded.reason, at = excluded.at`,
  ).run(input.origin, input.sha256, input.raw, input.reason, now);
}

/** The stored revision id of every day (null when the day came from a file). */
export function readDayRevisions(db: DatabaseSync): Map<IsoDate, number | null> {
  const rows = db.prepare('SELECT date, revision_id FROM days').all() as {
    date: string;
    revision_id: number | null;
  }[];
  return new Map(rows.map((r) => [r.date, r.revision_id === null ? null : Number(r.revision_id)]));
}

/** The stored raw bytes of a day, exactly as given. */
export function readDayRaw(db: DatabaseSync, date: IsoDate): { origin: string; raw: Uint8Array } | undefined {
  const row = db.prepare('SELECT origin, raw FROM days WHERE date = ?').get(date) as
    | { origin: string; raw: Uint8Array }
    | undefined;
  return row ? { origin: row.origin, raw: row.raw } : undefined;
}
