import { parseHTML } from 'linkedom';
import { type BodyText, ledeOf } from './_bodyText.ts';
import { isBoilerplate } from './_boilerplate.ts';
import { clean } from './_metadata.ts';

/** The lede found, and Readability's excerpt when Readability was asked. */
export interface LedeResult {
  text: string | null;
  readabilityExcerpt: string | null;
}

/** Containers that hold an article body, most specific first. */
const BODY_SELECTORS = [
  '[itemprop="articleBody"]',
  '[property="articleBody"]',
  '[data-component="text-block"]',
  '[class*="article-body"], [class*="article__body"], [class*="articleBody"], [class*="article-content"], [class*="story-body"], [class*="storyBody"], [class*="story-content"], [class*="entry-content"], [class*="post-content"], [class*="body-content"], [class*="articlebody"], [class*="article_body"], [class*="content-body"], [class*="zn-body"], #article-body, #story-body, #storytext, #articleText, #contentMain',
  'article',
  'main',
  '[role="main"]',
  'body',
];

/** Ancestors whose text is never the lede (captions, credits, bylines, decks, widgets). */
const NOT_BODY =
  /(?:^|[\s_]|(?<!no)-)(?:caption|credit|byline|author|share|social|related|newsletter|promo|advert|ad|ads|sponsor|standfirst|lead|dek|(?<!with-)summary|subtitle|subhead|sub-headline|bajada|chapo|chapeau|kicker|teaser|breadcrumb|toolbar|tags|timestamp|dateline-?meta|meta|footer|header|nav|sidebar|comment|disclaimer|correction|editor-?note|update|signup|subscribe|inline-?cta|most-?read|trending|lede-?art|media|photo|image|video|gallery|rail|overlay|modal|cookie|paywall|perex|intro-?text|abstract|highlights|story-highlights|el__storyhighlights)(?:$|[\s_-])/i;
const NOT_BODY_TAGS = new Set([
  'FIGURE',
  'FIGCAPTION',
  'ASIDE',
  'NAV',
  'HEADER',
  'FOOTER',
  'BLOCKQUOTE',
  'FORM',
  'BUTTON',
  'LI',
  'TABLE',
  'NOSCRIPT',
  'SCRIPT',
  'STYLE',
]);
const BOILERPLATE =
  /^(?:advertisement|advertising|story continues below|continue reading|read more|related|updated|posted|published|by [\p{Lu}][^.]{0,60}$|photo|image|©|copyright|share|follow us|sign up|subscribe|click here|this article|loading|please enable javascript)/iu;

/**
 * The article's first paragraph as published: the first substantial paragraph of the page's own
 * article body (Readability drops opening paragraphs or starts at a caption on some sites), with a
 * dateline printed as its own element ("CNN —") joined to it. Readability's first paragraph is
 * the fallback when no body paragraph is recognised.
 */
export function findLede(
  document: Document,
  body: BodyText,
  readability: () => { content: string; excerpt: string | null } | null,
): LedeResult {
  const own = chooseLede(firstBodyParagraph(document), ledeOf(body), body);
  // The page's own body wins; Readability (a second parse and ~60 % of the time) is only asked
  // when the page has no paragraph we recognise.
  if (own) return { text: withoutEntityDebris(own.text), readabilityExcerpt: null };
  const read = readability();
  let fromReadability: string | null = null;
  if (read) {
    const { document: doc } = parseHTML(`<!doctype html><html><body>${read.content}</body></html>`);
    for (const p of doc.querySelectorAll('p')) {
      const t = paragraphText(p as unknown as Element);
      if (t && isSubstantial(t) && !insideExcluded(p as unknown as Element)) {
        fromReadability = t;
        break;
      }
    }
  }
  return { text: fromReadability, readabilityExcerpt: clean(read?.excerpt) };
}

/**
 * A paragraph opening with double-escaped entity text and a dash ("&#151; -- Hillary Clinton …",
 * ABC News: the HTML says `&amp;#151; -- `, an empty dateline) loses that debris; it names no place.
 */
