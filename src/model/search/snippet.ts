import type { QueryTerm } from './query.ts';
import { allTokens } from './tokens.ts';

/** One piece of a highlighted snippet: matched or not. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

/** What a snippet marks: a query's terms, and the words of the index they matched as typos. */
export interface SnippetQuery {
  terms: readonly QueryTerm[];
  /** Words a typo away that matched a word term (they are marked as the word would be). */
  typos: readonly string[];
}

interface Token {
  start: number;
  end: number;
  folded: string;
}

/**
 * The tokens of a text with where they sit in it: each run of letters, digits and marks, folded and
 * split as `allTokens` splits (a run may give several tokens, all covering the run).
 */
function located(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu))
    for (const folded of allTokens(m[0])) out.push({ start: m.index, end: m.index + m[0].length, folded });
  return out;
}

/** Token indexes of a field matched by a term (a phrase matches as consecutive tokens). */
function matches(field: readonly Token[], q: SnippetQuery): Set<number> {
  const hit = new Set<number>();
  const words = new Set(q.typos);
  const prefixes: string[] = [];
  for (const t of q.terms)
    if (t.kind === 'word') words.add(t.word);
    else if (t.kind === 'prefix') prefixes.push(t.prefix);
  field.forEach((tok, i) => {
    if (words.has(tok.folded) || prefixes.some((p) => tok.folded.startsWith(p))) hit.add(i);
  });
  for (const t of q.terms) {
    if (t.kind !== 'phrase') continue;
    for (let i = 0; i + t.tokens.length <= field.length; i++)
      if (t.tokens.every((w, j) => field[i + j]?.folded === w))
        for (let j = 0; j < t.tokens.length; j++) hit.add(i + j);
  }
  return hit;
}

/**
 * The best passage of an event's fields for a query, split at the matched words: the field with
 * most matched tokens (the first on ties), cut to a window of `size` tokens: from the field's start
 * when the first match is in the window's first two thirds, else from two tokens before it; cut at
 * word boundaries, with `…` where cut. Text only: the caller escapes it.
 * @example highlight(['Staffan de Mistura says'], { terms: [{ kind: 'word', word: 'mistura' }], typos: [] })
 */
export function highlight(fields: readonly string[], q: SnippetQuery, size = 16): SnippetPart[] {
  let best = { field: fields[0] ?? '', toks: [] as Token[], hit: new Set<number>() };
  let first = true;
  for (const field of fields) {
    if (!field) continue;
    const toks = located(field);
    const hit = matches(toks, q);
    if (first || hit.size > best.hit.size) best = { field, toks, hit };
    first = false;
  }
  const { field, toks, hit } = best;
  if (toks.length === 0) return field ? [{ text: field, match: false }] : [];
  const firstHit = hit.size ? Math.min(...hit) : 0;
  // From the field's start when the first match falls in the window's first two thirds.
  let from =
    toks.length <= size || firstHit < size - Math.floor(size / 3)
      ? 0
      : Math.max(0, Math.min(firstHit - 2, toks.length - size));
  let to = Math.min(toks.length, from + size);
  // Tokens of one run (split by folding) are kept together.
  while (from > 0 && toks[from - 1]?.start === toks[from]?.start) from--;
  while (to < toks.length && toks[to]?.start === toks[to - 1]?.start) to++;
  const startChar = from === 0 ? 0 : (toks[from] as Token).start;
  const endChar = to === toks.length ? field.length : (toks[to - 1] as Token).end;
  const parts: SnippetPart[] = [];
  const push = (text: string, match: boolean) => {
    if (!text) return;
    const last = parts.at(-1);
    if (last && last.match === match) last.text += text;
    else parts.push({ text, match });
  };
  if (from > 0) push('…', false);
  let at = startChar;
  for (let i = from; i < to; i++) {
    const t = toks[i] as Token;
    if (!hit.has(i) || t.start < at) continue;
    push(field.slice(at, t.start), false);
    push(field.slice(t.start, t.end), true);
    at = t.end;
  }
  push(field.slice(at, endChar), false);
  if (to < toks.length) push('…', false);
  return parts;
}
