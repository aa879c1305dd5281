import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import MiniSearch from 'minisearch';
import { fileInputs, listInputFiles } from '../src/ingest/files.ts';
import { ingestDays } from '../src/ingest/pipeline.ts';
import { withFreshSlugs } from '../src/model/slug.ts';
import { readPublishSite } from '../src/publish/engine/site.ts';
import { CSS_FILE } from '../src/publish/html/layout.ts';
import { SITE_CSS } from '../src/publish/html/style.ts';
import { type EventPageModel, eventPagesWithoutRelated } from '../src/publish/model.ts';
import { RESULTS_PER_PAGE } from '../src/publish/search/browser-page.ts';
import { SEARCH_SCRIPT_FILE, searchScript } from '../src/publish/search/client.ts';
import { offlineSearch } from '../src/publish/search/engine.ts';
import {
  SEARCH_LAYOUT,
  type SearchLayout,
  searchEntryFile,
  searchYearFiles,
} from '../src/publish/search/index.ts';
import { renderSearchPage } from '../src/publish/search/page.ts';
import { openStore } from '../src/store/open.ts';
import { scaleCorpus } from './_scale.ts';

/** The queries of a first search: a rare word, common words, entities, two words, a prefix, a typo, a phrase. */
const QUERIES = [
  ['rare word', 'Kyrgyzstan'],
  ['common word', 'Syria'],
  ['very common word', 'killed'],
  ['entity (two words)', 'de Mistura'],
  ['entity (three words)', 'Bashar al-Assad'],
  ['entity (four words)', 'United Nations Security Council'],
  ['two words', 'earthquake Japan'],
  ['prefix', 'mistu*'],
  ['typo', 'Kyrgystan'],
  ['phrase', '"peace talks"'],
] as const;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);
/** Brotli at quality 9, as `currents serve` compresses static files up to 2 MiB. */
const brotli = (s: string) =>
  brotliCompressSync(Buffer.from(s), { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }).length;

function byYear(events: Iterable<EventPageModel>): Map<string, EventPageModel[]> {
  const out = new Map<string, EventPageModel[]>();
  for (const e of events) {
    const y = e.date.slice(0, 4);
    const list = out.get(y) ?? [];
    if (list.length === 0) out.set(y, list);
    list.push(e);
  }
  return out;
}

interface Built {
  files: Map<string, string>;
  wallMs: number;
  cpuMs: number;
  /** RSS before the build, and the highest seen while it ran (sampled after every file). */
  rssBefore: number;
  rssPeak: number;
}

/** Every index file of the archive, built year by year as the HTML build does. */
function build(years: Map<string, EventPageModel[]>, layout: SearchLayout): Built {
  const files = new Map<string, string>();
  const rssBefore = process.memoryUsage.rss();
  let rssPeak = rssBefore;
  const cpu = process.cpuUsage();
  const t = performance.now();
  for (const [year, events] of years)
    for (const [file, content] of searchYearFiles(year, events, layout)) {
      files.set(file, content);
      rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
    }
  const [entry, content] = searchEntryFile(new Map([...years].map(([y, list]) => [y, list.length])));
  files.set(entry, content);
  const used = process.cpuUsage(cpu);
  return {
    files,
    wallMs: performance.now() - t,
    cpuMs: (used.user + used.system) / 1000,
    rssBefore,
    rssPeak,
  };
}

const SCRIPT = searchScript();
/** What the page itself costs before any index file: search.html, the CSS, the script. */
const PAGE = [
  ['search.html', renderSearchPage()],
  [CSS_FILE, SITE_CSS],
  [SEARCH_SCRIPT_FILE, SCRIPT],
] as const;

interface FirstQuery {
  label: string;
  q: string;
  hits: number;
  files: number;
  raw: number;
  br: number;
  cpuMs: number;
  /** Rank (1-based, in the first page of results) of the 2016-04-28 de Mistura event, or 0. */
  deMistura: number;
}

