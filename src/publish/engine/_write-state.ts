/** Index in the shared state of the bytes posted to the writer thread and not yet written. */
export const PENDING = 0;
/** Index in the shared state set to 1 when a write failed (the message is posted back). */
export const FAILED = 1;

/** One batch of files for the writer thread: their bytes back to back, and each file's path and length. */
export interface WriteBatch {
  buffer: ArrayBuffer;
  files: [file: string, length: number][];
}

/** A write the writer thread could not make. */
export interface WriteFailure {
  message: string;
  /** The errno code ('ENOSPC', 'EACCES', …), so the CLI names the cause as for a write on this thread. */
  code: string | null;
  path: string | null;
  /** The system call that failed ('mkdir', 'open'), as the error named it. */
  syscall: string | null;
}
