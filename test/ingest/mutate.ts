import { readdirSync, readFileSync } from 'node:fs';

/** Seeded xorshift32: the same seed gives the same mutations, so a failure can be replayed. */
export function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}

export const DATA = new URL('../../../shared/data/', import.meta.url);

/** Every real wikitext day of ../shared/data (wcep-wikitext and wcep-wikitext-eras), with its name. */
export function realDays(): { name: string; bytes: Buffer }[] {
  const out: { name: string; bytes: Buffer }[] = [];
  for (const dir of ['wcep-wikitext', 'wcep-wikitext-eras']) {
    for (const name of readdirSync(new URL(`${dir}/`, DATA)).sort()) {
      if (name.endsWith('.wiki')) out.push({ name, bytes: readFileSync(new URL(`${dir}/${name}`, DATA)) });
    }
  }
  return out;
}

const PIECES = [
  '[[',
  ']]',
  '{{',
  '}}',
  '[',
  ']',
  '<',
  '>',
  '<ref>',
  '</ref>',
  "'''",
  '|',
  '\n*',
  '\n;',
  '<!--',
];

type Mutation = (text: string, rnd: () => number) => string;

const pick = <T>(xs: readonly T[], rnd: () => number): T => xs[Math.floor(rnd() * xs.length)] as T;
const at = (text: string, rnd: () => number) => Math.floor(rnd() * (text.length + 1));

/** Mutations of a real day's text, each a way real pages break (cut, edited lines, stray markup). */
export const MUTATIONS: Record<string, Mutation> = {
  cut: (t, r) => t.slice(0, at(t, r)),
  duplicateLines(t, r) {
    const lines = t.split('\n');
    for (let k = 0; k < 1 + r() * 5; k++) {
      const i = Math.floor(r() * lines.length);
      lines.splice(i, 0, lines[i] as string);
    }
    return lines.join('\n');
  },
  shuffleLines(t, r) {
    const lines = t.split('\n');
    for (let i = lines.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [lines[i], lines[j]] = [lines[j] as string, lines[i] as string];
    }
    return lines.join('\n');
  },
  insertMarkup(t, r) {
    let out = t;
    for (let k = 0; k < 1 + r() * 8; k++) {
      const i = at(out, r);
      out = out.slice(0, i) + pick(PIECES, r) + out.slice(i);
    }
    return out;
  },
  deleteMarkup(t, r) {
    // Drop a random closing or opening bracket: unclosed links, templates, refs.
    const marks = [...t.matchAll(/\]\]|\}\}|\[\[|\{\{|<\/ref>|\]/g)];
    if (marks.length === 0) return t;
    const m = pick(marks, r);
    return t.slice(0, m.index) + t.slice((m.index ?? 0) + m[0].length);
  },
  deepBraces(t, r) {
    const n = 1 + Math.floor(r() * 5000);
    const open = pick(['{{', '[[', '[', '<ref>', '{|', "'''"], r);
    const i = at(t, r);
    return t.slice(0, i) + open.repeat(n) + (r() < 0.5 ? '' : 'x}}]]'.repeat(n)) + t.slice(i);
  },
  longLine(t, r) {
    const lines = t.split('\n');
    const i = Math.floor(r() * lines.length);
    const line = lines[i] as string;
    lines[i] = line.repeat(Math.min(50 + Math.floor(r() * 200), Math.ceil(400_000 / (line.length + 1))));
    return lines.join('\n');
  },
  spliceDays(t, r) {
    // Two halves of the same page in the wrong order: a template opened twice, closed once.
    const i = at(t, r);
    return t.slice(i) + t.slice(0, i);
  },
};

/** Corrupts bytes: random bytes 0x80–0xff (invalid UTF-8), cut multi-byte sequences, NULs now and then. */
export function corruptBytes(bytes: Uint8Array, rnd: () => number): Uint8Array {
  const out = Uint8Array.from(bytes);
  for (let k = 0; k < 1 + rnd() * 6; k++) {
    const i = Math.floor(rnd() * out.length);
    out[i] = rnd() < 0.05 ? 0 : 0x80 + Math.floor(rnd() * 0x80);
  }
  return out;
}