/** A first query on a fresh page: the index files it loads and the first page of results. */
async function firstQuery(files: Map<string, string>, label: string, q: string): Promise<FirstQuery> {
  const search = offlineSearch((f) => files.get(f), { script: SCRIPT });
  const cpu = process.cpuUsage();
  const found = await search.search(q);
  const docs = await search.docs(found.hits.slice(0, RESULTS_PER_PAGE), found);
  const used = process.cpuUsage(cpu);
  const contents = [...PAGE.map(([, c]) => c), ...search.loaded.map((f) => files.get(f) ?? '')];
  return {
    label,
    q,
    hits: found.hits.length,
    files: search.loaded.length + PAGE.length,
    raw: contents.reduce((n, c) => n + Buffer.byteLength(c), 0),
    br: contents.reduce((n, c) => n + brotli(c), 0),
    cpuMs: (used.user + used.system) / 1000,
    deMistura:
      docs.findIndex(
        (d) =>
          d.date === '2016-04-28' && d.text.startsWith('United Nations envoy for Syria Staffan de Mistura'),
      ) + 1,
  };
}

function totals(files: Map<string, string>): { raw: number; br: number } {
  let raw = 0;
  let br = 0;
  for (const c of files.values()) {
    raw += Buffer.byteLength(c);
    br += brotli(c);
  }
  return { raw, br };
}

function queryTable(rows: FirstQuery[]): string {
  return `| query | kind | events found | files loaded | raw | brotli q9 | engine CPU | de Mistura 2016-04-28 rank |
|---|---|---:|---:|---:|---:|---:|---:|
${rows.map((r) => `| ${r.q} | ${r.label} | ${r.hits} | ${r.files} | ${kb(r.raw)} | ${kb(r.br)} | ${ms(r.cpuMs)} | ${r.deMistura || '—'} |`).join('\n')}`;
}

/** MiniSearch per year (the measured alternative): each year's serialised index, as one script each. */
function miniSearchPerYear(years: Map<string, EventPageModel[]>): {
  raw: number;
  br: number;
  biggest: number;
  ms: number;
} {
  let raw = 0;
  let br = 0;
  let biggest = 0;
  const t = performance.now();
  for (const events of years.values()) {
    const index = new MiniSearch({ fields: ['text', 'entities', 'lede'], storeFields: ['d', 't', 's'] });
    index.addAll(
      events.map((e, id) => ({
        id,
        text: e.text,
        entities: e.context.join(' '),
        lede: e.excerpt ?? '',
        d: e.date,
        t: e.text.slice(0, 160),
        s: e.slug,
      })),
    );
    const json = JSON.stringify(index);
    raw += Buffer.byteLength(json);
    br += brotli(json);
    biggest = Math.max(biggest, Buffer.byteLength(json));
  }
  return { raw, br, biggest, ms: performance.now() - t };
}

