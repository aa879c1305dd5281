import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileInputs, listInputFiles } from '../../src/ingest/files.ts';
import { ingestDays } from '../../src/ingest/pipeline.ts';
import { openStore, type Store } from '../../src/store/open.ts';

/** The 25 real portal days of ../shared/data/wcep-wikitext. */
export const WIKITEXT_DIR = fileURLToPath(new URL('../../../shared/data/wcep-wikitext/', import.meta.url));

/** The reference page, as shipped in ../shared/spec. */
export const REFERENCE_PAGE = fileURLToPath(
  new URL('../../../shared/spec/reference-event-page.md', import.meta.url),
);

/** A temp folder and a real SQLite store in it, holding the given real days (all 25 by default). */
export async function sampleStore(files?: string[]): Promise<{ dir: string; store: Store; dispose(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'currents-publish-'));
  const store = openStore(join(dir, 'currents.db'));
  const inputs = files ?? listInputFiles([WIKITEXT_DIR]);
  await ingestDays(store.db, fileInputs(inputs), { now: () => '2026-01-01T00:00:00Z' });
  return {
    dir,
    store,
    dispose() {
      store.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
