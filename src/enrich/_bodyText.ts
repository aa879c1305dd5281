import { type Block, DATELINE } from './_body.ts';
import { selectBody } from './_bodySelect.ts';
import { isBoilerplate } from './_boilerplate.ts';
import { clean } from './_metadata.ts';

/** The article body as paragraphs of plain text, and the blocks they came from. */
export interface BodyText {
  paragraphs: string[];
  blocks: Block[];
  /** The page's meta description, normalised (a standfirst often repeats it). */
  description: string | null;
  /** The element holding the body (with its siblings kept beside it), or null. */
  container: Element | null;
  /** Every element's position in document order. */
  orderOf: Map<Element, number>;
}

/** A photo caption or credit: ends with a credit in parentheses, "hide caption", "Photo: …". */
export const CAPTION =
  /^\([^()]*\)$|(?:\((?:[^()]*\/)?(?:AP|AFP|Reuters|Getty(?: Images)?|EPA|File|Photo|Bloomberg|PA|Xinhua|AAP)(?:\/[^()]*)?\)|hide caption|\b(?:Photo(?:graph)?|Image|Picture|Credit)s?: [^.]*|Image copyright.*|\b(?:Getty Images|Shutterstock|iStock(?:photo)?)(?: via [\w ]+)?\.?)$/i;

/**
 * The article body of a page: the blocks of the best-scored container (`selectBody`), without
 * the headline, link lists, captions, boilerplate (`isBoilerplate`) and repeated lines.
 */
