import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileInputs } from '../ingest/files.ts';
import { ingestDays } from '../ingest/pipeline.ts';
import { readDayStates } from './archive.ts';
import { openStore } from './open.ts';
import { writeRedirects } from './redirects.ts';

const dir = mkdtempSync(join(tmpdir(), 'currents-redirect-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const SAMPLE = new URL('../../../shared/data/wcep-wikitext/', import.meta.url);

test('a redirect changes the build signature of exactly the days whose events link the redirected title', async () => {
  const store = openStore(join(dir, 'states.db'));
  try {
    const files = readdirSync(SAMPLE)
      .filter((f) => f.endsWith('.wiki'))
      .map((f) => new URL(f, SAMPLE).pathname);
    await ingestDays(store.db, fileInputs(files), { now: () => '2026-01-01T00:00:00Z' });
    const before = readDayStates(store.db);
    const linking = store.db
      .prepare(
        `SELECT DISTINCT e.date FROM events e, json_each(e.links) j WHERE j.value = 'Islamic State in Iraq and the Levant'`,
      )
      .all()
      .map((r) => String(r['date']));
    assert.equal(linking.length, 1);
    writeRedirects(
      store.db,
      [
        { title: 'Islamic State in Iraq and the Levant', target: 'Islamic State of Iraq and the Levant' },
        { title: 'Syria', target: null },
      ],
      '2026-01-02T00:00:00Z',
    );
    const after = readDayStates(store.db);
    const moved = [...after].filter(([d, sig]) => before.get(d) !== sig).map(([d]) => d);
    assert.deepEqual(moved, linking);
    // Taking the redirect back restores the signature.
    writeRedirects(store.db, [{ title: 'Islamic State in Iraq and the Levant', target: null }], '2026-01-03');
    assert.deepEqual(readDayStates(store.db), before);
  } finally {
    store.db.close();
  }
});
