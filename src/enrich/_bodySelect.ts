import { type Block, blocksOf, DATELINE } from './_body.ts';

/** Class or id words that say "the article's text is here" (Readability's positive words). */
const POSITIVE =
  /article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story|prose|rich-?text/i;
/** Class or id words that say "not the article" (Readability's negative words and a few more). */
const NEGATIVE =
  /-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|newsletter|subscribe|recommend|trending|popular|teaser|card|byline|author|caption/i;
const ARTICLE_BODY =
  /article[-_]?body|articlebody|story[-_]?body|entry-content|post-content|article__body|body-text/i;

function weightOf(el: Element): number {
  let w = 0;
  const a = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
  if (POSITIVE.test(a)) w += 25;
  if (NEGATIVE.test(a)) w -= 25;
  if (el.getAttribute('itemprop') === 'articleBody' || ARTICLE_BODY.test(a)) w += 25;
  switch (el.tagName) {
    case 'ARTICLE':
      w += 10;
      break;
    case 'DIV':
    case 'SECTION':
    case 'MAIN':
      w += 5;
      break;
    case 'PRE':
    case 'TD':
    case 'BLOCKQUOTE':
      w += 3;
      break;
    case 'UL':
    case 'OL':
    case 'LI':
    case 'FORM':
    case 'DL':
    case 'DD':
    case 'DT':
      w -= 3;
      break;
    case 'H1':
    case 'H2':
    case 'H3':
    case 'H4':
    case 'H5':
    case 'H6':
    case 'TH':
      w -= 5;
      break;
  }
  return w;
}

/** A class word that names the article's text container. */
const BODY_WORD = /article|body|story|content|text|post|entry|paragraph/i;

/** Sums of text and linked characters over blocks in document order, to total any element's range. */
interface Totals {
  orders: number[];
  text: number[];
  linked: number[];
}

function totalsOf(blocks: readonly Block[]): Totals {
  const sorted = blocks.filter((b) => b.excludedAt < 0).sort((a, b) => a.order - b.order);
  const orders: number[] = [];
  const text = [0];
  const linked = [0];
  for (const b of sorted) {
    orders.push(b.order);
    text.push((text.at(-1) ?? 0) + b.text.length);
    linked.push((linked.at(-1) ?? 0) + b.linked);
  }
  return { orders, text, linked };
}

/** Index of the first order ≥ x. */
function lowerBound(orders: readonly number[], x: number): number {
  let lo = 0;
  let hi = orders.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((orders[mid] ?? 0) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function rangeTotals(t: Totals, start: number, end: number): { text: number; linked: number } {
  const i = lowerBound(t.orders, start);
  const j = lowerBound(t.orders, end + 1);
  return { text: (t.text[j] ?? 0) - (t.text[i] ?? 0), linked: (t.linked[j] ?? 0) - (t.linked[i] ?? 0) };
}

/** What was chosen as the article body: its blocks, in page order. */
export interface BodySelection {
  blocks: Block[];
  /** The container scored best (null when the page has no scorable text). */
  container: Element | null;
  /** Every element's position in document order (linkedom's compareDocumentPosition is unreliable). */
  orderOf: Map<Element, number>;
}

/**
 * The article's body: Readability's idea (paragraphs vote for their parent and grandparent by
 * length and commas; link-heavy and boilerplate-named containers lose), computed in one pass over
 * the blocks, then the best container and those of its siblings that score close to it or hold
 * plain prose. Cost O(n log n) in the number of elements.
 */
export function selectBody(document: Document): BodySelection {
  const all = blocksOf(document);
  const { blocks, orderOf, endOf } = all;
  const scores = new Map<Element, number>();
  for (const b of blocks) {
    if (b.text.length < 25) continue;
    const commas = (b.text.match(/[,，、]/g) ?? []).length;
    const score = 1 + commas + Math.min(3, Math.floor(b.text.length / 100));
    let el = b.el.parentElement;
    for (let level = 0; el && level < 3; level++, el = el.parentElement) {
      // A block excluded below this ancestor does not vote for it.
      if (b.excludedAt > (orderOf.get(el) ?? 0)) break;
      if (!scores.has(el)) scores.set(el, weightOf(el));
      scores.set(el, (scores.get(el) ?? 0) + score / (level === 0 ? 1 : level * 2));
    }
  }
  const totals = totalsOf(blocks);
  const range = (el: Element) => rangeTotals(totals, orderOf.get(el) ?? 0, endOf.get(el) ?? -1);
  const finalScore = (el: Element) => {
    const r = range(el);
    const density = r.text > 0 ? r.linked / r.text : 0;
    return (scores.get(el) ?? 0) * (1 - density);
  };
  let top: Element | null = null;
  let best = -Infinity;
  for (const el of scores.keys()) {
    const s = finalScore(el);
    if (s > best) {
      best = s;
      top = el;
    }
  }
  if (!top) return { blocks: [], container: null, orderOf };
  const ranges: [number, number][] = [[orderOf.get(top) ?? 0, endOf.get(top) ?? -1]];
  const threshold = Math.max(10, best * 0.2);
  const blockAt = new Map(blocks.map((b) => [b.order, b]));
  for (const sib of top.parentElement?.children ?? []) {
    if (sib === top) continue;
    const r = range(sib);
    const s = scores.has(sib) ? finalScore(sib) : 0;
    const dateline =
      r.text <= 50 && r.linked === 0 && DATELINE.test(blockAt.get(orderOf.get(sib) ?? -1)?.text ?? '');
    if (s >= threshold || (r.text >= 80 && r.linked / r.text < 0.25) || dateline) {
      ranges.push([orderOf.get(sib) ?? 0, endOf.get(sib) ?? -1]);
    }
  }
  // A body split into several containers of the same kind (chunks between ads, components): every
  // other element with the container's own tag and class that holds text is body too.
  const cls = top.getAttribute('class')?.trim() ?? '';
  const first = cls.split(/\s+/)[0] ?? '';
  // Same kind: the same class, or the same first class word when that word names article text
  // ("article-body-text component" beside "article-body-text component version-2").
  const sameKind = (el: Element) => {
    const c = el.getAttribute('class')?.trim() ?? '';
    return c === cls || (BODY_WORD.test(first) && c.split(/\s+/)[0] === first);
  };
  if (cls) {
    for (const el of orderOf.keys()) {
      if (el === top || el.tagName !== top.tagName || !sameKind(el)) continue;
      const r = range(el);
      if (r.text >= 25 && r.linked / r.text < 0.5) ranges.push([orderOf.get(el) ?? 0, endOf.get(el) ?? -1]);
    }
  }
  // Ranges sorted and merged, so each block is placed by binary search (linear-logarithmic even
  // on a page of many thousand sibling containers).
  ranges.sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  const starts = merged.map((r) => r[0]);
  const kept = blocks.filter((b) => {
    const i = lowerBound(starts, b.order + 1) - 1;
    const r = merged[i];
    return r !== undefined && b.order <= r[1] && b.excludedAt <= r[0];
  });
  return { blocks: kept, container: top, orderOf };
}
