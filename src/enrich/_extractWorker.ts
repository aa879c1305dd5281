// Runs page extraction off the main thread for `boundedExtractor.ts`: one message in, one out.
// A page whose structure would make the DOM parser slow is refused after a linear scan.
import { parentPort } from 'node:worker_threads';
import { shapeRefusal } from './_htmlShape.ts';
import { extractPage } from './page.ts';

/** A page to extract, as posted by the main thread. */
interface Task {
  id: number;
  body: Uint8Array;
  contentType: string | undefined;
  url: string;
}

parentPort?.on('message', (task: Task) => {
  const refused = shapeRefusal(Buffer.from(task.body.buffer, task.body.byteOffset, task.body.byteLength));
  if (refused) {
    parentPort?.postMessage({ id: task.id, status: 'failed', reason: refused });
    return;
  }
  try {
    const options =
      task.contentType === undefined ? { url: task.url } : { url: task.url, contentType: task.contentType };
    parentPort?.postMessage({ id: task.id, status: 'ok', fields: extractPage(task.body, options) });
  } catch (error) {
    parentPort?.postMessage({
      id: task.id,
      status: 'failed',
      reason: `extraction error: ${(error as Error).message}`,
    });
  }
});

parentPort?.postMessage({ ready: true });
