import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, test } from 'node:test';

const MAIN = new URL('../../src/cli/main.ts', import.meta.url).pathname;
const DATA = new URL('../../../shared/data/', import.meta.url).pathname;
const FOLDERS = [join(DATA, 'wcep-wikitext'), join(DATA, 'wcep-wikitext-eras')];
const DAYS = 56;

const tmp = mkdtempSync(join(tmpdir(), 'currents-crash-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs `currents ingest` on the real days and SIGKILLs it right after its `killAfter`-th progress line. */
function ingestKilled(
  db: string,
  killAfter: number,
  folders = FOLDERS,
): Promise<{ signal: NodeJS.Signals | null; seen: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, '--db', db, 'ingest', ...folders], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let seen = 0;
    let buffered = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        // Not on a terminal, progress is one plain line per day: "ingest 12/56 path".
        if (/^ingest \d+\/\d+ /.test(line) && ++seen === killAfter) child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ signal, seen }));
  });
}

function ingestToEnd(db: string, folders = FOLDERS): void {
  const r = spawnSync(process.execPath, [MAIN, '--db', db, 'ingest', ...folders], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(r.status, 0, r.stderr);
}

/** What the store holds: events per day with their ids, and every consistency check. */
function inspect(file: string) {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    const q = <T>(sql: string) => db.prepare(sql).all() as T[];
    const perDay = new Map(
      q<{ date: string; ids: string | null }>(
        'SELECT d.date, group_concat(e.id) AS ids FROM days d LEFT JOIN events e ON e.date = d.date GROUP BY d.date',
      ).map((r) => [r.date, (r.ids ?? '').split(',').filter(Boolean).sort().join(',')]),
    );
    return {
      perDay,
      duplicateDays: q('SELECT date FROM days GROUP BY date HAVING count(*) > 1'),
      orphanEvents: q('SELECT id FROM events WHERE date NOT IN (SELECT date FROM days)'),
      orphanEntities: q('SELECT event_id FROM event_entities WHERE event_id NOT IN (SELECT id FROM events)'),
      orphanSources: q('SELECT event_id FROM sources WHERE event_id NOT IN (SELECT id FROM events)'),
      integrity: q<{ integrity_check: string }>('PRAGMA integrity_check').map((r) => r.integrity_check),
      foreignKeys: q('PRAGMA foreign_key_check'),
    };
  } finally {
    db.close();
  }
}

function assertConsistent(state: ReturnType<typeof inspect>, clean: Map<string, string>, when: string) {
  assert.deepEqual(state.integrity, ['ok'], when);
  assert.deepEqual(state.foreignKeys, [], `${when}: foreign_key_check`);
  assert.deepEqual(state.duplicateDays, [], `${when}: a day stored twice`);
  assert.deepEqual(state.orphanEvents, [], `${when}: events without their day`);
  assert.deepEqual(state.orphanEntities, [], `${when}: entities without their event`);
  assert.deepEqual(state.orphanSources, [], `${when}: sources without their event`);
  // No half-written day: every day present holds exactly the events of a clean run.
  for (const [date, ids] of state.perDay)
    assert.equal(ids, clean.get(date), `${when}: day ${date} half-written`);
}

test('an ingest SIGKILLed mid-run, twice, leaves no half-written day; a rerun completes with every day once', {
  timeout: 300_000,
}, async () => {
  const cleanDb = join(tmp, 'clean.db');
  ingestToEnd(cleanDb);
  const clean = inspect(cleanDb);
  assert.equal(clean.perDay.size, DAYS);
  assertConsistent(clean, clean.perDay, 'clean run');

  const db = join(tmp, 'killed.db');
  // First kill early (the store is being created and filled), then a second run killed further on.
  for (const killAfter of [8, 30]) {
    const { signal, seen } = await ingestKilled(db, killAfter);
    assert.equal(signal, 'SIGKILL', `the run ended before the kill landed (after ${seen} progress lines)`);
    const state = inspect(db);
    assert.ok(
      state.perDay.size >= 1 && state.perDay.size < DAYS,
      `killed after ${killAfter} days, the store holds ${state.perDay.size}: the kill did not land mid-run`,
    );
    assertConsistent(state, clean.perDay, `after the kill at day ${killAfter}`);
  }
  ingestToEnd(db);
  const final = inspect(db);
  assert.equal(final.perDay.size, DAYS);
  assertConsistent(final, clean.perDay, 'after the rerun');
  assert.deepEqual(final.perDay, clean.perDay);
});

test('an ingest of changed revisions SIGKILLed mid-run leaves each day wholly old or wholly new', {
  timeout: 300_000,
}, async () => {
  // The same 56 real days, each with one event added before its first bullet: a new revision of every day.
  const changed = join(tmp, 'changed');
  for (const folder of FOLDERS) {
    const out = join(changed, folder.split('/').at(-1) as string);
    mkdirSync(out, { recursive: true });
    for (const name of readdirSync(folder).filter((n) => n.endsWith('.wiki'))) {
      const text = readFileSync(join(folder, name), 'utf8');
      const first = text.search(/^\*/m);
      assert.ok(first >= 0, `${name} has a bullet`);
      writeFileSync(
        join(out, name),
        `${text.slice(0, first)}* An event added by the crash test.\n${text.slice(first)}`,
      );
    }
  }
  const changedFolders = FOLDERS.map((f) => join(changed, f.split('/').at(-1) as string));
  const oldDb = join(tmp, 'old.db');
  const newDb = join(tmp, 'new.db');
  ingestToEnd(oldDb);
  ingestToEnd(newDb, changedFolders);
  const before = inspect(oldDb).perDay;
  const afterAll = inspect(newDb).perDay;
  for (const [date, ids] of afterAll) assert.notEqual(ids, before.get(date), `${date} did not change`);

  const db = join(tmp, 'replacing.db');
  ingestToEnd(db);
  const { signal, seen } = await ingestKilled(db, 20, changedFolders);
  assert.equal(signal, 'SIGKILL', `the run ended before the kill landed (after ${seen} progress lines)`);
  const state = inspect(db);
  assert.deepEqual(state.integrity, ['ok']);
  assert.deepEqual(state.foreignKeys, []);
  assert.deepEqual(state.orphanEntities, []);
  assert.deepEqual(state.orphanSources, []);
  assert.equal(state.perDay.size, DAYS);
  let replaced = 0;
  for (const [date, ids] of state.perDay) {
    if (ids === afterAll.get(date)) replaced++;
    else assert.equal(ids, before.get(date), `day ${date} is neither its old nor its new revision`);
  }
  assert.ok(replaced >= 1 && replaced < DAYS, `${replaced} days replaced: the kill did not land mid-run`);
  ingestToEnd(db, changedFolders);
  assert.deepEqual(inspect(db).perDay, afterAll);
});
