import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Parser from 'wikiparser-node';
import wtf from 'wtf_wikipedia';
import { fileInputs } from '../src/ingest/files.ts';
import { parseDay } from '../src/ingest/parse.ts';
import { ingestDays } from '../src/ingest/pipeline.ts';
import { openStore } from '../src/store/open.ts';

const DATA = new URL('../../shared/data/', import.meta.url);
const MB = 1e6;
const TARGET_BYTES = 50 * MB;
/** wikiparser-node runs at about 1 MB/s: 50 MB would take a minute, so it parses a tenth of that. */
const SLOW_TARGET_BYTES = 5 * MB;

interface Page {
  file: string;
  name: string;
  text: string;
  /** The page without its `{{Current events|…|content=` wrapper, as wtf_wikipedia needs it. */
  bare: string;
  bytes: number;
}

function realPages(): Page[] {
  const pages: Page[] = [];
  for (const dir of ['wcep-wikitext', 'wcep-wikitext-eras']) {
    for (const name of readdirSync(new URL(`${dir}/`, DATA)).sort()) {
      if (!name.endsWith('.wiki')) continue;
      const file = new URL(`${dir}/${name}`, DATA).pathname;
      const text = readFileSync(file, 'utf8');
      pages.push({ file, name, text, bare: unwrap(text), bytes: Buffer.byteLength(text) });
    }
  }
  return pages;
}

