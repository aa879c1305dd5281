import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { fileInputs, listInputFiles } from '../ingest/files.ts';
import { ingestDays } from '../ingest/pipeline.ts';
import { eventSlugBase, pageSlugBase } from '../model/slug.ts';
import { readEvents } from './events.ts';
import { openStore, transaction } from './open.ts';
import { fillSlugs, readPageSlugs } from './slugs.ts';

const DATA = new URL('../../../shared/data/wcep-wikitext/', import.meta.url);
const DAY = readFileSync(new URL('2016-04-28.wiki', DATA), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'currents-slugs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The rule as the publish stage first applied it to titles: sorted, probing -2, -3 … from 2 each time. */
function probingTitleSlugs(titles: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<string>();
  for (const t of [...titles].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const base = pageSlugBase(t);
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    taken.add(slug);
    out.set(t, slug);
  }
  return out;
}

/** A revision of the real 2016-04-28 page: its bullet lines changed by `ops`. */
type Op = { kind: 'drop' | 'copy' | 'move' | 'edit' | 'source'; i: number; j: number };

function revise(page: string, ops: readonly Op[]): string {
  const lines = page.split('\n');
  const bullets = () => lines.flatMap((l, n) => (l.startsWith('*') ? [n] : []));
  for (const op of ops) {
    const list = bullets();
    if (list.length === 0) break;
    const at = list[op.i % list.length] as number;
    const to = list[op.j % list.length] as number;
    const line = lines[at] as string;
    if (op.kind === 'drop') lines.splice(at, 1);
    else if (op.kind === 'copy') lines.splice(to + 1, 0, line);
    else if (op.kind === 'move') {
      lines.splice(at, 1);
      lines.splice(Math.min(to, lines.length), 0, line);
    } else if (op.kind === 'edit') lines[at] = line.replace(/^(\*+)/, '$1Reportedly, ');
    else lines[at] = line.replace('http://', 'https://');
  }
  return lines.join('\n');
}

async function ingestText(db: Parameters<typeof ingestDays>[0], text: string): Promise<void> {
  const report = await ingestDays(db, [
    { origin: '2016-04-28.wiki', bytes: new TextEncoder().encode(text), dateHint: '2016-04-28' },
  ]);
  assert.deepEqual(report.failed, []);
}

describe('stored slugs', () => {
  test('property: re-ingesting a changed revision keeps the URL of every event whose id is unchanged', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            kind: fc.constantFrom('drop', 'copy', 'move', 'edit', 'source'),
            i: fc.nat(60),
            j: fc.nat(60),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        fc.array(fc.record({ kind: fc.constantFrom('copy', 'edit'), i: fc.nat(60), j: fc.nat(60) }), {
          maxLength: 4,
        }),
        async (ops: Op[], first: Op[]) => {
          const store = openStore(join(dir, `revisions-${run++}.db`));
          try {
            const one = revise(DAY, first);
            await ingestText(store.db, one);
            const before = new Map(readEvents(store.db).map((e) => [e.id, e.slug]));
            await ingestText(store.db, revise(one, ops));
            const now = readEvents(store.db);
            assert.equal(new Set(now.map((e) => e.slug)).size, now.length);
            for (const e of now) {
              const kept = before.get(e.id);
              if (kept !== undefined) assert.equal(e.slug, kept, e.text);
              const base = eventSlugBase(e.text);
              assert.ok(e.slug === base || new RegExp(`^${base}-\\d+$`).test(e.slug), e.slug);
            }
          } finally {
            store.db.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  test('a repeated text added by a new revision takes the next free suffix; the earlier ones keep theirs', async () => {
    const store = openStore(join(dir, 'repeat.db'));
    try {
      const line = DAY.split('\n').find((l) => l.startsWith("*[[Comcast]]'s [[NBCUniversal]]"));
      assert.ok(line);
      const base = 'comcast-s-nbcuniversal-acquires-dreamworks-animation-for-3-8-billion';
      await ingestText(store.db, DAY.replace(line, `${line}\n${line}`));
      const slugsOf = () => readEvents(store.db).flatMap((e) => (e.slug.startsWith(base) ? [e.slug] : []));
      assert.deepEqual(slugsOf(), [base, `${base}-2`]);
      await ingestText(store.db, DAY.replace(line, `${line}\n${line}\n${line}`));
      assert.deepEqual(slugsOf(), [base, `${base}-2`, `${base}-3`]);
    } finally {
      store.db.close();
    }
  });

  test('the migration gives a filled store the slugs the publish stage made: events per day in portal order, titles sorted', async () => {
    const store = openStore(join(dir, 'fill.db'));
    try {
      await ingestDays(store.db, fileInputs(listInputFiles([new URL('.', DATA).pathname])));
      const events = readEvents(store.db);
      const stored = new Map(events.map((e) => [e.id, e.slug]));
      const pages = readPageSlugs(store.db);
      // As the store of an older schema: no slug anywhere.
      transaction(store.db, () => {
        store.db.exec(
          'UPDATE events SET slug = NULL; DELETE FROM page_slugs; DELETE FROM page_slug_counters;',
        );
        fillSlugs(store.db);
      });
      assert.deepEqual(new Map(readEvents(store.db).map((e) => [e.id, e.slug])), stored);
      assert.deepEqual(readPageSlugs(store.db), pages);
      const titles = [...new Set(events.flatMap((e) => e.context))];
      assert.deepEqual(pages.entities, probingTitleSlugs(titles));
      const storylines = [...new Set(events.flatMap((e) => e.storyline.map((s) => s.text)))];
      assert.deepEqual(pages.storylines, probingTitleSlugs(storylines));
      assert.equal(pages.entities.get('Syria'), 'syria');
    } finally {
      store.db.close();
    }
  });
});
