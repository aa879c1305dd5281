import type { PortalEvent, Source, StorylineNode } from '../model/event.ts';
import { type EntityTitle, type EventId, eventId, type IsoDate, MONTH_NAMES } from '../model/ids.ts';
import type { Warning, WarningKind } from '../model/warning.ts';
import { dayTitle } from './api/titles.ts';
import { dateFromName, lineAt, openEnvelope } from './envelope.ts';
import { type Inline, type PageState, renderInline } from './inline.ts';

/** Bumped whenever parsing changes what it yields, so stored days are re-parsed. */
export const PARSER_VERSION = 2;

/** One parsed portal day. */
export interface ParsedDay {
  /** Null when neither the page nor its name gives a date (then `events` is empty and a `no-date` warning says why). */
  date: IsoDate | null;
  title: string | null;
  events: PortalEvent[];
  /** Bullets that name a storyline (have children), with their line: every bullet is an event, a storyline, or both. */
  storylines: { line: number; text: string }[];
  warnings: Warning[];
}

export interface ParseOptions {
  /** Where the text came from (file path or URL), named in every warning. */
  origin: string;
  /** The date the file name or page title gives, used when the page has none, and checked against it. */
  dateHint?: IsoDate;
}

interface Node {
  depth: number;
  line: number;
  raw: string;
  inline: Inline;
  category: string | null;
  parent: Node | null;
  children: number;
  storyline?: StorylineNode[];
}

const MAX_JOINED_LINES = 60;
const MONTH = `(?:${MONTH_NAMES.join('|')})`;
const DATE_LINE = new RegExp(
  `^(?:(?:\\w+day,? )?${MONTH} \\d{1,2}(?:,? \\d{4})?|\\d{1,2} ${MONTH}(?: \\d{4})?|\\d{4}-\\d{2}-\\d{2}|\\d{4} ${MONTH} \\d{1,2})$`,
);

/**
 * Parses one day of the portal (every markup era: flat 2002–2006 lists with `<ref>` sources,
 * `;` headings, `'''bold'''` headings with deep storylines) into events.
 * @example parseDay(text, { origin: '2016-04-28.wiki' }).events[0].text
 */
export function parseDay(pageText: string, options: ParseOptions): ParsedDay {
  const warnings: Warning[] = [];
  const env = openEnvelope(pageText);
  const hint = options.dateHint ?? dateFromName(options.origin);
  let date = env.date ?? hint ?? null;
  const warn = (kind: WarningKind, message: string, line?: number) => {
    const w: Warning = { kind, message, origin: options.origin };
    if (date) w.day = date;
    if (line !== undefined) w.line = line;
    warnings.push(w);
  };
  if (env.date && hint && env.date !== hint) {
    warn('date-mismatch', `the page says ${env.date} but its name says ${hint}; using ${env.date}`);
  }
  if (!date) {
    warn(
      'no-date',
      'no date: neither {{Current events|year=|month=|day=}} nor a YYYY-MM-DD file name; rename the file to its date',
    );
    return { date: null, title: null, events: [], storylines: [], warnings };
  }
  date = date as IsoDate;
  for (const p of env.problems) warn(p.kind, p.message, p.line);
  const redirect = /^\s*#redirect\s*:?\s*\[\[([^\]|]*)/i.exec(pageText);
  if (redirect) {
    // A moved page: its text is only a pointer, not news. Say where it points, keep no events.
    warn(
      'unrecognised-line',
      `the page is a redirect to "${redirect[1]?.trim()}"; ingest that page instead`,
      1,
    );
    return { date, title: dayTitle(date), events: [], storylines: [], warnings };
  }

  const state: PageState = { namedRefs: new Map() };
  const nodes: Node[] = [];
  const stack: Node[] = [];
  let category: string | null = null;
  const lines = env.content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let text = (lines[i] as string).replace(/\r$/, '');
    const line = env.firstLine + i;
    const trimmed = text.trim();
    if (trimmed === '') continue;
    const heading = headingOf(trimmed, state);
    if (heading !== null) {
      category = heading || category;
      stack.length = 0;
      continue;
    }
    if (trimmed.startsWith('{|')) {
      // A wiki table (image boxes, sidebars): layout, not news. Skip to its end, nested tables included.
      const end = tableEnd(lines, i);
      if (end < 0) warn('unclosed-tag', 'table "{|" is never closed; the rest of the page was skipped', line);
      i = end < 0 ? lines.length : end;
      continue;
    }
    const stars = /^[*#]+:*/.exec(trimmed);
    // Join lines continuing an open template, <ref> or link (multi-line citations).
    let joined = 0;
    while (
      i + 1 < lines.length &&
      joined < MAX_JOINED_LINES &&
      !startsBlock(lines[i + 1] as string) &&
      isOpen(text)
    ) {
      text += `\n${lines[++i]}`;
      joined++;
    }
    if (!stars) {
      const inline = renderInline(trimmed === text.trim() ? trimmed : text.trim(), state);
      report(inline, line, warn);
      if (inline.text === '' && inline.sources.length === 0) continue;
      if (isLayout(trimmed)) continue;
      warn(
        'unrecognised-line',
        `line is neither a bullet nor a heading; kept as an event: "${short(inline.text)}"`,
        line,
      );
      nodes.push({ depth: 0, line, raw: text.trim(), inline, category, parent: null, children: 0 });
      stack.length = 0;
      continue;
    }
    const depth = stars[0].replace(/:/g, '').length;
    const body = text.trim().slice(stars[0].length);
    const inline = renderInline(body, state);
    report(inline, line, warn);
    while (stack.length > 0 && (stack.at(-1) as Node).depth >= depth) stack.pop();
    const parent = stack.at(-1) ?? null;
    const node: Node = { depth, line, raw: text.trim(), inline, category, parent, children: 0 };
    if (parent) parent.children++;
    nodes.push(node);
    stack.push(node);
  }

  const events: PortalEvent[] = [];
  const storylines: { line: number; text: string }[] = [];
  const seen = new Map<string, number>();
  for (const node of nodes) {
    if (node.children > 0) storylines.push({ line: node.line, text: node.inline.text });
    const isEvent = node.children === 0 || node.inline.sources.length > 0;
    if (!isEvent) continue;
    if (node.inline.text === '') {
      if (node.inline.sources.length > 0 && node.parent) {
        node.parent.inline.sources.push(...node.inline.sources);
        warn(
          'empty-event',
          'bullet has sources but no text; its sources were given to the bullet above',
          node.line,
        );
      } else {
        warn('empty-event', 'bullet has no text; nothing to keep', node.line);
      }
      continue;
    }
    const occurrence = (seen.get(node.inline.text) ?? 0) + 1;
    seen.set(node.inline.text, occurrence);
    events.push(toEvent(node, date, events.length, occurrence));
  }
  return { date, title: dayTitle(date), events, storylines, warnings };
}

