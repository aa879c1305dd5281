import { readFileSync } from 'node:fs';

/** The real article pages of ../shared/data/articles (49: Readability's and Postlight's test pages). */
export const ARTICLES_DIR = new URL('../../../shared/data/articles/', import.meta.url);

/** One real page and its hand-labelled gold values (gold-ledes.json). */
export interface GoldPage {
  id: string;
  /** The page's address: the manifest's URL, made absolute against the site when it is relative. */
  url: string;
  bytes: Uint8Array;
  gold: {
    title: string | null;
    lede: string | null;
    /** A second acceptable lede (a standfirst the body leans on, a dateline printed apart). */
    ledeAlt: string | null;
    published: string | null;
    site: string | null;
  };
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function record(v: unknown, what: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`${what} is not an object`);
  return v as Record<string, unknown>;
}

/** Every page listed in MANIFEST.json with its gold entry, read and validated once. */
export function goldPages(): GoldPage[] {
  const manifest: unknown = JSON.parse(readFileSync(new URL('MANIFEST.json', ARTICLES_DIR), 'utf8'));
  const gold = record(
    JSON.parse(readFileSync(new URL('gold-ledes.json', ARTICLES_DIR), 'utf8')),
    'gold-ledes.json',
  );
  if (!Array.isArray(manifest)) throw new Error('MANIFEST.json is not a list');
  return manifest.map((raw: unknown) => {
    const m = record(raw, 'a MANIFEST.json entry');
    const id = str(m['id']);
    const files = Array.isArray(m['files'])
      ? m['files'].filter((f): f is string => typeof f === 'string')
      : [];
    const page = files.find((f) => f.endsWith('.html') && !f.endsWith('expected.html'));
    if (!id || !page) throw new Error(`MANIFEST.json entry without id or page: ${JSON.stringify(m)}`);
    const g = record(gold[id], `gold entry ${id}`);
    const site = str(m['site']);
    const given = str(m['url']) ?? str(m['url_in_html']) ?? '/';
    const base = site && /^[\w.-]+\.[a-z]{2,}$/i.test(site) ? `https://${site}/` : 'https://example.org/';
    return {
      id,
      url: new URL(given, base).href,
      bytes: readFileSync(new URL(page, ARTICLES_DIR)),
      gold: {
        title: str(g['title']),
        lede: str(g['lede']),
        ledeAlt: str(g['lede_alt']),
        published: str(g['published']),
        site: str(g['site']),
      },
    };
  });
}

/** Text as compared with gold: NFC, whitespace collapsed, curly quotes and apostrophes made straight. */
export function normalise(text: string | null | undefined): string {
  return (text ?? '')
    .normalize('NFC')
    .replace(/[\s\u00a0\u200b]+/g, ' ')
    .replace(/[‘’‚‛′]/g, "'")
    .replace(/[“”„‟″«»]/g, '"')
    .trim();
}

/** The first `n` words (for CJK text without spaces: the first 8 × 2 characters). */
export function firstWords(text: string | null | undefined, n = 8): string {
  const t = normalise(text);
  if (!/\s/.test(t.slice(0, 40)) && /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/.test(t))
    return t.slice(0, n * 2);
  return t.split(' ').slice(0, n).join(' ');
}

/** The measure: the first eight words of the lede equal those of gold (or of its alternative). */
export function ledeRight(ours: string | null, page: GoldPage): boolean {
  if (page.gold.lede === null) return ours === null;
  if (ours === null) return false;
  const got = firstWords(ours);
  return (
    got === firstWords(page.gold.lede) ||
    (page.gold.ledeAlt !== null && got === firstWords(page.gold.ledeAlt))
  );
}

/** The title equals gold's after normalisation. */
export function titleRight(ours: string | null, page: GoldPage): boolean {
  return page.gold.title === null || normalise(ours) === normalise(page.gold.title);
}

/** The published date (day only: time zones and 12-hour clocks differ between a page's fields) equals gold's. */
export function dateRight(ours: string | null, page: GoldPage): boolean {
  if (page.gold.published === null) return true;
  return (ours ?? '').slice(0, 10) === page.gold.published.slice(0, 10);
}

/** The publisher name equals gold's, ignoring case and a leading "the". */
export function siteRight(ours: string | null, page: GoldPage): boolean {
  if (page.gold.site === null) return true;
  const n = (s: string | null) => normalise(s).toLowerCase().replace(/^the /, '');
  return n(ours) === n(page.gold.site);
}

/** Accuracy over pages where gold has a value: right, out of, and the ids that are wrong. */
export interface Score {
  right: number;
  of: number;
  wrong: string[];
}

/** Scores extractions against gold, field by field. */
export function score(
  pages: readonly GoldPage[],
  extractions: readonly {
    title: string | null;
    lede: string | null;
    publishedTime: string | null;
    siteName: string | null;
  }[],
): { lede: Score; title: Score; date: Score; site: Score } {
  const s = () => ({ right: 0, of: 0, wrong: [] as string[] });
  const out = { lede: s(), title: s(), date: s(), site: s() };
  pages.forEach((page, i) => {
    const x = extractions[i];
    if (!x) throw new Error(`no extraction for ${page.id}`);
    const tally = (k: keyof typeof out, has: boolean, right: boolean) => {
      if (!has) return;
      out[k].of++;
      if (right) out[k].right++;
      else out[k].wrong.push(page.id);
    };
    tally('lede', page.gold.lede !== null, ledeRight(x.lede, page));
    tally('title', page.gold.title !== null, titleRight(x.title, page));
    tally('date', page.gold.published !== null, dateRight(x.publishedTime, page));
    tally('site', page.gold.site !== null, siteRight(x.siteName, page));
  });
  return out;
}

/** "44/46 (95.7 %)". */
export function percent(s: Score): string {
  return `${s.right}/${s.of} (${s.of === 0 ? '—' : ((100 * s.right) / s.of).toFixed(1)} %)`;
}
