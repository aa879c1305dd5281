import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { normalise } from './gold.ts';

/** The public article-body benchmark's pages kept in ../shared/data/article-benchmark (123 of its 181). */
export const BENCHMARK_DIR = new URL('../../../shared/data/article-benchmark/', import.meta.url);

/** One benchmark page: its id, address, raw bytes and hand-made article body. */
export interface BenchmarkPage {
  id: string;
  url: string;
  bytes: Uint8Array;
  /** The true article body, paragraphs separated by newlines. */
  body: string;
}

function record(v: unknown, what: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`${what} is not an object`);
  return v as Record<string, unknown>;
}

/** Every page of the benchmark with its true body (ground-truth.json), in id order. */
export function benchmarkPages(): BenchmarkPage[] {
  const truth = record(
    JSON.parse(readFileSync(new URL('ground-truth.json', BENCHMARK_DIR), 'utf8')),
    'ground-truth.json',
  );
  const files = readdirSync(new URL('html/', BENCHMARK_DIR)).filter((f) => f.endsWith('.html.gz'));
  return files.sort().map((file) => {
    const id = file.slice(0, -'.html.gz'.length);
    const t = record(truth[id], `ground truth ${id}`);
    const url = t['url'];
    const body = t['articleBody'];
    if (typeof url !== 'string' || typeof body !== 'string')
      throw new Error(`ground truth ${id}: no url or body`);
    return { id, url, body, bytes: gunzipSync(readFileSync(new URL(`html/${file}`, BENCHMARK_DIR))) };
  });
}

/** The extractors whose published outputs the benchmark ships (anchors/<name>.json). */
export function anchorNames(): string[] {
  return readdirSync(new URL('anchors/', BENCHMARK_DIR))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** One anchor's article bodies by page id ('' when it gave none). */
export function anchorBodies(name: string): Map<string, string> {
  const data = record(
    JSON.parse(readFileSync(new URL(`anchors/${name}.json`, BENCHMARK_DIR), 'utf8')),
    `anchors/${name}.json`,
  );
  const output = record(data['output'], `anchors/${name}.json output`);
  const out = new Map<string, string>();
  for (const [id, v] of Object.entries(output)) {
    const body = record(v, `anchors/${name}.json ${id}`)['articleBody'];
    out.set(id, typeof body === 'string' ? body : '');
  }
  return out;
}

// Python's `\w` on str: letters, digits and numerals of every script, and the underscore.
const TOKEN = /[\p{L}\p{N}_]+/gu;

/** The benchmark's shingles: 4-token runs of `\w+` tokens (a text of 1–3 tokens is one short shingle). */
export function shingles(text: string, n = 4): Map<string, number> {
  const tokens = text.match(TOKEN) ?? [];
  const out = new Map<string, number>();
  for (let i = 0; i < Math.max(1, tokens.length - n + 1); i++) {
    const s = tokens.slice(i, i + n);
    if (s.length === 0) continue;
    const key = s.join('\u0000');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

/** Per-page true positives, false positives and false negatives over shingles, normalised to sum 1. */
export type Match = readonly [tp: number, fp: number, fn: number];

/** The benchmark's `string_shingle_matching`: shingle multiset overlap of a true and a predicted body. */
export function shingleMatch(truth: string, predicted: string): Match {
  const t = shingles(truth);
  const p = shingles(predicted);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const key of new Set([...t.keys(), ...p.keys()])) {
    const tc = t.get(key) ?? 0;
    const pc = p.get(key) ?? 0;
    tp += Math.min(tc, pc);
    fp += Math.max(0, pc - tc);
    fn += Math.max(0, tc - pc);
  }
  const s = tp + fp + fn;
  return s > 0 ? [tp / s, fp / s, fn / s] : [tp, fp, fn];
}

/** Mean precision, mean recall and their F1, as the benchmark's `metrics_from_tp_fp_fns`. */
export function bodyScore(matches: readonly Match[]): { precision: number; recall: number; f1: number } {
  const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
  const precision = mean(
    matches
      .filter(([tp, fp]) => tp + fp > 0)
      .map(([tp, fp, fn]) => (fp === 0 && fn === 0 ? 1 : tp / (tp + fp))),
  );
  const recall = mean(
    matches
      .filter(([tp, , fn]) => tp + fn > 0)
      .map(([tp, fp, fn]) => (fp === 0 && fn === 0 ? 1 : tp / (tp + fn))),
  );
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

const words = (text: string) => normalise(text).split(' ').filter(Boolean);

/** A body's lede as the benchmark is scored: its first paragraph (line) of at least 8 words, or null. */
export function firstParagraph(body: string): string | null {
  for (const line of body.split(/\n+/)) if (words(line).length >= 8) return normalise(line);
  return null;
}

/** The first 8 `\w+` tokens of a text (spacing and punctuation around them do not count). */
function opening(text: string): string {
  return (text.match(TOKEN) ?? []).slice(0, 8).join(' ');
}

/**
 * The lede is right when its first 8 words (`\w+` tokens) equal those of the true body's first
 * paragraph; pages whose body has no paragraph of 8 words are not scored (null).
 */
export function ledeMatches(lede: string | null, truthBody: string): boolean | null {
  const truth = firstParagraph(truthBody);
  if (truth === null) return null;
  return lede !== null && opening(lede) === opening(truth);
}
