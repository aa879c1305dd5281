import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileInputs } from '../ingest/files.ts';
import { ingestDays } from '../ingest/pipeline.ts';
import { readEvents } from './events.ts';
import { openStore } from './open.ts';
import { parseSpans, readSpans, spansJson } from './spans.ts';

const dir = mkdtempSync(join(tmpdir(), 'currents-spans-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const DATA = new URL('../../../shared/data/', import.meta.url);

test('the spans read back for every event of every real day are the ones the parser gave', async () => {
  const store = openStore(join(dir, 'all.db'));
  try {
    const files = ['wcep-wikitext', 'wcep-wikitext-eras'].flatMap((d) =>
      readdirSync(new URL(`${d}/`, DATA))
        .filter((f) => f.endsWith('.wiki'))
        .map((f) => new URL(`${d}/${f}`, DATA).pathname),
    );
    await ingestDays(store.db, fileInputs(files), { now: () => '2026-01-01T00:00:00Z' });
    const events = readEvents(store.db);
    const all = readSpans(store.db);
    let spans = 0;
    for (const e of events) {
      spans += e.spans.length;
      if (e.spans.length === 0) assert.equal(all.has(e.id), false);
      else assert.deepEqual(all.get(e.id), e.spans);
      for (const s of e.spans) assert.ok(e.context.includes(s.title));
    }
    assert.ok(spans > 2500, `${spans} spans`);
    const some = events.filter((e) => e.spans.length > 0).slice(0, 3);
    assert.deepEqual(
      [
        ...readSpans(
          store.db,
          some.map((e) => e.id),
        ),
      ],
      some.map((e) => [e.id, e.spans]),
    );
  } finally {
    store.db.close();
  }
});

test('stored spans are compact triples; entries not in that shape are skipped when read', () => {
  const json = spansJson([{ start: 0, end: 14, title: 'United Nations' as never }]);
  assert.equal(json, '[[0,14,"United Nations"]]');
  assert.deepEqual(parseSpans(json), [{ start: 0, end: 14, title: 'United Nations' }]);
  assert.deepEqual(parseSpans('[[0,"x","T"],{"start":1},[2,5,"Syria"],[1,2]]'), [
    { start: 2, end: 5, title: 'Syria' },
  ]);
  assert.deepEqual(parseSpans('{}'), []);
});