export function bodyText(
  document: Document,
  options: { title: string | null; description: string | null },
): BodyText {
  const { blocks, container, orderOf } = selectBody(document);
  const title = options.title ? normal(options.title) : null;
  const seen = new Set<string>();
  const kept: Block[] = [];
  for (const b of blocks) {
    if (b.el.tagName === 'H1') continue;
    const key = normal(b.text);
    if (title && key === title) continue;
    if (b.linked / b.text.length > 0.5 && !/[.!?。]["'”’)]?$/.test(b.text)) continue;
    if (isBoilerplate(b.text) || CAPTION.test(b.text)) continue;
    // Share bars, bylines and widgets repeat a line; the article does not repeat a paragraph.
    if (seen.has(key) && b.text.length < 200) continue;
    seen.add(key);
    kept.push(b);
  }
  return {
    paragraphs: kept.map((b) => b.text),
    blocks: kept,
    description: options.description ? normal(options.description) : null,
    container,
    orderOf,
  };
}

/** Text as compared for equality: letters and digits only, lower case (spacing and punctuation differ between copies). */
function normal(text: string): string {
  return (clean(text) ?? '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;
const BYLINE = /^(?:by|por|par|von|di|door)\s+[\p{Lu}]/iu;

/**
 * Enough to be a paragraph of prose: 120 characters, or a sentence of at least 25 characters and
 * four words ("Michelle Obama sees despair in America."), or 20 characters of CJK text.
 */
function isProse(text: string): boolean {
  if (CJK.test(text) && !/\s\S+\s\S+\s\S+\s/.test(text.slice(0, 60))) return text.length >= 20;
  if (text.length >= 120) return true;
  const words = text.split(' ').length;
  if (text.length >= 60 && words >= 8) return true;
  return text.length >= 25 && /[.!?…"'”’):]$/.test(text) && words >= 4;
}

/**
 * The article's first paragraph: the first body block of prose that is not a heading, a byline,
 * a caption or boilerplate; a dateline printed as its own line just before it is joined to it, and
 * a drop cap set apart from its word ("T he") is joined back.
 */
export function ledeOf(
  body: BodyText,
): { text: string; el: Element; usual: boolean; skipped: ReadonlySet<Element> } | null {
  const skipped = new Set<Element>();
  const { blocks } = body;
  const usual = usualParagraph(blocks);
  let seenUsual = false;
  let seenProse = false;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i] as Block;
    const isUsual = signature(b) === usual;
    if (b.heading && !headingOpensBody(b, blocks[i + 1])) continue;
    if (!isProse(b.text) || BYLINE.test(b.text)) continue;
    const opening = FIRST_CLASS.test(b.el.getAttribute('class') ?? '');
    if (
      !isUsual &&
      !seenUsual &&
      !opening &&
      (isDeck(blocks, i, usual) || namedDeck(b) || normal(b.text) === body.description)
    ) {
      skipped.add(b.el);
      continue;
    }
    // A standfirst styled like the body: in a container named as one, and repeating the description.
    if (!seenUsual && !opening && namedDeck(b) && normal(b.text) === body.description) {
      skipped.add(b.el);
      continue;
    }
    if (
      !seenProse &&
      isPullQuote(b.text) &&
      blocks.slice(i + 1, i + 3).some((n) => isProse(n.text) && !isPullQuote(n.text))
    ) {
      seenProse = true;
      skipped.add(b.el);
      continue;
    }
    seenProse = true;
    seenUsual ||= isUsual;
    const prev = blocks[i - 1];
    const text = joinDropCap(b.text, b.el);
    if (prev && prev.text.length <= 50 && DATELINE.test(prev.text) && !prev.heading)
      return { text: `${prev.text} ${text}`, el: b.el, usual: isUsual, skipped };
    return { text, el: b.el, usual: isUsual, skipped };
  }
  return null;
}

/** Class words of an article's opening paragraph styled apart ("FirstParagraph", "drop-cap", "lead-in"). */
const FIRST_CLASS = /first-?para|firstparagraph|first-?graf|drop-?cap|dropcap|initial-?letter|lead-?in\b/i;

/**
 * A quotation set alone above the body (a pull quote or a fact-check's claim): the whole paragraph
 * is one quotation, without attribution after it.
 */
function isPullQuote(text: string): boolean {
  return /^[“"«„][^“”"«»„]+[”"»][.!?]?$/.test(text);
}

/** A block's look: its element's tag and class (the body's paragraphs share one). */
function signature(b: Block): string {
  return `${b.el.tagName}.${b.el.getAttribute('class') ?? ''}`;
}

/** The look of the body's prose paragraphs: the one of at least two blocks holding the most text. */
function usualParagraph(blocks: readonly Block[]): string | null {
  const chars = new Map<string, number>();
  const count = new Map<string, number>();
  for (const b of blocks) {
    if (b.heading || !isProse(b.text) || /^(?:LI|TD|TH|DD|DT)$/.test(b.el.tagName)) continue;
    const sig = signature(b);
    chars.set(sig, (chars.get(sig) ?? 0) + b.text.length);
    count.set(sig, (count.get(sig) ?? 0) + 1);
  }
  let best: string | null = null;
  let n = 0;
  for (const [sig, c] of chars) if (c > n && (count.get(sig) ?? 0) >= 2) [best, n] = [sig, c];
  return best;
}

/**
 * A summary printed above the body in another style (a standfirst, a claim box, "Highlights"):
 * a short block unlike the body's paragraphs, introduced by a label ("Highlights", "Summary") or
 * followed by something other than a body paragraph (a byline, the summary's source).
 */
function isDeck(blocks: readonly Block[], i: number, usual: string | null): boolean {
  const b = blocks[i] as Block;
  if (usual === null || b.text.length > 300) return false;
  const prev = blocks[i - 1];
  if (
    prev &&
    prev.text.split(' ').length <= 3 &&
    /[\p{L}\p{N}]$/u.test(prev.text) &&
    !DATELINE.test(prev.text)
  )
    return true;
  const next = blocks[i + 1];
  return (
    next !== undefined &&
    !next.heading &&
    next.text.length < 200 &&
    signature(next) !== usual &&
    signature(next) !== signature(b)
  );
}

/** Class words of a summary set above an article (standfirst, dek, chapô, bajada, perex…). */
const DECK_CLASS =
  /(?:^|[\s_-])(?:(?<!with-)summary|standfirst|dek|deck|subtitle|sub-?head|sub-?headline|bajada|chapo|chapeau|kicker|teaser|perex|intro-?text|abstract|highlights|story-?highlights|excerpt|description|strap|lede-?art|article-?lead|lead-?text|lead-?container|lead)(?:$|[\s_-])/i;

/** A block inside an element named as a summary or deck (up to four levels up). */
function namedDeck(b: Block): boolean {
  let e: Element | null = b.el;
  for (let i = 0; e && i < 4; i++, e = e.parentElement) {
    const a = `${e.getAttribute('class') ?? ''} ${e.getAttribute('id') ?? ''}`;
    if (DECK_CLASS.test(a) && !/article-?body|story-?body|body-?text/i.test(a)) return true;
  }
  return false;
}

/** A body that opens with its first paragraph set as a heading that the next paragraph continues. */
function headingOpensBody(h: Block, next: Block | undefined): boolean {
  return (
    h.el.tagName === 'H2' &&
    !/sub|dek|deck|summary|standfirst|intro|teaser|excerpt|description|strap/i.test(
      h.el.getAttribute('class') ?? '',
    ) &&
    h.text.length >= 60 &&
    /[.!?…"'”’]$/.test(h.text) &&
    next !== undefined &&
    !next.heading &&
    next.text.length > 40
  );
}

/**
 * "T he president …" → "The president …": a drop cap set as its own element (the paragraph's first
 * child holds the one letter) and split from its word by the markup's spacing.
 */
function joinDropCap(text: string, el: Element): string {
  const m = /^(\p{Lu}) (\p{Ll}+)/u.exec(text);
  if (!m) return text;
  const first = el.firstElementChild;
  if (
    !first ||
    first.textContent?.trim() !== m[1] ||
    !(el.textContent ?? '').trimStart().startsWith(m[1] ?? '')
  )
    return text;
  return `${m[1]}${text.slice(2)}`;
}
