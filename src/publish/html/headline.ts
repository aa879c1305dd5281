/**
 * A short headline for an event page: the event's first sentence, cut at a word boundary when long.
 * Portal events run to several sentences (median 187 characters, up to 771); a page's `<h1>` and
 * `<title>` should fit a phone's first screen and a tab.
 */

/** A headline and where the text under it starts. */
export interface Headline {
  /** The headline as shown (ends with '…' when cut inside the first sentence). */
  text: string;
  /** Where the text shown under the headline starts: after the first sentence, or 0 when the headline was cut. */
  rest: number;
}

/** Words before a full stop that do not end a sentence (titles, initials' neighbours, company forms). */
const ABBREVIATIONS = new Set(
  'mr mrs ms dr prof st gen lt col sgt maj capt cmdr adm rep sen gov pres sec amb rev fr jr sr inc co corp ltd bros vs etc approx est dept univ mt ft jan feb mar apr jun jul aug sep sept oct nov dec'.split(
    ' ',
  ),
);

/** The end of the first sentence (index after its closing punctuation and quotes), or -1. */
export function firstSentenceEnd(s: string): number {
  const re = /[.!?]["'”’)\]]*(?=\s+["'“‘([]?[A-Z0-9])/g;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    if (m[0][0] === '.') {
      const before = /([A-Za-z][A-Za-z.]*)$/.exec(s.slice(0, m.index))?.[1] ?? '';
      // "U.S." "U.N." (dotted initials), "J." (an initial), "Gen." (a title): not an end.
      if (before.includes('.') || /^[A-Z]$/.test(before) || /^Nos?$/.test(before)) continue;
      if (ABBREVIATIONS.has(before.toLowerCase())) continue;
    }
    return m.index + m[0].length;
  }
  return -1;
}

/** `s` cut at the last word boundary at or before `max` characters, with '…' (or `s` when it fits). */
export function cutAtWord(s: string, max: number): string {
  if (s.length <= max) return s;
  const head = s.slice(0, max);
  const space = head.lastIndexOf(' ');
  const cut = (space > max / 2 ? head.slice(0, space) : head).replace(/[\s,;:–—-]+$/, '');
  return `${cut}…`;
}

/**
 * The headline of an event text: its first sentence when that is at most `max` characters
 * (the text under it then starts after that sentence), else the first sentence cut at a word
 * boundary with '…' (and the whole text goes under it).
 * @example headline('A happens. B follows.').text // 'A happens.'
 */
export function headline(s: string, max = 160): Headline {
  const end = firstSentenceEnd(s);
  const first = end === -1 ? s : s.slice(0, end);
  if (first.length <= max) {
    const rest = end === -1 ? s.length : end + (/^\s*/.exec(s.slice(end))?.[0].length ?? 0);
    return { text: first, rest };
  }
  return { text: cutAtWord(first, max), rest: 0 };
}
