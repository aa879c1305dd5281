import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { ingestDays } from '../ingest/pipeline.ts';
import { StoreError } from '../model/errors.ts';
import { readDayRaw } from './days.ts';
import { readEvents } from './events.ts';
import { openStore } from './open.ts';

const DAY = new URL('../../../shared/data/wcep-wikitext/2016-04-28.wiki', import.meta.url);

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'currents-store-'));
}

test('openStore refuses a SQLite file of another program, and one written by a newer Currents', () => {
  const dir = tempDir();
  try {
    const foreign = join(dir, 'foreign.db');
    const db = new DatabaseSync(foreign);
    db.exec('CREATE TABLE t (x)');
    db.close();
    assert.throws(
      () => openStore(foreign),
      (e: Error) => e instanceof StoreError && /another program/.test(e.message),
    );
    const newer = join(dir, 'newer.db');
    openStore(newer).db.close();
    const raw = new DatabaseSync(newer);
    raw.exec('PRAGMA user_version = 999');
    raw.close();
    assert.throws(
      () => openStore(newer),
      (e: Error) => e instanceof StoreError && /newer Currents/.test(e.message),
    );
    const notSqlite = join(dir, 'text.db');
    copyFileSync(DAY, notSqlite);
    assert.throws(
      () => openStore(notSqlite),
      (e: Error) => e instanceof StoreError && /not a SQLite database/.test(e.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a day is stored raw; re-ingesting it unchanged changes nothing; an edited revision keeps unchanged ids', async () => {
  const dir = tempDir();
  try {
    const store = openStore(join(dir, 'c.db'));
    const bytes = readFileSync(DAY);
    const first = await ingestDays(store.db, [{ origin: '2016-04-28.wiki', bytes, revisionId: 1334920899 }]);
    assert.equal(first.added, 1);
    assert.deepEqual(readDayRaw(store.db, '2016-04-28')?.raw, new Uint8Array(bytes));
    const before = readEvents(store.db);
    const again = await ingestDays(store.db, [{ origin: '2016-04-28.wiki', bytes }]);
    assert.equal(again.unchanged, 1);
    assert.deepEqual(again.changedDays, []);
    // A later revision of the real page: one event reworded, one removed.
    const text = bytes.toString('utf8');
    const edited = text
      .replace('kills at least 61 people', 'kills at least 63 people')
      .replace(/^\*.*Ken Livingstone.*\n/m, '');
    const third = await ingestDays(store.db, [
      { origin: 'rev2', bytes: Buffer.from(edited), revisionId: 1334920900 },
    ]);
    assert.equal(third.replaced, 1);
    const after = readEvents(store.db);
    assert.equal(after.length, before.length - 1);
    const [change] = third.changedDays;
    assert.equal(change?.removed.length, 2, 'the reworded event and the removed one lose their ids');
    const kept = after.filter((e) => before.some((b) => b.id === e.id));
    assert.equal(kept.length, before.length - 2, 'every other event keeps its id');
    assert.ok(after.some((e) => e.text.includes('at least 63 people')));
    store.db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
