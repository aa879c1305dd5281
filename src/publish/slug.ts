import type { EventId } from '../model/ids.ts';

/** Letters that Unicode does not decompose into a base letter plus accent, folded by hand. */
const LETTERS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ø: 'o',
  Ø: 'o',
  ł: 'l',
  Ł: 'l',
  đ: 'd',
  Đ: 'd',
  ð: 'd',
  Ð: 'd',
  þ: 'th',
  Þ: 'th',
  ı: 'i',
};

/** How many characters (code points) of the text a slug is made from. */
export const SLUG_CHARS = 140;

/**
 * The slug of an event text (SPEC.md): its first 140 characters, accents folded to ASCII,
 * lower-cased, every run of other characters than `a-z0-9` made one `-`, `-` trimmed at both ends.
 * @example slugify('Staffan de Mistura, U.N. envoy…') // 'staffan-de-mistura-u-n-envoy'
 */
export function slugify(text: string): string {
  const head = Array.from(text).slice(0, SLUG_CHARS).join('');
  const folded = head
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[ßæÆœŒøØłŁđĐðÐþÞı]/g, (c) => LETTERS[c] ?? c);
  return folded
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Slugs for the events of one day, in portal order: the second event with a slug gets `-2`, the
 * third `-3` … An event whose text has no letter or digit is called `event`.
 */
export function daySlugs(events: readonly { id: EventId; text: string }[]): Map<EventId, string> {
  const out = new Map<EventId, string>();
  const taken = new Set<string>();
  for (const e of events) {
    const base = slugify(e.text) || 'event';
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    taken.add(slug);
    out.set(e.id, slug);
  }
  return out;
}
