/** What one linear pass over a page's HTML says about its element structure. */
export interface HtmlShape {
  /** Start tags of elements that can hold others (void and self-closed tags not counted). */
  tags: number;
  /** Deepest nesting of start tags not yet closed, as written (implied end tags not applied). */
  maxDepth: number;
  /** Where the scan stopped: the length, or the `<` of the start tag past `maxTags` or `maxDepth`. */
  end: number;
}

// Elements that never hold others, and those whose end tag the parser implies when a sibling starts
// (`<p>…<p>`, `<li>…<li>`): neither deepens the tree, so neither is counted as an open level.
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
  'p',
  'li',
  'dt',
  'dd',
  'option',
  'tr',
  'td',
  'th',
]);
// Elements whose content is text, not tags: skipped to their end tag.
const RAW = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noscript', 'template']);

/**
 * Scans HTML once (time linear in its length, no allocation per tag) for the number of start tags
 * and the deepest nesting as written, stopping at the start tag past `maxTags` or `maxDepth`. Unclosed inline
 * tags (`<b><b><b>…`) count as nested, which is what makes a DOM parser slow on them; stray end tags
 * never lower the depth below 0.
 * @example scanHtml('<div><b>x</b></div>') // { tags: 2, maxDepth: 2, end: 19 }
 */
export function scanHtml(html: string, limits: { maxTags?: number; maxDepth?: number } = {}): HtmlShape {
  const maxTags = limits.maxTags ?? Number.POSITIVE_INFINITY;
  const maxDepthAllowed = limits.maxDepth ?? Number.POSITIVE_INFINITY;
  let tags = 0;
  let depth = 0;
  let maxDepth = 0;
  let at = html.indexOf('<');
  while (at !== -1 && at < html.length - 1) {
    const next = html.charCodeAt(at + 1);
    if (next === 0x21 /* ! */) {
      const end = html.startsWith('<!--', at) ? html.indexOf('-->', at + 4) : html.indexOf('>', at + 2);
      if (end === -1) break;
      at = html.indexOf('<', end + 1);
      continue;
    }
    const closing = next === 0x2f; /* / */
    const nameStart = closing ? at + 2 : at + 1;
    let nameEnd = nameStart;
    while (nameEnd < html.length && isNameChar(html.charCodeAt(nameEnd))) nameEnd++;
    if (nameEnd === nameStart || !isLetter(html.charCodeAt(nameStart))) {
      at = html.indexOf('<', at + 1);
      continue;
    }
    const end = html.indexOf('>', nameEnd);
    if (end === -1) break;
    const name = html.slice(nameStart, nameEnd).toLowerCase();
    if (closing) {
      if (!VOID.has(name) && depth > 0) depth--;
      at = html.indexOf('<', end + 1);
      continue;
    }
    if (RAW.has(name)) {
      const close = indexOfIgnoringCase(html, `</${name}`, end + 1);
      if (close === -1) break;
      at = html.indexOf('<', close + 2);
      continue;
    }
    if (!VOID.has(name) && html.charCodeAt(end - 1) !== 0x2f) {
      if (tags === maxTags) return { tags, maxDepth, end: at };
      tags++;
      if (++depth > maxDepth) maxDepth = depth;
      if (maxDepth > maxDepthAllowed) return { tags, maxDepth, end: at };
    }
    at = html.indexOf('<', end + 1);
  }
  return { tags, maxDepth, end: html.length };
}

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isNameChar(c: number): boolean {
  return isLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x3a || c === 0x5f;
}

/** `indexOf` for an ASCII needle, ignoring case, without lower-casing the whole haystack. */
function indexOfIgnoringCase(haystack: string, needle: string, from: number): number {
  const first = needle.charCodeAt(0);
  for (
    let i = haystack.indexOf(String.fromCharCode(first), from);
    i !== -1;
    i = haystack.indexOf('<', i + 1)
  ) {
    if (haystack.slice(i, i + needle.length).toLowerCase() === needle) return i;
  }
  return -1;
}

/**
 * Structure no real article page comes near: 172 real pages (../shared/data articles and
 * article-benchmark) nest at most 51 deep and have at most 1,397 counted tags. linkedom's time grows
 * with depth squared (333,333 nested `<b>` took 56 s) and with the tag count (99,000 flat `<span>` 3.6 s, 30,000 0.9 s).
 */
export const SHAPE_LIMITS = { maxDepth: 500, maxTags: 20_000 } as const;

/** What to parse of a page: its first `end` bytes, or nothing (`refused`, with the reason). */
export type ShapeVerdict = { status: 'parse'; end: number } | { status: 'refused'; reason: string };

/**
 * Decides, in one linear pass, what of a page a DOM parser may see: a page nested deeper than any real
 * page is refused; one with more tags is cut before the tag past the limit (the lede is near the top).
 * Tags are ASCII in every charset a page may use, so the bytes are read as latin1 without decoding
 * (string offsets are byte offsets).
 */
export function shapeVerdict(bytes: Buffer): ShapeVerdict {
  const shape = scanHtml(bytes.toString('latin1'), SHAPE_LIMITS);
  if (shape.maxDepth > SHAPE_LIMITS.maxDepth) {
    return {
      status: 'refused',
      reason: `page refused: elements nested more than ${SHAPE_LIMITS.maxDepth} deep (at byte ${shape.end})`,
    };
  }
  return { status: 'parse', end: shape.end };
}
