import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { decodeWikitext } from '../src/ingest/decode.ts';
import { PARSER_VERSION, parseDay } from '../src/ingest/parse.ts';
import { classifyTarget } from '../src/ingest/titles.ts';
import type { LinkSpan, PortalEvent } from '../src/model/event.ts';
import { asEntityTitle, type EntityTitle, eventId } from '../src/model/ids.ts';
import type { LinkEvent } from '../src/model/related.ts';
import { writeDay } from '../src/store/days.ts';
import { openStore, transaction } from '../src/store/open.ts';
import { assignMissingPageSlugs } from '../src/store/slugs.ts';

/**
 * The scale corpus of the link and build benchmarks (never a correctness oracle): the 149k
 * plain-text items of ../shared/data/wcep-daily-yaml (2002–2026), with context entities
 * assigned by matching the link labels and titles seen in the real wikitext days
 * (wcep-wikitext and wcep-wikitext-eras): greedy longest match over word n-grams (up to 6
 * words), capitalised phrases only, a few capitalised function words excluded. An item
 * without a trailing "(Publisher)" is a storyline heading: its entities join the context of
 * the items after it in the same category, as storyline links do in the portal. The events of
 * the 56 real wikitext days (parsed, with their real links) are added to their dates, which
 * brings the corpus past 150,000 events.
 */

const DATA = new URL('../../shared/data/', import.meta.url);
const STOP = new Set(
  'The A An In On At Of For To And By As It He She They This That His Her Its President Prime Minister Former New North South East West General Court King Queen City State Party Government Army Police National United People Republic'.split(
    ' ',
  ),
);
const MAX_WORDS = 6;

function words(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
}