/** Drops the `{{Current events|year=…|content=` opening and the closing `}}` of the wrapper template. */
function unwrap(text: string): string {
  const open = /\{\{Current events\b[\s\S]*?\|\s*content\s*=/i.exec(text);
  if (!open) return text;
  const body = text.slice(open.index + open[0].length);
  const close = body.lastIndexOf('}}');
  return close < 0 ? body : body.slice(0, close);
}

interface Throughput {
  mb: number;
  /** CPU seconds of this process (GC threads included). */
  seconds: number;
  wall: number;
  pages: number;
}

/** Parses the pages round after round until `target` bytes are done (one warm-up round first). */
function throughput(pages: Page[], target: number, parse: (p: Page) => unknown): Throughput {
  for (const p of pages) parse(p);
  let bytes = 0;
  let count = 0;
  const started = cpuSeconds();
  const wall = performance.now();
  while (bytes < target) {
    for (const p of pages) {
      parse(p);
      bytes += p.bytes;
      count++;
    }
  }
  return {
    mb: bytes / MB,
    seconds: cpuSeconds() - started,
    wall: (performance.now() - wall) / 1000,
    pages: count,
  };
}

/** CPU time of this process: the machine is shared, so wall-clock time measures the neighbours too. */
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Titles normalised alike for every tool: first letter upper case, `_` as space, no #fragment. */
function title(raw: string): string {
  const t = raw.replace(/_/g, ' ').replace(/#.*$/, '').replace(/\s+/g, ' ').trim();
  return t.charAt(0).toUpperCase() + t.slice(1);
}

interface Found {
  wiki: number;
  external: number;
}

/** Distinct (page, link) pairs a tool finds, over all pages. */
function fidelity(pages: Page[], find: (p: Page) => { wiki: string[]; external: string[] }): Found {
  let wiki = 0;
  let external = 0;
  for (const p of pages) {
    const f = find(p);
    wiki += new Set(f.wiki.map(title).filter((t) => t !== '')).size;
    external += new Set(f.external).size;
  }
  return { wiki, external };
}

function ours(p: Page) {
  const day = parseDay(p.text, { origin: p.name });
  return {
    wiki: day.events.flatMap((e) => e.context),
    external: day.events.flatMap((e) => e.sources.map((s) => s.archiveUrl ?? s.url)),
  };
}

interface WtfLink {
  type(): string;
  page(): string | undefined;
  site(): string | undefined;
}

function wtfLinks(text: string) {
  const doc = wtf(text);
  doc.lists();
  const wiki: string[] = [];
  const external: string[] = [];
  // wtf_wikipedia's typings call its Link objects strings.
  for (const l of doc.links() as unknown as WtfLink[]) {
    if (l.type() === 'external') external.push(String(l.site()));
    else if (l.type() === 'internal') wiki.push(String(l.page()));
  }
  return { wiki, external };
}

Parser.config = 'enwiki';
function wikiparserLinks(text: string) {
  const root = Parser.parse(text);
  const wiki = root.querySelectorAll('link').map((t) => String((t as unknown as { name: string }).name));
  const external = root
    .querySelectorAll('ext-link')
    .map((t) => String((t as unknown as { link: unknown }).link));
  return { wiki, external };
}

/** The raw counts of `[[` and `[http` in the pages (every link written, including categories and repeats). */
function written(pages: Page[]): Found {
  let wiki = 0;
  let external = 0;
  for (const p of pages) {
    wiki += p.text.split('[[').length - 1;
    external += (p.text.match(/\[https?:\/\//gi) ?? []).length;
  }
  return { wiki, external };
}

async function endToEnd(
  pages: Page[],
  runs: number,
): Promise<{ best: number; median: number; cpu: number; events: number }> {
  const rates: number[] = [];
  const cpuRates: number[] = [];
  let events = 0;
  for (let r = 0; r < runs; r++) {
    const dir = mkdtempSync(join(tmpdir(), 'currents-bench-ingest-'));
    try {
      const store = openStore(join(dir, 'bench.db'));
      const started = performance.now();
      const cpu = cpuSeconds();
      const report = await ingestDays(store.db, fileInputs(pages.map((p) => p.file)), { command: 'bench' });
      rates.push(report.days / ((performance.now() - started) / 1000));
      cpuRates.push(report.days / (cpuSeconds() - cpu));
      events = report.events;
      store.db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  rates.sort((a, b) => a - b);
  cpuRates.sort((a, b) => a - b);
  return {
    best: rates.at(-1) as number,
    median: rates[Math.floor(rates.length / 2)] as number,
    cpu: cpuRates[Math.floor(cpuRates.length / 2)] as number,
    events,
  };
}

const f1 = (n: number) => n.toFixed(1);

export async function run(): Promise<string> {
  const pages = realPages();
  const corpus = pages.reduce((n, p) => n + p.bytes, 0);
  const mine = throughput(pages, TARGET_BYTES, (p) => parseDay(p.text, { origin: p.name }));
  const wtfBare = throughput(pages, TARGET_BYTES, (p) => wtfLinks(p.bare));
  const wp = throughput(pages, SLOW_TARGET_BYTES, (p) => wikiparserLinks(p.bare));
  const rows: [string, Throughput][] = [
    ['Currents `parseDay` (events, context, sources)', mine],
    ['wtf_wikipedia 10 (links + lists, wrapper stripped)', wtfBare],
    ['wikiparser-node 1.40 (parse + links, wrapper stripped)', wp],
  ];
  const rate = (t: Throughput) => t.mb / t.seconds;
  const table = rows.map(
    ([name, t]) =>
      `| ${name} | ${f1(t.mb)} | ${f1(t.seconds)} | ${f1(t.wall)} | **${f1(rate(t))}** | ${Math.round(t.pages / t.seconds)} | ${f1(rate(mine) / rate(t))}× |`,
  );

  const w = written(pages);
  const found: [string, Found][] = [
    ['Currents', fidelity(pages, ours)],
    ['wtf_wikipedia, wrapper stripped', fidelity(pages, (p) => wtfLinks(p.bare))],
    ['wtf_wikipedia, page as is', fidelity(pages, (p) => wtfLinks(p.text))],
    ['wikiparser-node, wrapper stripped', fidelity(pages, (p) => wikiparserLinks(p.bare))],
    ['wikiparser-node, page as is', fidelity(pages, (p) => wikiparserLinks(p.text))],
  ];
  const e2e = await endToEnd(pages, 5);
  const goal = rate(mine) >= 60 && rate(mine) / rate(wtfBare) >= 5 ? 'met' : 'NOT met';

  return `### Ingest: parse throughput and fidelity

Command: \`node bench/run.ts ingest\`. Data: all ${pages.length} real days of \`../shared/data/wcep-wikitext\`
and \`wcep-wikitext-eras\` (${f1(corpus / 1000)} kB), parsed round after round in one process on one core
(one warm-up round first) until ${TARGET_BYTES / MB} MB are done (wikiparser-node: ${SLOW_TARGET_BYTES / MB} MB, it is slow).
wtf_wikipedia and wikiparser-node get each page with its \`{{Current events|…|content=\` wrapper stripped;
wtf_wikipedia extracts links and lists, wikiparser-node parses and collects link and ext-link tokens.
Rates are per CPU second of the benchmark process (\`process.cpuUsage\`), since the machine is shared;
the wall time is shown beside it. Goal (issue 2): ≥ 60 MB/s and ≥ 5× wtf_wikipedia — **${goal}**.

| parser | MB parsed | CPU s | wall s | MB/s (CPU) | days/s (CPU) | Currents is |
|---|---:|---:|---:|---:|---:|---:|
${table.join('\n')}

Fidelity on the same ${pages.length} pages: distinct wiki links (titles normalised alike) and distinct external
links per page, summed. Currents counts links of events and their storylines (context) and sources;
category and file links are not entities. The pages write \`[[\` ${w.wiki} times and \`[http\` ${w.external} times
(repeats, categories, files and links inside \`<ref>\` and \`{{cite}}\` included).

| tool | wiki links | external links |
|---|---:|---:|
${found.map(([name, f]) => `| ${name} | ${f.wiki} | ${f.external} |`).join('\n')}

End to end, \`ingestDays\` into a fresh SQLite file (decode, parse, write each day in its transaction, record
the run), the ${pages.length} days (${e2e.events} events), 5 runs: wall clock median **${Math.round(e2e.median)} days/s**,
best ${Math.round(e2e.best)} days/s; per CPU second of the process (median) ${Math.round(e2e.cpu)} days/s.
`;
}
