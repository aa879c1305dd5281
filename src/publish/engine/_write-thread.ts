// The writer thread of `threadedWriter` (writes.ts): writes batches of files under a root folder
// while the build thread renders. workerData: { root, state: SharedArrayBuffer }. A batch is one
// transferred buffer holding every file's bytes and [path, length] pairs in order. A failed write
// is reported on `errors` (message, errno code, path) and flagged in the shared state.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { FAILED, PENDING, type WriteBatch, type WriteFailure } from './_write-state.ts';

const {
  root,
  state: shared,
  errors,
} = workerData as { root: string; state: SharedArrayBuffer; errors: MessagePort };
const state = new Int32Array(shared);
const made = new Set<string>();

parentPort?.on('message', (batch: WriteBatch) => {
  const bytes = new Uint8Array(batch.buffer);
  let at = 0;
  try {
    for (const [file, length] of batch.files) {
      const path = join(root, ...file.split('/'));
      const dir = dirname(path);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      writeFileSync(path, bytes.subarray(at, at + length));
      at += length;
    }
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const failure: WriteFailure = {
      message: e.message,
      code: e.code ?? null,
      path: e.path ?? null,
      syscall: e.syscall ?? null,
    };
    errors.postMessage(failure);
    Atomics.store(state, FAILED, 1);
  }
  Atomics.sub(state, PENDING, batch.buffer.byteLength);
  Atomics.notify(state, PENDING);
});
