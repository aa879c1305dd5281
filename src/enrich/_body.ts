import { clean } from './_metadata.ts';

/** One block of text as a reader sees it (a paragraph, heading, list item or quote), in page order. */
export interface Block {
  /** The element the block belongs to (its nearest block-level ancestor). */
  el: Element;
  text: string;
  /** Characters of `text` inside links. */
  linked: number;
  /** A heading (h2–h6). */
  heading: boolean;
  /**
   * Document order of the innermost element around the block marked as never article text
   * (navigation, captions, share bars…), or -1. Whether that makes the block excluded depends on
   * the container chosen: a mark on the container or above it (a page-wide `paywall` or
   * `Page-ad-margins` wrapper) does not count.
   */
  excludedAt: number;
  /** Position of the block's element in document order (for "inside this container" by range). */
  order: number;
}

/** A dateline printed as its own line ("CNN —", "WASHINGTON —", "Washington/ New Delhi:"). */
export const DATELINE = /^[\p{Lu}][\p{L} .,()'/-]{0,50}\s*(?:[—–-]{1,2}|:)$/u;

/** A page's blocks, and each element's range in document order (an element holds the orders start…end). */
export interface Blocks {
  blocks: Block[];
  orderOf: Map<Element, number>;
  endOf: Map<Element, number>;
}

/** Elements whose whole subtree is never article text. */
const SKIP_TAGS = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'SVG',
  'svg',
  'IFRAME',
  'OBJECT',
  'EMBED',
  'CANVAS',
  'VIDEO',
  'AUDIO',
  'SELECT',
  'TEXTAREA',
  'BUTTON',
  'INPUT',
  'HEAD',
  'TITLE',
  'MATH',
]);

/** Elements whose text is not article text, but whose children are still walked (for scoring order). */
const EXCLUDED_TAGS = new Set(['NAV', 'ASIDE', 'FOOTER', 'FIGURE', 'FIGCAPTION', 'MENU', 'DIALOG']);

/** Elements that end one block of text and start another. */
const BLOCK_TAGS = new Set([
  'ADDRESS',
  'ARTICLE',
  'BLOCKQUOTE',
  'BODY',
  'CENTER',
  'DD',
  'DETAILS',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FIGURE',
  'FIGCAPTION',
  'FOOTER',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HGROUP',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TBODY',
  'TD',
  'TH',
  'THEAD',
  'TR',
  'UL',
  'ASIDE',
  'FORM',
]);

/**
 * Class or id words of regions that are not the article's text: captions and credits, bylines,
 * share and social bars, related links, newsletters and promos, ads, comments, breadcrumbs, tags,
 * page chrome. Matched as whole words of a class or id (`share-bar`, `related_links`, `adSlot`
 * does not match `ad`).
 */
const NOT_TEXT =
  /(?:^|[\s_-])(?:caption|captions|credit|credits|byline|bylines|author|authors|share|sharing|social|socials|related|recommended|recirc|newsletter|newsletters|promo|promos|advert|advertisement|ad|ads|adslot|sponsor|sponsored|breadcrumb|breadcrumbs|toolbar|tags|taglist|comment|comments|disqus|footer|sidebar|widget|widgets|signup|subscribe|subscription|paywall|cookie|cookies|consent|gdpr|modal|popup|overlay|outbrain|taboola|mostread|trending|popular|pagination|pager|nav|navbar|navigation|menu|masthead|topbar|timestamp|metadata|dateline-meta|article-meta|post-meta|entry-meta|visually-hidden|sr-only|screen-reader-text|author-bio|disclaimer|copyright|rating|ratings|wp-caption-text|inline-cta|callout|recommendations|further-reading|see-also|also-read|read-also|(?:photo|image|img|picture|gallery|slideshow|video|player|lightbox)[a-z]*|rollover(?:-[a-z]+)*-(?:block|card|box|content)|tooltip|hovercard|popover)(?:$|[\s_-])/i;

/** Class or id words of a region that may hold the article: a NOT_TEXT word beside one of them does not exclude it. */
const MAYBE_TEXT = /article|body|column|content|main|story|entry|post|text|shadow/i;

/** Class or id words of an article's text container; they outweigh NOT_TEXT words on the same element. */
const TEXT_CONTAINER =
  /article[-_]?body|articlebody|article[-_]?content|article[-_]?text|story[-_]?body|story[-_]?content|storytext|entry[-_]?content|post[-_]?content|post[-_]?body|body[-_]?text|body[-_]?copy|main[-_]?content|content[-_]?body|rich[-_]?text|text[-_]?body|news[-_]?body|article__body|article__content|paywall-article|td-post-content|field-body|field--name-body/i;

