import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { InputError, UsageError } from '../model/errors.ts';
import { openStore } from '../store/open.ts';
import { describeFailure, EXIT } from './exit.ts';

const tmp = mkdtempSync(join(tmpdir(), 'currents-exit-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

test('a full disk while writing a file (ENOSPC, from /dev/full) is named with what to do, without a stack', () => {
  const error = thrown(() => writeFileSync('/dev/full', 'x'));
  const { code, message } = describeFailure(error);
  assert.equal(code, EXIT.failure);
  assert.equal(message, 'No space left on the disk (ENOSPC). Free some space and run the command again');
});

test('a full store (SQLITE_FULL) is named with the store file, not as an unexpected error', () => {
  const store = openStore(join(tmp, 'full.db'));
  try {
    store.db.exec('CREATE TABLE filler (x BLOB)');
    store.db.exec(
      `PRAGMA max_page_count = ${Number(store.db.prepare('PRAGMA page_count').get()?.['page_count'])}`,
    );
    const error = thrown(() => store.db.exec('INSERT INTO filler VALUES (zeroblob(1000000))'));
    const { code, message } = describeFailure(error, { dbFile: 'news.db' });
    assert.equal(code, EXIT.failure);
    assert.match(message, /^The disk holding the store news\.db is full\./);
    assert.doesNotMatch(message, /Unexpected|\n\s+at /);
  } finally {
    store.db.close();
  }
});

test('only a genuine bug says "please report it" and shows its stack', () => {
  const { code, message } = describeFailure(new TypeError('x is not a function'));
  assert.equal(code, EXIT.failure);
  assert.match(message, /^Unexpected error \(please report it\): TypeError: x is not a function\n\s+at /);
});

test('usage and input errors keep their codes; their messages are escaped for the terminal', () => {
  assert.deepEqual(describeFailure(new UsageError('Unknown command "x\u001b[2J"')), {
    code: EXIT.usage,
    message: 'Unknown command "x\\x1b[2J"\nRun `currents --help` for usage.',
  });
  assert.deepEqual(describeFailure(new InputError('a\u0007', 'a\u0007: no such file or folder')), {
    code: EXIT.failure,
    message: 'a\\x07: no such file or folder',
  });
});
