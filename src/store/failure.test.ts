import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { StoreError } from '../model/errors.ts';
import { sqliteFailureReason, storeFailure } from './failure.ts';
import { openStore, transaction } from './open.ts';

const tmp = mkdtempSync(join(tmpdir(), 'currents-failure-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A real store whose file may not grow past its current pages: the next big write is SQLITE_FULL. */
function fullStore(name: string) {
  const store = openStore(join(tmp, name));
  store.db.exec('CREATE TABLE filler (x BLOB); INSERT INTO filler VALUES (zeroblob(100000))');
  const pages = Number(store.db.prepare('PRAGMA page_count').get()?.['page_count']);
  store.db.exec(`PRAGMA max_page_count = ${pages}`);
  return store;
}

test('full disk: the transaction helper throws SQLITE_FULL, not "cannot rollback - no transaction is active"', () => {
  const store = fullStore('full.db');
  try {
    const error = (() => {
      try {
        transaction(store.db, () => store.db.exec('INSERT INTO filler VALUES (zeroblob(1000000))'));
      } catch (e) {
        return e;
      }
      return null;
    })();
    assert.equal((error as { errcode?: number }).errcode, 13);
    assert.equal(sqliteFailureReason(error), 'full');
    assert.equal(store.db.isTransaction, false);
    // Nothing was lost, and the store still takes small writes.
    assert.equal(Number(store.db.prepare('SELECT count(*) AS n FROM filler').get()?.['n']), 1);
    transaction(store.db, () => store.db.exec('DELETE FROM filler'));
    assert.equal(Number(store.db.prepare('SELECT count(*) AS n FROM filler').get()?.['n']), 0);
  } finally {
    store.db.close();
  }
});

test('full disk: storeFailure names it, says nothing was lost and what to do', () => {
  const store = fullStore('full2.db');
  try {
    let error: unknown;
    try {
      store.db.exec('INSERT INTO filler VALUES (zeroblob(1000000))');
    } catch (e) {
      error = e;
    }
    const failure = storeFailure(error, 'archive.db');
    assert.ok(failure instanceof StoreError);
    assert.equal(failure.file, 'archive.db');
    assert.match(
      failure.message,
      /^The disk holding the store archive\.db is full\. Nothing stored was lost/,
    );
    assert.match(failure.message, /Free some space/);
    assert.match(failure.message, /code 13\)$/);
  } finally {
    store.db.close();
  }
});

test('a read-only connection: writes are named read-only; other errors are not store failures', () => {
  const file = join(tmp, 'ro.db');
  openStore(file).db.close();
  const store = openStore(file, { readonly: true });
  try {
    let error: unknown;
    try {
      transaction(store.db, () => store.db.exec("INSERT INTO runs (command, started_at) VALUES ('x', 'y')"));
    } catch (e) {
      error = e;
    }
    assert.equal(sqliteFailureReason(error), 'readonly');
    assert.match(
      storeFailure(error, file)?.message ?? '',
      /^The store .*ro\.db is read-only: this command writes to it/,
    );
    assert.equal(storeFailure(new Error('boom'), file), null);
    let syntax: unknown;
    try {
      store.db.exec('SELEC 1');
    } catch (e) {
      syntax = e;
    }
    assert.equal(storeFailure(syntax, file), null);
  } finally {
    store.db.close();
  }
});