function withoutEntityDebris(text: string): string {
  const rest = text.replace(/^(?:&(?:#\d{1,6}|#x[\da-f]{1,6}|[a-z]{2,8});\s*)+(?:-{1,2}|[—–])?\s+/i, '');
  return rest !== text && isSubstantial(rest) ? rest : text;
}

/**
 * Of two readings of the first paragraph — the first paragraph of a named body container and the
 * first paragraph of the scored body — the one printed first, unless it is boilerplate or, for the
 * scored body's, inside a region named as a caption, summary or widget (which the named-container
 * reading skips by name). Each reading misses what the other finds: a named container may start
 * after the first paragraph, the scored body may leave out a first paragraph set apart.
 */
function chooseLede(
  named: { text: string; el: Element } | null,
  scored: { text: string; el: Element; usual: boolean; skipped: ReadonlySet<Element> } | null,
  body: BodyText,
): { text: string; el: Element } | null {
  const scoredRoot = body.container ?? undefined;
  // A paragraph the scored reading skipped on purpose (a deck, a pull quote) is not the lede either.
  const a = named && !isBoilerplate(named.text) && !scored?.skipped.has(named.el) ? named : null;
  // A paragraph styled like the rest of the body is body text whatever its id says ("speakable-summary").
  const b = scored && (scored.usual || !insideExcluded(scored.el, scoredRoot)) ? scored : null;
  if (!a || !b) return a ?? b;
  // The same paragraph: the scored reading, which leaves out inline widgets (hover cards, credits).
  if (a.el === b.el) return b;
  const order = (el: Element) => body.orderOf.get(el) ?? Number.POSITIVE_INFINITY;
  return order(a.el) <= order(b.el) ? a : b;
}

/** Selectors up to here name an article body outright; the rest are generic page regions. */
const STRONG_SELECTORS = 4;

/** The first paragraph of the first named article-body container (itemprop, class names, article, main). */
export function firstBodyParagraph(
  document: Document,
): { text: string; el: Element; strong: boolean } | null {
  for (let i = 0; i < BODY_SELECTORS.length; i++) {
    for (const container of document.querySelectorAll(BODY_SELECTORS[i] as string)) {
      if (container.closest('aside, nav, footer, header, figure')) continue;
      const found = firstParagraphIn(container);
      if (found) return { ...found, strong: i < STRONG_SELECTORS };
    }
  }
  return null;
}

function firstParagraphIn(container: Element): { text: string; el: Element } | null {
  let checked = 0;
  for (const p of container.querySelectorAll('p, h2')) {
    if (++checked > 80) return null;
    if (insideExcluded(p, container)) continue;
    const text = paragraphText(p);
    if (!text) continue;
    if (p.tagName === 'H2') {
      // A body that opens with its first paragraph set as a heading (the next paragraph continues it).
      if (text.length >= 60 && /[.!?…"'”’]$/.test(text) && nextParagraphContinues(p)) return { text, el: p };
      continue;
    }
    if (!isSubstantial(text)) continue;
    const dateline = datelineBefore(p);
    return { text: dateline ? `${dateline} ${text}` : text, el: p };
  }
  return null;
}

function nextParagraphContinues(h: Element): boolean {
  let next = h.nextElementSibling;
  for (let i = 0; i < 3 && next && next.tagName !== 'P'; i++) next = next.nextElementSibling;
  return next?.tagName === 'P' && (clean(next.textContent)?.length ?? 0) > 40;
}

const EMBEDDED =
  'figure, figcaption, img, picture, [class*="caption"], [class*="credit"], [class*="image"], [class*="photo"], [class*="media"]';

/** A paragraph's text without the images, captions and credits some sites put inside it. */
function paragraphText(p: Element): string | null {
  const media = p.querySelector(EMBEDDED);
  const breaks = p.querySelector('br');
  if (!media && !breaks) return clean(p.textContent);
  const copy = p.cloneNode(true) as Element;
  for (const el of copy.querySelectorAll(EMBEDDED)) el.remove();
  if (!breaks) return clean(copy.textContent);
  // Some sites set the whole body in one element with <br> between paragraphs: keep the first
  // substantial one, with a dateline line before it ("WASHINGTON —") joined to it.
  for (const br of copy.querySelectorAll('br')) br.replaceWith('\u2029');
  const chunks = (copy.textContent ?? '').split('\u2029').map((c) => clean(c) ?? '');
  let prefix = '';
  for (const chunk of chunks) {
    if (DATELINE.test(chunk)) prefix = `${chunk} `;
    else if (isSubstantial(chunk)) return prefix + chunk;
  }
  return clean(copy.textContent);
}

const DATELINE = /^[\p{Lu}][\p{Lu}\p{L} .,()'-]*\s*[—–-]{1,2}$/u;

const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;
/** A photo caption or credit: ends with a credit in parentheses, or "hide caption". */
const CAPTION =
  /^\([^()]*\)$|(?:\((?:[^()]*\/)?(?:AP|AFP|Reuters|Getty(?: Images)?|EPA|File|Photo|Bloomberg|PA|Xinhua|AAP)(?:\/[^()]*)?\)|hide caption|\bPhoto(?:graph)?: [^.]*|Image copyright.*)$/i;

function isSubstantial(t: string): boolean {
  if (BOILERPLATE.test(t) || CAPTION.test(t)) return false;
  if (t.length >= 120) return true;
  if (CJK.test(t)) return t.length >= 20;
  return t.length >= 25 && /[.!?…"'”’)。！？]$/.test(t) && /\S+\s\S+\s\S+/.test(t);
}

function insideExcluded(el: Element, stop?: Element): boolean {
  for (let e: Element | null = el; e && e !== stop; e = e.parentElement) {
    if (NOT_BODY_TAGS.has(e.tagName)) return true;
    const cls = `${e.getAttribute('class') ?? ''} ${e.getAttribute('id') ?? ''}`;
    if (e !== el || cls.trim()) {
      if (NOT_BODY.test(cls) && !/article-?body|story-?body|entry-content|post-content|body-?text/i.test(cls))
        return true;
    }
  }
  return false;
}

/** A dateline printed as its own element just before the paragraph ("CNN —", "WASHINGTON —"). */
function datelineBefore(p: Element): string | null {
  const prev = p.previousElementSibling;
  const first = p.firstElementChild;
  for (const el of [prev, first]) {
    const t = clean(el?.textContent);
    if (t && t.length <= 40 && DATELINE.test(t)) {
      return el === first ? null : t;
    }
  }
  return null;
}
