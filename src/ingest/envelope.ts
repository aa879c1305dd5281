import { type IsoDate, monthNumber, toIsoDate } from '../model/ids.ts';
import type { WarningKind } from '../model/warning.ts';

/** A problem found in the page around the news items, with its 1-based line. */
export interface EnvelopeProblem {
  kind: WarningKind;
  message: string;
  line?: number;
}

/** The page's news-item content, with the date its template names. */
export interface Envelope {
  /** The content (comments blanked, line breaks kept) and the 1-based line it starts on. */
  content: string;
  firstLine: number;
  /** The date in `{{Current events|year=|month=|day=}}`, or null when the template has none. */
  date: IsoDate | null;
  problems: EnvelopeProblem[];
}

/**
 * Blanks `<!-- … -->` comments, keeping their line breaks so line numbers stay true.
 * An unclosed comment hides the rest of the page, as MediaWiki does; that is reported.
 */
export function blankComments(text: string, problems: EnvelopeProblem[]): string {
  if (!text.includes('<!--')) return text;
  let out = '';
  let i = 0;
  for (;;) {
    const start = text.indexOf('<!--', i);
    if (start < 0) return out + text.slice(i);
    out += text.slice(i, start);
    const end = text.indexOf('-->', start + 4);
    const comment = text.slice(start, end < 0 ? text.length : end + 3);
    out += comment.replace(/[^\n]/g, '');
    if (end < 0) {
      problems.push({
        kind: 'unclosed-tag',
        message: 'comment "<!--" is never closed; MediaWiki hides the rest of the page',
        line: lineAt(text, start),
      });
      return out;
    }
    i = end + 3;
  }
}

/** 1-based line number of `offset` in `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

const WRAPPER = /\{\{\s*[Cc]urrent[ _]events\s*(?=\||\}\})/;

/**
 * Finds the `{{Current events|…|content=…}}` wrapper and returns its content. A page without
 * the wrapper is read whole; an unclosed wrapper (a truncated page) is read to the end and reported.
 */
export function openEnvelope(pageText: string): Envelope {
  const problems: EnvelopeProblem[] = [];
  const text = blankComments(pageText, problems);
  const m = WRAPPER.exec(text);
  if (!m) return { content: text, firstLine: 1, date: null, problems };
  const start = m.index;
  const end = closingBraces(text, start);
  if (end < 0) {
    problems.push({
      kind: 'truncated-page',
      message: 'the {{Current events}} template is never closed (truncated page?); read to the end',
      line: lineAt(text, start),
    });
  }
  const body = text.slice(start + 2, end < 0 ? text.length : end);
  const contentAt = findContentParam(body);
  const params = parseParams(body.slice(0, contentAt < 0 ? body.length : contentAt));
  const date = dateFromParams(params);
  if (contentAt < 0) {
    // No content= parameter: the news items follow the template, as on some hand-made pages.
    const after = end < 0 ? text.length : end + 2;
    return { content: text.slice(after), firstLine: lineAt(text, after), date, problems };
  }
  const offset = start + 2 + contentAt + (/^\|\s*content\s*=/.exec(body.slice(contentAt))?.[0].length ?? 0);
  return {
    content: text.slice(offset, end < 0 ? text.length : end),
    firstLine: lineAt(text, offset),
    date,
    problems,
  };
}

/** Index of the `}}` closing the `{{` at `from`, counting nested braces, or -1. */
function closingBraces(text: string, from: number): number {
  let depth = 0;
  const re = /\{\{|\}\}/g;
  re.lastIndex = from;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0] === '{{') depth++;
    else if (--depth === 0) return m.index;
  }
  return -1;
}

/** Index in `body` of the `|` starting a top-level `content=` parameter, or -1. */
function findContentParam(body: string): number {
  const re = /\|\s*content\s*=/g;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    const before = body.slice(0, m.index);
    const opens = before.split('{{').length - before.split('}}').length;
    if (opens <= 0) return m.index;
  }
  return -1;
}

function parseParams(head: string): Map<string, string> {
  const params = new Map<string, string>();
  const parts = head.split('|').slice(1);
  let positional = 0;
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
    else if (part.trim()) params.set(String(++positional), part.trim());
  }
  return params;
}

function dateFromParams(params: Map<string, string>): IsoDate | null {
  const year = Number(params.get('year') ?? params.get('1'));
  const monthRaw = (params.get('month') ?? params.get('2') ?? '').trim();
  const dayRaw = params.get('day') ?? params.get('3');
  const month = /^\d+$/.test(monthRaw) ? Number(monthRaw) : monthNumber(monthRaw);
  const day = Number(dayRaw);
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  return toIsoDate(year, month, day);
}

/**
 * Reads a date from a file name (`2016-04-28.wiki`) or a page title (`Portal:Current events/2016 April 28`).
 * @example dateFromName('Portal:Current events/2016 April 28') // '2016-04-28'
 */
export function dateFromName(name: string): IsoDate | null {
  const iso = /(\d{4})-(\d{2})-(\d{2})/.exec(name);
  if (iso) return toIsoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const title = /(\d{4})[ _]([A-Za-z]+)[ _](\d{1,2})(?!\d)/.exec(name);
  if (title) {
    const month = monthNumber(title[2] as string);
    if (month > 0) return toIsoDate(Number(title[1]), month, Number(title[3]));
  }
  return null;
}
