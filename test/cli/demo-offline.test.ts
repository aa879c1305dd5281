import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SAMPLE } from '../../src/cli/commands/demo.ts';
import { networkNote } from '../../src/cli/commands/enrich.ts';
import { createFetcher } from '../../src/enrich/fetch.ts';
import { buildArchive } from '../../src/pipeline.ts';
import { openStore } from '../../src/store/open.ts';

/** Every HTML page of a built site with its text, by path. */
function pages(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.html')) {
      const path = join(entry.parentPath, entry.name);
      out.set(path.slice(dir.length), readFileSync(path, 'utf8'));
    }
  }
  return out;
}

test('regression: an offline run poisons the store — the demo offline records no source, says it ran offline, and its pages say what they say without enrichment', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'currents-demo-offline-'));
  try {
    // DNS answers "not found" for every host, as on a machine without internet.
    const resolver = {
      resolve: async (host: string) => {
        throw Object.assign(new Error(`lookup ${host}`), { code: 'ENOTFOUND' });
      },
    };
    const offlineStore = openStore(join(dir, 'offline.db'));
    const started = performance.now();
    const offline = await buildArchive(offlineStore.db, {
      paths: [SAMPLE],
      out: join(dir, 'offline'),
      enrichBudgetMs: 60_000,
      fetcher: createFetcher({ resolver }),
    });
    const ms = performance.now() - started;
    const sources = Number(
      offlineStore.db.prepare('SELECT count(DISTINCT url) AS n FROM sources').get()?.['n'],
    );
    assert.equal(sources, 531);
    assert.deepEqual(
      offline.enrich && [offline.enrich.offline, offline.enrich.unreached, offline.enrich.stored],
      [true, 531, { ok: 0, archived: 0, dead: 0, blocked: 0, failed: 0 }],
    );
    assert.equal(
      networkNote(offline.enrich ?? { offline: false, unreached: 0, forgotten: 0 }),
      'Ran offline: no host answered (DNS or network down), so 531 sources stay not yet fetched (nothing is recorded or shown about them); run `currents enrich` once online.\n',
    );
    offlineStore.db.close();

    const plainStore = openStore(join(dir, 'plain.db'));
    await buildArchive(plainStore.db, { paths: [SAMPLE], out: join(dir, 'plain'), enrichBudgetMs: 0 });
    plainStore.db.close();
    const a = pages(join(dir, 'offline'));
    const b = pages(join(dir, 'plain'));
    assert.ok(a.size > 25);
    assert.deepEqual([...a.keys()].sort(), [...b.keys()].sort());
    const differing = [...a].filter(([path, html]) => b.get(path) !== html).map(([path]) => path);
    assert.deepEqual(differing, []);
    assert.ok(ms < 60_000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