/** The storyline path above a node, outermost first (computed once per node, shared by its children). */
function storylineOf(node: Node): StorylineNode[] {
  if (node.storyline) return node.storyline;
  const parent = node.parent;
  node.storyline = parent
    ? [...storylineOf(parent), { text: parent.inline.text, links: unique(parent.inline.links) }]
    : [];
  return node.storyline;
}

function toEvent(node: Node, date: IsoDate, position: number, occurrence: number): PortalEvent {
  const storyline = storylineOf(node).map((s) => ({ text: s.text, links: [...s.links] }));
  const links = unique(node.inline.links);
  const context = [...new Set([...links, ...storyline.flatMap((s) => s.links)])].sort(compareTitles);
  return {
    id: eventId(date, node.inline.text, occurrence) as EventId,
    date,
    category: node.category,
    storyline,
    text: node.inline.text,
    links,
    spans: node.inline.spans,
    context,
    sources: dedupeSources(node.inline.sources),
    position,
    line: node.line,
    raw: node.raw,
  };
}

/** Code-unit order: stable everywhere, and the order the reference page lists context in. */
export function compareTitles(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function unique(links: EntityTitle[]): EntityTitle[] {
  return [...new Set(links)];
}

function dedupeSources(sources: Source[]): Source[] {
  const byUrl = new Map<string, Source>();
  for (const s of sources) {
    const prev = byUrl.get(s.url);
    if (!prev) byUrl.set(s.url, s);
    else {
      prev.deadLink ||= s.deadLink;
      if (!prev.archiveUrl && s.archiveUrl) prev.archiveUrl = s.archiveUrl;
    }
  }
  return [...byUrl.values()];
}

/** A category heading's text (`;Sports`, `'''Sports'''`, `== Sports ==`), or null when the line is no heading. */
function headingOf(trimmed: string, state: PageState): string | null {
  const c = trimmed[0];
  if (c !== ';' && c !== "'" && c !== '=') return null;
  let inner: string | null = null;
  if (trimmed.startsWith(';')) inner = trimmed.slice(1).split(/(?<!:):(?!:)/)[0] ?? '';
  else if (/^'''[^'].*'''$/.test(trimmed) && !trimmed.slice(3, -3).includes("'''"))
    inner = trimmed.slice(3, -3);
  else if (/^(={1,6}).+\1$/.test(trimmed)) inner = trimmed.replace(/^=+|=+$/g, '');
  if (inner === null) return null;
  const text = renderInline(inner, state).text.replace(/:$/, '').trim();
  // A date line ('''[[January 5]], [[2005]]''') heads the day on some old pages: not a category.
  return DATE_LINE.test(text) ? '' : text;
}

/** Index of the line closing the table opened on line `start`, or -1. */
function tableEnd(lines: string[], start: number): number {
  let depth = 0;
  for (let j = start; j < lines.length; j++) {
    const t = (lines[j] as string).trim();
    if (t.startsWith('{|')) depth++;
    else if (t.startsWith('|}') && --depth === 0) return j;
  }
  return -1;
}

/** True while `text` has an unclosed `{{`, `[[` or `<ref>`. */
function isOpen(text: string): boolean {
  if (count(text, '{{') > count(text, '}}')) return true;
  if (count(text, '[[') > count(text, ']]')) return true;
  const refs = (text.match(/<ref\b[^>]*[^/]>|<ref>/gi) ?? []).length;
  return refs > (text.match(/<\/ref\s*>/gi) ?? []).length;
}

function startsBlock(line: string): boolean {
  const t = line.trimStart();
  return (
    t.startsWith('*') || t.startsWith('#') || t.startsWith(';') || t.startsWith('==') || /^'''[^']/.test(t)
  );
}

function count(s: string, needle: string): number {
  let n = 0;
  for (let i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** Lines that only lay out the page (`{{TOC}}`, `__NOTOC__`, a lone `<div>`): not news. */
function isLayout(trimmed: string): boolean {
  return /^(?:__[A-Z]+__|\{\|.*|\|\}|\|-.*|<\/?div[^>]*>)$/.test(trimmed);
}

function report(
  inline: Inline,
  line: number,
  warn: (kind: WarningKind, message: string, line?: number) => void,
) {
  for (const p of inline.problems) warn(p.kind, p.message, line);
}

function short(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

export { lineAt };
