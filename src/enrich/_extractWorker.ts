// Runs page extraction off the main thread for `boundedExtract.ts`: one message in, one out.
// What the DOM parser may see of a page is decided first, in one linear pass (`_htmlShape.ts`).
import { parentPort } from 'node:worker_threads';
import { shapeVerdict } from './_htmlShape.ts';
import { extractPage } from './page.ts';

/** A page to extract, as posted by the main thread. */
interface Task {
  id: number;
  body: Uint8Array;
  contentType: string | undefined;
  url: string;
}

parentPort?.on('message', (task: Task) => {
  const bytes = Buffer.from(task.body.buffer, task.body.byteOffset, task.body.byteLength);
  const verdict = shapeVerdict(bytes);
  if (verdict.status === 'refused') {
    parentPort?.postMessage({ id: task.id, status: 'failed', reason: verdict.reason });
    return;
  }
  try {
    const options =
      task.contentType === undefined ? { url: task.url } : { url: task.url, contentType: task.contentType };
    const fields = extractPage(bytes.subarray(0, verdict.end), options);
    parentPort?.postMessage({ id: task.id, status: 'ok', fields });
  } catch (error) {
    parentPort?.postMessage({
      id: task.id,
      status: 'failed',
      reason: `extraction error: ${(error as Error).message}`,
    });
  }
});

parentPort?.postMessage({ ready: true });
