import type { QueryTerm } from './search.ts';

/** One piece of a highlighted snippet: matched or not. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

interface Token {
  start: number;
  end: number;
  folded: string;
}

/** Folds as FTS5's `unicode61 remove_diacritics 2` tokenizer does: accents removed, lower case. */
export function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

function tokens(text: string): Token[] {
  return [...text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    folded: fold(m[0]),
  }));
}

/** Token indexes of `field` matched by any term (a phrase matches as consecutive tokens). */
function matches(field: Token[], terms: QueryTerm[]): Set<number> {
  const hit = new Set<number>();
  for (const term of terms) {
    const words = tokens(term.text).map((t) => t.folded);
    if (words.length === 0) continue;
    for (let i = 0; i + words.length <= field.length; i++) {
      const ok = words.every((w, j) => {
        const t = field[i + j]?.folded ?? '';
        return term.prefix && j === words.length - 1 ? t.startsWith(w) : t === w;
      });
      if (ok) for (let j = 0; j < words.length; j++) hit.add(i + j);
    }
  }
  return hit;
}

/**
 * The best passage of an event's indexed fields for a query, split at the matched words: the field
 * with most matches (text first on ties), cut to a window of `size` tokens around the first match,
 * with `…` where cut. Done in JavaScript rather than by FTS5's snippet(), which re-reads the terms'
 * whole lists for every row (as costly as the ranking itself on 150k events).
 * @example highlight(['Staffan de Mistura says'], [{ text: 'mistura', prefix: false, phrase: false }])
 */
export function highlight(fields: readonly string[], terms: QueryTerm[], size = 16): SnippetPart[] {
  let best = { field: fields[0] ?? '', toks: [] as Token[], hit: new Set<number>() };
  for (const field of fields) {
    if (!field) continue;
    const toks = tokens(field);
    const hit = matches(toks, terms);
    if (hit.size > best.hit.size) best = { field, toks, hit };
  }
  const { field, toks, hit } = best;
  if (toks.length === 0) return field ? [{ text: field, match: false }] : [];
  const first = hit.size ? Math.min(...hit) : 0;
  const from = toks.length <= size ? 0 : Math.max(0, Math.min(first - 2, toks.length - size));
  const to = Math.min(toks.length, from + size);
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
    if (!hit.has(i)) continue;
    push(field.slice(at, t.start), false);
    push(field.slice(t.start, t.end), true);
    at = t.end;
  }
  push(field.slice(at, endChar), false);
  if (to < toks.length) push('…', false);
  return parts;
}
