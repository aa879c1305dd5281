import { Worker } from 'node:worker_threads';
import type { PageExtractor, PageFields } from './enrich.ts';

/** What became of one page's extraction: its fields, or why there are none. */
export type ExtractOutcome = { status: 'ok'; fields: PageFields } | { status: 'failed'; reason: string };

/** Bounds of extraction. Every field has a default. */
export interface BoundedExtractOptions {
  /** Time one page may take in the worker (startup not counted). */
  timeoutMs?: number;
  /** Pages larger than this are refused unread (the fetcher keeps at most 10 MiB decoded). */
  maxBytes?: number;
  /** The worker's V8 heap; a page that needs more ends as `failed`. */
  maxHeapMb?: number;
  /** Time a fresh worker may take to load. */
  startupTimeoutMs?: number;
}

/** A warm worker extracting one page at a time, each bounded in time and memory. */
export interface BoundedExtractor {
  extract(body: Uint8Array, options: { contentType?: string; url: string }): Promise<ExtractOutcome>;
  /** Stops the worker; later calls start a new one. */
  close(): Promise<void>;
}

const DEFAULTS = {
  timeoutMs: 5000,
  maxBytes: 10 * 1024 * 1024,
  maxHeapMb: 512,
  startupTimeoutMs: 30_000,
} satisfies BoundedExtractOptions;

interface Task {
  body: Uint8Array;
  contentType: string | undefined;
  url: string;
  done: (outcome: ExtractOutcome) => void;
}

type Reply =
  | { id: number; status: 'ok'; fields: PageFields }
  | { id: number; status: 'failed'; reason: string };

const WORKER_URL = new URL('./_extractWorker.ts', import.meta.url);

/**
 * Extraction that can always be stopped: pages go, one at a time, to a worker thread that is
 * terminated (and replaced for the next page) when a page overruns its time or heap, so a hostile page
 * never blocks the caller's event loop and ends as a `failed` outcome with the reason. The worker first
 * refuses pages whose structure no real page has (`_htmlShape.ts`, one linear pass).
 * @example const x = createBoundedExtractor(); const out = await x.extract(bytes, { url }); await x.close();
 */
export function createBoundedExtractor(options: BoundedExtractOptions = {}): BoundedExtractor {
  const o = { ...DEFAULTS, ...options };
  const queue: Task[] = [];
  let worker: Worker | null = null;
  let ready: Promise<Worker> | null = null;
  let busy = false;
  let nextId = 0;

  function start(): Promise<Worker> {
    const w = new Worker(WORKER_URL, { resourceLimits: { maxOldGenerationSizeMb: o.maxHeapMb } });
    w.unref();
    worker = w;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        void w.terminate();
        reject(new Error(`extraction worker did not start within ${o.startupTimeoutMs} ms`));
      }, o.startupTimeoutMs);
      // The worker says so once its modules are loaded: a page's deadline never includes startup.
      w.once('message', () => {
        clearTimeout(timer);
        resolve(w);
      });
      w.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  function drop(w: Worker): void {
    if (worker === w) {
      worker = null;
      ready = null;
    }
    void w.terminate();
  }

  async function run(task: Task): Promise<ExtractOutcome> {
    ready ??= start();
    let w: Worker;
    try {
      w = await ready;
    } catch (error) {
      ready = null;
      worker = null;
      return { status: 'failed', reason: `extraction worker failed to start: ${(error as Error).message}` };
    }
    const id = nextId++;
    return new Promise<ExtractOutcome>((resolve) => {
      const finish = (outcome: ExtractOutcome): void => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        resolve(outcome);
      };
      const onMessage = (reply: Reply): void => {
        if (reply.id !== id) return;
        finish(
          reply.status === 'ok'
            ? { status: 'ok', fields: reply.fields }
            : { status: 'failed', reason: reply.reason },
        );
      };
      const onError = (error: Error): void => {
        drop(w);
        const code = (error as NodeJS.ErrnoException).code;
        finish({
          status: 'failed',
          reason:
            code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? `extraction stopped: more than ${o.maxHeapMb} MB of memory`
              : `extraction worker crashed: ${error.message}`,
        });
      };
      const onExit = (): void => {
        drop(w);
        finish({ status: 'failed', reason: 'extraction worker exited' });
      };
      const timer = setTimeout(() => {
        drop(w);
        finish({ status: 'failed', reason: `extraction stopped after ${o.timeoutMs} ms` });
      }, o.timeoutMs);
      w.on('message', onMessage);
      w.once('error', onError);
      w.once('exit', onExit);
      w.postMessage({ id, body: task.body, contentType: task.contentType, url: task.url });
    });
  }

  async function pump(): Promise<void> {
    if (busy) return;
    busy = true;
    try {
      for (let task = queue.shift(); task; task = queue.shift()) task.done(await run(task));
    } finally {
      busy = false;
    }
  }

  return {
    extract(body, options) {
      if (body.byteLength > o.maxBytes) {
        return Promise.resolve({
          status: 'failed',
          reason: `page of ${body.byteLength} bytes refused (limit ${o.maxBytes})`,
        });
      }
      return new Promise((done) => {
        queue.push({ body, contentType: options.contentType, url: options.url, done });
        void pump();
      });
    },
    async close() {
      const w = worker;
      worker = null;
      ready = null;
      if (w) await w.terminate();
    },
  };
}

/** The enrich run's `PageExtractor` over a bounded extractor: a failed extraction throws its reason. */
export function pageExtractorOf(extractor: BoundedExtractor): PageExtractor {
  return async (body, options) => {
    const outcome = await extractor.extract(body, options);
    if (outcome.status === 'failed') throw new Error(outcome.reason);
    return outcome.fields;
  };
}

/**
 * One page, bounded, for `currents extract FILE`: starts a worker, extracts, stops it.
 * @example const out = await extractBounded(bytes, { url }); if (out.status === 'failed') …
 */
export async function extractBounded(
  body: Uint8Array,
  options: { contentType?: string; url: string } & BoundedExtractOptions,
): Promise<ExtractOutcome> {
  const extractor = createBoundedExtractor(options);
  try {
    return await extractor.extract(body, options);
  } finally {
    await extractor.close();
  }
}
