/** Runs synchronous work one piece per event-loop turn, in arrival order. */
export interface Turns {
  /** Runs `work` in its turn and resolves (or rejects) with what it returned (or threw). */
  run<T>(work: () => T): Promise<T>;
  /** Pieces of work waiting for their turn. */
  readonly waiting: number;
}

/**
 * A queue of synchronous work (store reads that answer API requests): one piece runs, then the
 * event loop turns (`setImmediate`) before the next, so requests that need no queued work (site
 * files, `/api`) are answered between two pieces instead of after all of them. Sixteen heavy
 * answers asked for at once kept a probe waiting 2 s when they ran back to back.
 * @example const turns = createTurns(); const answer = await turns.run(() => answerApi(ctx, segments, params));
 */
export function createTurns(): Turns {
  const queue: (() => void)[] = [];
  let running = false;

  function next(): void {
    const job = queue.shift();
    if (!job) {
      running = false;
      return;
    }
    job();
    setImmediate(next);
  }

  return {
    run<T>(work: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push(() => {
          try {
            resolve(work());
          } catch (error) {
            reject(error);
          }
        });
        if (!running) {
          running = true;
          next();
        }
      });
    },
    get waiting() {
      return queue.length;
    },
  };
}