/** Phrase (words joined by one space) → entity title, from every wikilink of the real days. */
export function vocabulary(): Map<string, EntityTitle> {
  const counts = new Map<string, Map<EntityTitle, number>>();
  const add = (phrase: string, title: EntityTitle) => {
    const ws = words(phrase);
    if (ws.length === 0 || ws.length > MAX_WORDS) return;
    const first = ws[0] as string;
    if (!/^[\p{Lu}\p{N}]/u.test(first)) return;
    if (ws.every((x) => STOP.has(x)) || (ws.length === 1 && first.length < 2)) return;
    const key = ws.join(' ');
    const m = counts.get(key) ?? new Map<EntityTitle, number>();
    m.set(title, (m.get(title) ?? 0) + 1);
    counts.set(key, m);
  };
  for (const folder of ['wcep-wikitext/', 'wcep-wikitext-eras/']) {
    const dir = new URL(folder, DATA);
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.wiki'))) {
      const text = readFileSync(new URL(name, dir), 'utf8');
      for (const m of text.matchAll(/\[\[([^\]|[]+)(?:\|([^\][]*))?\]\]/g)) {
        const target = classifyTarget(m[1] ?? '');
        if (target.kind !== 'article') continue;
        add(target.title, target.title);
        if (m[2]) add(m[2].replace(/'{2,}/g, ''), target.title);
      }
    }
  }
  const out = new Map<string, EntityTitle>();
  for (const [key, titles] of counts) {
    const best = [...titles].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    if (best) out.set(key, best[0]);
  }
  return out;
}

/** Entities named in a text: greedy longest match of word n-grams against the vocabulary. */
export function matchEntities(text: string, vocab: Map<string, EntityTitle>): EntityTitle[] {
  const ws = words(text);
  const found = new Set<EntityTitle>();
  for (let i = 0; i < ws.length; ) {
    let step = 1;
    for (let n = Math.min(MAX_WORDS, ws.length - i); n >= 1; n--) {
      const t = vocab.get(ws.slice(i, i + n).join(' '));
      if (t) {
        found.add(t);
        step = n;
        break;
      }
    }
    i += step;
  }
  return [...found];
}

/** Where each matched title first stands in the text as written (titles the text words otherwise get no span). */
function spansOf(text: string, titles: readonly EntityTitle[]): LinkSpan[] {
  const spans: LinkSpan[] = [];
  for (const title of titles) {
    const start = text.indexOf(title);
    if (start >= 0 && !spans.some((s) => start < s.end && s.start < start + title.length))
      spans.push({ start, end: start + title.length, title });
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** One day of the scale corpus. */
export interface ScaleDay {
  date: string;
  events: PortalEvent[];
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The scale corpus, day by day (dates ascending), as portal events with sources left empty. */
export function scaleCorpus(): ScaleDay[] {
  const vocab = vocabulary();
  const dir = new URL('wcep-daily-yaml/', DATA);
  const days = new Map<string, ScaleDay>();
  const seenByDate = new Map<string, Map<string, number>>();
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl.gz'))
    .sort()) {
    const lines = gunzipSync(readFileSync(new URL(name, dir)))
      .toString('utf8')
      .split('\n');
    for (const line of lines) {
      if (!line.trim()) continue;
      const day: unknown = JSON.parse(line);
      if (!day || typeof day !== 'object' || !('date' in day) || !('categories' in day)) continue;
      const date = String(day.date);
      const categories = day.categories;
      if (!categories || typeof categories !== 'object') continue;
      const events: PortalEvent[] = [];
      const seen = new Map<string, number>();
      seenByDate.set(date, seen);
      for (const [category, items] of Object.entries(categories)) {
        if (!Array.isArray(items)) continue;
        let heading: { text: string; links: EntityTitle[] } | null = null;
        for (const item of items) {
          if (typeof item !== 'string' || !item.trim()) continue;
          const text = item.replace(/\s+/g, ' ').trim();
          // The publisher label in trailing parentheses is no entity of the event.
          const links = matchEntities(text.replace(/(?:\s*\([^()]*\))+\s*$/, ''), vocab);
          const isHeading = !/\)\s*$/.test(text) && text.length < 120;
          const storyline = heading && !isHeading ? [heading] : [];
          const context = [...new Set([...links, ...storyline.flatMap((s) => s.links)])].sort(byCodeUnit);
          const n = (seen.get(text) ?? 0) + 1;
          seen.set(text, n);
          events.push({
            id: eventId(date, text, n),
            date,
            category,
            storyline,
            text,
            links,
            spans: spansOf(text, links),
            context: context.map(asEntityTitle),
            sources: [],
            position: events.length,
            line: events.length + 1,
            raw: text,
          });
          if (isHeading) heading = { text, links };
        }
      }
      if (events.length > 0) days.set(date, { date, events });
    }
  }
  for (const folder of ['wcep-wikitext/', 'wcep-wikitext-eras/']) {
    const wdir = new URL(folder, DATA);
    for (const name of readdirSync(wdir).filter((f) => f.endsWith('.wiki'))) {
      const decoded = decodeWikitext(readFileSync(new URL(name, wdir)));
      if (!decoded.ok) continue;
      const parsed = parseDay(decoded.text, { origin: name, dateHint: name.slice(0, 10) });
      if (!parsed.date) continue;
      const day = days.get(parsed.date) ?? { date: parsed.date, events: [] };
      days.set(parsed.date, day);
      const seen = seenByDate.get(parsed.date) ?? new Map<string, number>();
      seenByDate.set(parsed.date, seen);
      for (const e of parsed.events) {
        const n = (seen.get(e.text) ?? 0) + 1;
        seen.set(e.text, n);
        day.events.push({ ...e, id: eventId(parsed.date, e.text, n), position: day.events.length });
      }
    }
  }
  return [...days.values()].sort((a, b) => byCodeUnit(a.date, b.date));
}

/** All events of the corpus as the link stage sees them. */
export function linkEventsOf(days: readonly ScaleDay[]): LinkEvent[] {
  return days.flatMap((d) => d.events);
}

/** Stores one scale-corpus day with the store's own `writeDay` (its "raw page" is its event texts). */
export function storeScaleDay(db: Parameters<typeof writeDay>[0], day: ScaleDay): void {
  const raw = Buffer.from(day.events.map((e) => e.text).join('\n'));
  writeDay(
    db,
    {
      date: day.date,
      title: `scale corpus ${day.date}`,
      origin: 'bench/_scale.ts',
      sha256: createHash('sha256').update(raw).digest('hex'),
      raw,
      parserVersion: PARSER_VERSION,
    },
    day.events,
    '2026-01-01T00:00:00Z',
  );
}

/** Opens the store file, stores the given days with `storeScaleDay` and gives new titles their page slugs, closes it; returns the milliseconds taken. */
export function storeScaleDays(file: string, days: readonly ScaleDay[]): number {
  const store = openStore(file);
  const t = performance.now();
  for (const day of days) storeScaleDay(store.db, day);
  // As an ingest run ends: new entity and storyline titles get their page slugs.
  transaction(store.db, () => assignMissingPageSlugs(store.db));
  const ms = performance.now() - t;
  store.db.close();
  return ms;
}
