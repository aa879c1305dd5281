// Child process of bench/extract.bench.ts: N extractions over the real article pages, cycling,
// then one JSON line with the peak resident set size (process.resourceUsage().maxRSS, in KiB).
import { extractPage } from '../src/enrich/page.ts';
import { goldPages } from '../test/enrich/gold.ts';

const n = Number(process.argv[2] ?? '10000');
const pages = goldPages();
const baseline = process.resourceUsage().maxRSS;
const started = performance.now();
let ledes = 0;
for (let i = 0; i < n; i++) {
  const page = pages[i % pages.length];
  if (page && extractPage(page.bytes, { url: page.url }).lede !== null) ledes++;
}
process.stdout.write(
  `${JSON.stringify({ n, ledes, ms: performance.now() - started, baselineKiB: baseline, maxRssKiB: process.resourceUsage().maxRSS })}\n`,
);
