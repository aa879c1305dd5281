// Runs `buildSite` in a worker thread for `currents build` (see build.ts): opens the store itself,
// posts the reports back. workerData: { dbFile, options }.
import { parentPort, workerData } from 'node:worker_threads';
import { buildSite, type SiteBuildOptions } from '../../pipeline.ts';
import { openStore } from '../../store/open.ts';

const { dbFile, options } = workerData as { dbFile: string; options: SiteBuildOptions };
const store = openStore(dbFile);
try {
  parentPort?.postMessage(buildSite(store.db, options));
} finally {
  store.db.close();
}