/** The 25 real days through the ingest pipeline (no ledes: nothing is enriched here). */
async function realYears(): Promise<Map<string, EventPageModel[]>> {
  const dir = mkdtempSync(join(tmpdir(), 'currents-bench-search-'));
  try {
    const store = openStore(join(dir, 'currents.db'));
    const days = fileURLToPath(new URL('../../shared/data/wcep-wikitext/', import.meta.url));
    await ingestDays(store.db, fileInputs(listInputFiles([days])), { now: () => '2026-01-01T00:00:00Z' });
    const events = readPublishSite(store.db).site.events;
    store.db.close();
    return byYear(events);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The offline search index (src/publish/search): size, build cost, and what a first query fetches. */
export async function run(): Promise<string> {
  const load = loadavg()[0]?.toFixed(1);
  const real = await realYears();
  const realBuilt = build(real, SEARCH_LAYOUT);
  const realTotals = totals(realBuilt.files);
  const realRows: FirstQuery[] = [];
  for (const [label, q] of QUERIES) realRows.push(await firstQuery(realBuilt.files, label, q));

  const days = scaleCorpus();
  const scale = byYear(eventPagesWithoutRelated(withFreshSlugs(days.flatMap((d) => d.events)), new Map()));
  const events = [...scale.values()].reduce((n, l) => n + l.length, 0);
  const built = build(scale, SEARCH_LAYOUT);
  const scaleTotals = totals(built.files);
  const rows: FirstQuery[] = [];
  for (const [label, q] of QUERIES) rows.push(await firstQuery(built.files, label, q));
  const lastYear = [...scale.keys()].sort().at(-1) ?? '';
  const biggestYear = [...scale].sort((a, b) => b[1].length - a[1].length)[0]?.[0] ?? '';
  const oneYear = (year: string) => {
    const cpu = process.cpuUsage();
    const t = performance.now();
    let n = 0;
    for (const _ of searchYearFiles(year, scale.get(year) ?? [])) n++;
    const used = process.cpuUsage(cpu);
    return `${year} (${scale.get(year)?.length} events, ${n} files): ${ms(performance.now() - t)} wall, ${ms((used.user + used.system) / 1000)} CPU`;
  };
  const years = [oneYear(lastYear), oneYear(biggestYear)];

  const layouts: SearchLayout[] = [
    { docShard: 64, termShardChars: 12_000 },
    { docShard: 32, termShardChars: 8_000 },
    { docShard: 16, termShardChars: 4_000 },
    SEARCH_LAYOUT,
    { docShard: 16, termShardChars: 1_000 },
    { docShard: 8, termShardChars: 2_000 },
  ];
  const layoutRows: string[] = [];
  for (const layout of layouts) {
    const b = layout === SEARCH_LAYOUT ? built : build(scale, layout);
    const t = layout === SEARCH_LAYOUT ? scaleTotals : totals(b.files);
    const qs: FirstQuery[] = [];
    for (const [label, q] of QUERIES) qs.push(await firstQuery(b.files, label, q));
    const mean = (f: (r: FirstQuery) => number) => qs.reduce((n, r) => n + f(r), 0) / qs.length;
    const max = (f: (r: FirstQuery) => number) => Math.max(...qs.map(f));
    layoutRows.push(
      `| ${layout.docShard} | ${layout.termShardChars.toLocaleString('en')} | ${b.files.size} | ${mib(t.raw)} | ${mib(t.br)} | ${kb(mean((r) => r.raw))} / ${kb(max((r) => r.raw))} | ${kb(mean((r) => r.br))} / ${kb(max((r) => r.br))} |${layout === SEARCH_LAYOUT ? ' ← used' : ''}`,
    );
  }
  const mini = miniSearchPerYear(scale);

  return `### Offline search index (src/publish/search)

Command: \`node bench/run.ts search\`. Load average at start: ${load} on ${cpus().length} cores (other agents' work shares the machine).
Data: the 25 real days (\`../shared/data/wcep-wikitext\`, ingested, no ledes) and the scale corpus of \`bench/_scale.ts\`
(${events} events, ${scale.size} years; no ledes). The index is built year by year with \`searchYearFiles\` (what the HTML
build writes under \`assets/search/<year>/\`), and each query runs the page's own script (\`assets/search.js\`) in node:vm on a
fresh page, loading index files as its injected \`<script>\` tags would. "Bytes fetched" = search.html + site.css + search.js +
the entry file + every index file the query loads + the document shards of the first ${RESULTS_PER_PAGE} results; brotli at
quality 9 per file (as \`currents serve\` compresses).

**Index size and build cost**

| corpus | events | files | raw | brotli q9 | build wall | build CPU | RSS before → peak during build |
|---|---:|---:|---:|---:|---:|---:|---:|
| 25 real days | ${[...real.values()].reduce((n, l) => n + l.length, 0)} | ${realBuilt.files.size} | ${kb(realTotals.raw)} | ${kb(realTotals.br)} | ${ms(realBuilt.wallMs)} | ${ms(realBuilt.cpuMs)} | ${mib(realBuilt.rssBefore)} → ${mib(realBuilt.rssPeak)} |
| scale corpus | ${events} | ${built.files.size} | ${mib(scaleTotals.raw)} | ${mib(scaleTotals.br)} | ${ms(built.wallMs)} | ${ms(built.cpuMs)} | ${mib(built.rssBefore)} → ${mib(built.rssPeak)} |

One year rebuilt alone (what an incremental build redoes after a new day): ${years.join('; ')}.

**First query on the scale corpus**

${queryTable(rows)}

**First query on the 25 real days**

${queryTable(realRows)}

**Layouts measured on the scale corpus** (events per document shard, characters per term shard; bytes of a first query: mean / worst of the ${QUERIES.length} queries)

| docs/shard | chars/term shard | files | raw | brotli | first query raw | first query brotli |
|---:|---:|---:|---:|---:|---:|---:|
${layoutRows.join('\n')}

Alternative: one MiniSearch index per year (as the previous single index, split): ${mib(mini.raw)} raw, ${mib(mini.br)} brotli in all,
the biggest year ${mib(mini.biggest)} raw; built in ${ms(mini.ms)}. A query over the whole archive would load every year's index, i.e. all of it.
`;
}