/** Elements inside a paragraph that are not its text (an image's caption or credit set inline). */
const INLINE_MEDIA = new Set(['IMG', 'PICTURE', 'SVG', 'svg', 'SOURCE', 'BR']);

function attrs(el: Element): string {
  return `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
}

/** Whether an element and its subtree are marked as not article text (by tag, role, hiding or class). */
function isExcluded(el: Element): boolean {
  if (EXCLUDED_TAGS.has(el.tagName)) return true;
  if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return true;
  const role = el.getAttribute('role');
  if (
    role &&
    /^(?:navigation|complementary|banner|contentinfo|dialog|alertdialog|menu|toolbar|search)$/.test(role)
  )
    return true;
  const style = el.getAttribute('style');
  if (style && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style)) return true;
  if (el.tagName === 'BODY' || el.tagName === 'MAIN' || el.tagName === 'ARTICLE') return false;
  const a = attrs(el).trim();
  if (!a) return false;
  if (!NOT_TEXT.test(a) || TEXT_CONTAINER.test(a)) return false;
  // "article-disclaimer", "post-tags": a class whose last word is a NOT_TEXT word names that thing,
  // whatever it qualifies; otherwise a text word beside it ("main-nav-content") keeps the element.
  return (
    !MAYBE_TEXT.test(a) || a.split(/\s+/).some((c) => NOT_TEXT.test(`-${c.split(/[-_]+/).at(-1) ?? ''}`))
  );
}

/**
 * Splits a document into blocks of text in one iterative walk (no recursion: a deep page cannot
 * overflow the stack; cost linear in the number of nodes). A block set as lines with two `<br>`
 * between them becomes one block per line group.
 */
export function blocksOf(document: Document): Blocks {
  // linkedom's `body` getter throws on a document without an <html> element (empty input).
  const root = document.documentElement ? (document.body ?? document.documentElement) : null;
  const blocks: Block[] = [];
  let order = 0;
  const orderOf = new Map<Element, number>();
  const endOf = new Map<Element, number>();
  if (!root) return { blocks, orderOf, endOf };
  // The block being filled: its element, text parts, linked characters, and state.
  let current: { el: Element; parts: string[]; linked: number; excludedAt: number } | null = null;
  const flush = () => {
    if (!current) return;
    const { el, excludedAt } = current;
    const raw = current.parts.join('');
    const groups = raw.includes(BREAK) ? raw.split(/\u2029\s*\u2029/) : [raw];
    for (const group of groups) {
      const text = clean(group.replaceAll(BREAK, ' '));
      if (!text) continue;
      blocks.push({
        el,
        text,
        linked: groups.length === 1 ? Math.min(current.linked, text.length) : 0,
        heading: /^H[1-6]$/.test(el.tagName),
        excludedAt,
        order: orderOf.get(el) ?? 0,
      });
    }
    current = null;
  };
  type Frame =
    | { kind: 'enter'; node: Node; excludedAt: number; inLink: boolean; blockEl: Element; blockOrder: number }
    | { kind: 'leave'; el: Element; isBlock: boolean };
  const stack: Frame[] = [
    { kind: 'enter', node: root, excludedAt: -1, inLink: false, blockEl: root, blockOrder: 0 },
  ];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    if (frame.kind === 'leave') {
      endOf.set(frame.el, order - 1);
      if (frame.isBlock) flush();
      continue;
    }
    const { node } = frame;
    if (node.nodeType === 3) {
      // Text inside an excluded inline element (a credit span in a paragraph) is not the block's.
      if (frame.excludedAt > frame.blockOrder) continue;
      const t = node.nodeValue ?? '';
      if (!current) current = { el: frame.blockEl, parts: [], linked: 0, excludedAt: frame.excludedAt };
      current.parts.push(t);
      if (frame.inLink) current.linked += t.trim().length;
      continue;
    }
    if (node.nodeType !== 1) continue;
    const el = node as Element;
    const tag = el.tagName;
    if (SKIP_TAGS.has(tag)) continue;
    if (INLINE_MEDIA.has(tag)) {
      if (tag === 'BR' && current) current.parts.push(BREAK);
      continue;
    }
    const own = order++;
    orderOf.set(el, own);
    const excludedAt = isExcluded(el) ? own : frame.excludedAt;
    const inLink = frame.inLink || tag === 'A';
    const isBlock = BLOCK_TAGS.has(tag);
    if (isBlock) flush();
    stack.push({ kind: 'leave', el, isBlock });
    const blockEl = isBlock ? el : frame.blockEl;
    const blockOrder = isBlock ? own : frame.blockOrder;
    const children = el.childNodes;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push({ kind: 'enter', node: child, excludedAt, inLink, blockEl, blockOrder });
    }
  }
  flush();
  return { blocks, orderOf, endOf };
}

const BREAK = '\u2029';
