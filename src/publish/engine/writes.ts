import { hash } from 'node:crypto';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { SiteFs } from '../markdown/_fs.ts';
import { FAILED, PENDING, type WriteBatch, type WriteFailure } from './_write-state.ts';

/** Bytes gathered before a batch goes to the writer thread. */
const BATCH_BYTES = 1 << 20;
/** Size of a batch buffer (a file's UTF-8 bytes are at most 3 per UTF-16 unit; larger files get their own). */
const BATCH_CAPACITY = 4 << 20;
/** Bytes posted and not yet written above which the build thread waits (bounds memory). */
const MAX_PENDING_BYTES = 16 << 20;
/** How long the build thread waits for the writer thread to make any progress before giving up. */
const STALL_MS = 120_000;

/** The manifest's hash of a file: SHA-256 of its UTF-8 bytes, base64url (43 characters). */
export function contentHash(content: string | Uint8Array): string {
  return hash('sha256', content, 'base64url');
}

/** A SiteFs whose writes happen on another thread, and the call that waits for them. */
export interface ThreadedFs extends SiteFs {
  /**
   * Encodes the file once, hashes those bytes (`contentHash`) and writes them unless `same(hash)`
   * says the file already holds them; returns the hash.
   */
  put(file: string, content: string, same: (digest: string) => boolean): string;
  /** Waits until every file written so far is on disk; throws if a write failed. */
  flush(): void;
  /** Flushes, then stops the writer thread. */
  close(): void;
}

/**
 * `inner` with its writes done by a writer thread, so rendering (this thread) and writing (the
 * other: a blocking write of a new file waits on the disk) overlap on two cores. Files are encoded
 * once, here, into one transferred buffer per batch of about 1 MiB, and hashed from those bytes;
 * at most 16 MiB wait to be written.
 * Reads, listings and removals stay on this thread (removals after a `flush`).
 */
export function threadedWrites(root: string, inner: SiteFs): ThreadedFs {
  const shared = new SharedArrayBuffer(8);
  const state = new Int32Array(shared);
  const channel = new MessageChannel();
  channel.port1.unref();
  let worker: Worker | null = null;
  let buffer = Buffer.allocUnsafeSlow(BATCH_CAPACITY);
  let files: [string, number][] = [];
  let size = 0;
  // A failed write is thrown here as the error writeFileSync would have thrown (message, code, path).
  const failure = () => {
    if (Atomics.load(state, FAILED) === 0) return;
    // The flag is set after the message is posted, but delivery across threads lags: wait up to 1 s for it.
    let f: WriteFailure | undefined;
    for (let waited = 0; waited <= 1000 && !f; waited += 10) {
      f = receiveMessageOnPort(channel.port1)?.message as WriteFailure | undefined;
      if (!f) Atomics.wait(state, FAILED, 1, 10);
    }
    throw Object.assign(new Error(f?.message ?? `a write under ${root} failed`), {
      code: f?.code ?? undefined,
      path: f?.path ?? undefined,
      syscall: f?.syscall ?? undefined,
    });
  };
  // Waits while more than `limit` bytes are posted and not written; a writer making no progress is an error.
  const waitBelow = (limit: number) => {
    let since = performance.now();
    let last = Atomics.load(state, PENDING);
    for (let p = last; p > limit; p = Atomics.load(state, PENDING)) {
      failure();
      if (p !== last) {
        last = p;
        since = performance.now();
      } else if (performance.now() - since > STALL_MS)
        throw new Error(`the writer thread under ${root} made no progress for ${STALL_MS / 1000} s`);
      Atomics.wait(state, PENDING, p, 1000);
    }
    failure();
  };
  const post = () => {
    if (files.length === 0) return;
    worker ??= new Worker(new URL('./_write-thread.ts', import.meta.url), {
      workerData: { root, state: shared, errors: channel.port2 },
      transferList: [channel.port2],
    });
    // Never what keeps the process alive: every caller flushes before it is done.
    worker.unref();
    const posted = buffer.buffer as ArrayBuffer;
    Atomics.add(state, PENDING, posted.byteLength);
    const batch: WriteBatch = { buffer: posted, files };
    worker.postMessage(batch, [posted]);
    buffer = Buffer.allocUnsafeSlow(BATCH_CAPACITY);
    files = [];
    size = 0;
    waitBelow(MAX_PENDING_BYTES);
  };
  const flush = () => {
    post();
    waitBelow(0);
  };
  return {
    read: (file) => inner.read(file),
    list: (dir) => inner.list(dir),
    remove(file) {
      flush();
      inner.remove(file);
    },
    put(file, content, same) {
      const room = content.length * 3;
      if (buffer.length - size < room) {
        post();
        if (buffer.length < room) buffer = Buffer.allocUnsafeSlow(room);
      }
      const n = buffer.write(content, size, 'utf8');
      const digest = contentHash(buffer.subarray(size, size + n));
      if (same(digest)) return digest;
      files.push([file, n]);
      size += n;
      if (size >= BATCH_BYTES) post();
      return digest;
    },
    write(file, content) {
      this.put(file, content, () => false);
    },
    flush,
    close() {
      try {
        flush();
      } finally {
        void worker?.terminate();
        worker = null;
        channel.port1.close();
      }
    },
  };
}
