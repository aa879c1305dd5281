import { createHash } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import type { EventId, IsoDate } from '../model/ids.ts';
import type { Warning } from '../model/warning.ts';
import { type DayWrite, writeDay, writeRejected } from '../store/days.ts';
import { rollback, transaction } from '../store/open.ts';
import { assignMissingPageSlugs } from '../store/slugs.ts';
import { decodeWikitext } from './decode.ts';
import { PARSER_VERSION, parseDay } from './parse.ts';

/** One day's page as given: a file's bytes or an API answer. */
export interface DayInput {
  /** Where it came from (file path or page URL), named in warnings. */
  origin: string;
  bytes: Uint8Array;
  /** The date the file name or page title gives. */
  dateHint?: IsoDate;
  title?: string;
  revisionId?: number;
  revisionTimestamp?: string;
  /** Set when the input could not be read at all (a dangling symlink, a FIFO …): why. `bytes` is empty. */
  unreadable?: string;
}

/** What an ingest run did. */
export interface IngestReport {
  /** Days read (added + replaced + unchanged). */
  days: number;
  added: number;
  replaced: number;
  unchanged: number;
  /** Events, distinct entities and sources of the days read. */
  events: number;
  entities: number;
  sources: number;
  warnings: Warning[];
  /** Inputs that could not become a day (kept in `rejected_inputs`). */
  failed: { origin: string; message: string }[];
  /** Dates whose events changed, with the changed and removed event ids (for incremental linking and building). */
  changedDays: { date: IsoDate; changed: EventId[]; removed: EventId[] }[];
}

export interface IngestOptions {
  /** Called after each input with its origin and the count done so far. */
  onDay?: (origin: string, done: number) => void;
  /** Clock, for tests. */
  now?: () => string;
  /** Command recorded with the run. */
  command?: string;
}

/**
 * Reads days into the store: decode, parse, write each day in one transaction. Bad input becomes a
 * warning or a failed entry naming it; the rest of the batch goes on.
 */
export async function ingestDays(
  db: DatabaseSync,
  inputs: Iterable<DayInput> | AsyncIterable<DayInput>,
  options: IngestOptions = {},
): Promise<IngestReport> {
  const now = options.now ?? (() => new Date().toISOString());
  const report: IngestReport = {
    days: 0,
    added: 0,
    replaced: 0,
    unchanged: 0,
    events: 0,
    entities: 0,
    sources: 0,
    warnings: [],
    failed: [],
    changedDays: [],
  };
  const entities = new Set<string>();
  const seenDates = new Map<IsoDate, string>();
  const started = now();
  let done = 0;
  for await (const input of inputs) {
    if (input.unreadable !== undefined) {
      report.failed.push({ origin: input.origin, message: input.unreadable });
      report.warnings.push({ kind: 'unreadable-input', message: input.unreadable, origin: input.origin });
      options.onDay?.(input.origin, ++done);
      continue;
    }
    const sha256 = createHash('sha256').update(input.bytes).digest('hex');
    const fail = (message: string, warning: Warning) => {
      report.failed.push({ origin: input.origin, message });
      report.warnings.push(warning);
      writeRejected(db, { origin: input.origin, sha256, raw: input.bytes, reason: message }, now());
    };
    const decoded = decodeWikitext(input.bytes);
    if (!decoded.ok) {
      fail(decoded.message, { kind: decoded.kind, message: decoded.message, origin: input.origin });
      options.onDay?.(input.origin, ++done);
      continue;
    }
    const parsed = safeParse(decoded.text, input);
    for (const p of decoded.problems) {
      const w: Warning = { kind: p.kind, message: p.message, origin: input.origin };
      if (parsed.date) w.day = parsed.date;
      if (p.line !== undefined) w.line = p.line;
      report.warnings.push(w);
    }
    report.warnings.push(...parsed.warnings);
    if (!parsed.date) {
      report.failed.push({ origin: input.origin, message: parsed.warnings.at(-1)?.message ?? 'no date' });
      writeRejected(db, { origin: input.origin, sha256, raw: input.bytes, reason: 'no date' }, now());
      options.onDay?.(input.origin, ++done);
      continue;
    }
    const earlier = seenDates.get(parsed.date);
    if (earlier) {
      report.warnings.push({
        kind: 'duplicate-day',
        message: `${parsed.date} was also given by ${earlier}; this input replaces it`,
        origin: input.origin,
        day: parsed.date,
      });
    }
    seenDates.set(parsed.date, input.origin);
    const write: DayWrite = writeDay(
      db,
      {
        date: parsed.date,
        title: input.title ?? parsed.title ?? parsed.date,
        origin: input.origin,
        revisionId: input.revisionId,
        revisionTimestamp: input.revisionTimestamp,
        sha256,
        raw: input.bytes,
        parserVersion: PARSER_VERSION,
      },
      parsed.events,
      now(),
    );
    report.days++;
    report[write.status]++;
    if (write.changed.length > 0 || write.removed.length > 0) {
      report.changedDays.push({ date: parsed.date, changed: write.changed, removed: write.removed });
    }
    report.events += parsed.events.length;
    for (const e of parsed.events) {
      for (const t of e.context) entities.add(t);
      report.sources += e.sources.length;
    }
    options.onDay?.(input.origin, ++done);
  }
  // New entity and storyline titles get their page slugs once per run, in title order (store/slugs.ts).
  transaction(db, () => assignMissingPageSlugs(db));
  report.entities = entities.size;
  recordRun(db, options.command ?? 'ingest', started, now(), report);
  return report;
}

function safeParse(text: string, input: DayInput): ReturnType<typeof parseDay> {
  const options = input.dateHint
    ? { origin: input.origin, dateHint: input.dateHint }
    : { origin: input.origin };
  try {
    return parseDay(text, options);
  } catch (error) {
    // A parser bug must not lose the day: keep its raw text with no events, and say so.
    const date = input.dateHint ?? null;
    const warning: Warning = {
      kind: 'parser-failure',
      message: `the parser failed (${(error as Error).message}); the raw page is kept, with no events — please report this`,
      origin: input.origin,
    };
    if (date) warning.day = date;
    return { date, title: input.title ?? null, events: [], storylines: [], warnings: [warning] };
  }
}

function recordRun(
  db: DatabaseSync,
  command: string,
  started: string,
  finished: string,
  report: IngestReport,
): void {
  const { warnings, changedDays, ...summary } = report;
  const byKind: Record<string, number> = {};
  for (const w of warnings) byKind[w.kind] = (byKind[w.kind] ?? 0) + 1;
  const run = db
    .prepare('INSERT INTO runs (command, started_at, finished_at, report) VALUES (?, ?, ?, ?)')
    .run(command, started, finished, JSON.stringify({ ...summary, warningsByKind: byKind }));
  const insert = db.prepare(
    'INSERT INTO warnings (run_id, kind, message, origin, day, line) VALUES (?, ?, ?, ?, ?, ?)',
  );
  db.exec('BEGIN');
  try {
    for (const w of warnings) {
      insert.run(run.lastInsertRowid, w.kind, w.message, w.origin ?? null, w.day ?? null, w.line ?? null);
    }
    db.exec('COMMIT');
  } catch (error) {
    rollback(db);
    throw error;
  }
}
