import { readdirSync, readFileSync } from 'node:fs';
import { decodeWikitext } from '../ingest/decode.ts';
import { parseDay } from '../ingest/parse.ts';
import type { PortalEvent } from '../model/event.ts';

/** The 25 real portal days of ../shared/data/wcep-wikitext, parsed (for tests and benchmarks). */
export const WIKITEXT_DIR = new URL('../../../shared/data/wcep-wikitext/', import.meta.url);

/** Every event of the real sample days (or of `dir`), in portal order. */
export function realEvents(dir: URL = WIKITEXT_DIR): PortalEvent[] {
  const out: PortalEvent[] = [];
  for (const name of readdirSync(dir)
    .filter((f) => /\.wiki$/.test(f))
    .sort()) {
    const decoded = decodeWikitext(readFileSync(new URL(name, dir)));
    if (!decoded.ok) continue;
    out.push(...parseDay(decoded.text, { origin: name, dateHint: name.slice(0, 10) }).events);
  }
  return out;
}
