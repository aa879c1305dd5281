import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export const DATA = new URL('../../../shared/data/', import.meta.url);

/** Every real wikitext day in ../shared/data, as [relative path, bytes]. */
export function realWikitextFiles(): { path: string; bytes: Buffer }[] {
  const out: { path: string; bytes: Buffer }[] = [];
  for (const dir of ['wcep-wikitext', 'wcep-wikitext-eras']) {
    for (const name of readdirSync(new URL(`${dir}/`, DATA)).sort()) {
      if (!/\.wiki(?:text)?(?:\.gz)?$/.test(name)) continue;
      out.push({ path: `${dir}/${name}`, bytes: readFileSync(new URL(`${dir}/${name}`, DATA)) });
    }
  }
  return out;
}

/** The plain-text rendering of the same days from wcep-daily-yaml (an independent oracle), by date. */
export function renderedDays(dates: Set<string>): Map<string, { category: string; item: string }[]> {
  const years = new Set([...dates].map((d) => d.slice(0, 4)));
  const out = new Map<string, { category: string; item: string }[]>();
  for (const year of years) {
    let text: string;
    try {
      text = gunzipSync(readFileSync(new URL(`wcep-daily-yaml/${year}.jsonl.gz`, DATA))).toString('utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      const day = JSON.parse(line) as { date: string; categories: Record<string, string[]> | null };
      if (!dates.has(day.date) || !day.categories) continue;
      out.set(
        day.date,
        Object.entries(day.categories).flatMap(([category, items]) =>
          items.map((item) => ({ category, item })),
        ),
      );
    }
  }
  return out;
}

/** Bullet lines (`*`, `**`, …) of a page's wikitext outside comments, with their 1-based line numbers. */
export function bulletLines(text: string): number[] {
  const blanked = text.replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ''));
  const lines: number[] = [];
  blanked.split('\n').forEach((l, i) => {
    if (/^\s*\*/.test(l)) lines.push(i + 1);
  });
  return lines;
}
