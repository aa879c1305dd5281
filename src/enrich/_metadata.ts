/** Page metadata read from `<meta>`, JSON-LD, `<link rel=canonical>`, `<html lang>` and the headline. */
export interface PageMetadata {
  title: string | null;
  siteName: string | null;
  publishedTime: string | null;
  canonicalUrl: string | null;
  lang: string | null;
  byline: string | null;
  description: string | null;
}

type Json = Record<string, unknown>;
const ARTICLE_TYPES =
  /(?:^|\b)(?:NewsArticle|Article|BlogPosting|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|LiveBlogPosting|Report|ScholarlyArticle|TechArticle)$/;

/** Collapses whitespace (NBSP, ideographic space included) and removes soft hyphens and zero-width characters. */
export function clean(text: string | null | undefined): string | null {
  if (text == null) return null;
  const t = text
    .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/[\s\u00a0\u3000]+/g, ' ')
    .trim();
  return t.length > 0 ? t : null;
}

/** Reads the metadata of an article page; `url` resolves relative canonical links. */
export function readMetadata(document: Document, url: string): PageMetadata {
  const meta = (...keys: string[]): string | null => {
    for (const key of keys) {
      const el = document.querySelector(
        `meta[property="${key}"], meta[name="${key}"], meta[itemprop="${key}"]`,
      );
      // Some pages (and saved copies) carry the value in `value=` instead of `content=`.
      const v = clean(el?.getAttribute('content') ?? el?.getAttribute('value'));
      if (v) return v;
    }
    return null;
  };
  const ld = jsonLdArticle(document);
  const ldString = (v: unknown): string | null => (typeof v === 'string' ? clean(v) : null);
  const nameOf = (v: unknown): string | null => {
    const first = Array.isArray(v) ? v[0] : v;
    if (typeof first === 'string') return clean(first);
    if (first && typeof first === 'object') return ldString((first as Json)['name']);
    return null;
  };
  const siteName =
    meta('og:site_name') ?? nameOf(ld?.['publisher']) ?? notHandle(meta('application-name', 'twitter:site'));
  const metaTitle = ldString(ld?.['headline']) ?? meta('og:title', 'twitter:title');
  const docTitle = clean(document.querySelector('title')?.textContent);
  const title = chooseTitle(
    document,
    [metaTitle, docTitle].filter((x): x is string => x !== null),
    siteName,
  );
  const time =
    ldString(ld?.['datePublished']) ??
    meta(
      'article:published_time',
      'og:article:published_time',
      'article:published',
      'datePublished',
      'article.published',
      'publishdate',
      'pubdate',
      'date',
      'DC.date.issued',
      'dcterms.created',
      'sailthru.date',
      'parsely-pub-date',
    ) ??
    clean(document.querySelector('time[datetime]')?.getAttribute('datetime'));
  const canonicalRaw =
    document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? meta('og:url') ?? null;
  let canonicalUrl: string | null = null;
  if (canonicalRaw) {
    const u = URL.parse(canonicalRaw.trim(), url);
    if (u && (u.protocol === 'http:' || u.protocol === 'https:')) canonicalUrl = u.href;
  }
  const lang =
    clean(document.documentElement?.getAttribute('lang')) ??
    meta('og:locale', 'language', 'content-language', 'dc.language')?.replace('_', '-') ??
    clean(document.querySelector('meta[http-equiv="content-language" i]')?.getAttribute('content'));
  const byline =
    nameOf(ld?.['author']) ?? meta('author', 'article:author', 'byl', 'sailthru.author', 'parsely-author');
  const description =
    meta('og:description', 'description', 'twitter:description') ?? ldString(ld?.['description']);
  return {
    title,
    siteName: publisher(siteName, docTitle, title),
    publishedTime: isoTime(time),
    canonicalUrl,
    lang,
    byline: byline && !/^https?:/.test(byline) ? byline : null,
    description,
  };
}

/**
 * The publisher named after the headline in `<title>` ("Headline - The New York Times"), when the
 * page names it nowhere else: the last short part after a separator, the rest being the headline.
 */
function siteFromTitle(docTitle: string | null, headline: string | null): string | null {
  if (!docTitle || !headline) return null;
  const m = /^(.*\S)\s+[-|–—:]{1,2}\s+([^-|–—:]{2,40})$/.exec(docTitle);
  if (!m?.[1] || !m[2]) return null;
  const head = m[1].toLowerCase();
  const h = headline.toLowerCase();
  // A date signs some titles ("… - Feb. 1, 2016"): not a publisher.
  if (/\d{4}/.test(m[2]) || Number.isFinite(Date.parse(m[2]))) return null;
  return head === h || head.startsWith(h) || h.startsWith(head) ? clean(m[2]) : null;
}

/**
 * The publisher's name: the one the page's `<title>` signs with ("… | Reuters") when the metadata
 * name is missing or not in the title (Reuters' og:site_name is "U.S.", NPR's "NPR.org" under a
 * title signed "NPR"); else the metadata name.
 */
function publisher(siteName: string | null, docTitle: string | null, headline: string | null): string | null {
  const signed = siteFromTitle(docTitle, headline);
  if (!signed) return siteName;
  if (!siteName || !docTitle?.toLowerCase().includes(siteName.toLowerCase())) return signed;
  return siteName;
}

/** A Twitter handle ("@nytimes") is not a publisher name. */
function notHandle(name: string | null): string | null {
  return name && !name.startsWith('@') ? name : null;
}

/**
 * A published time as ISO 8601: ISO values are kept as given (their zone too), `YYYYMMDD` becomes
 * a date, other forms JavaScript reads ("Tue Dec 13 2016 18:06:00 GMT+0000", "Mon Aug 03 12:45:00
 * EDT 2015") become UTC; anything else is null, never a guess.
 */
function isoTime(raw: string | null): string | null {
  if (!raw) return null;
  if (/^\d{4}-\d{2}-\d{2}(?:$|[T ])/.test(raw)) return raw;
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
  if (compact) return `${compact[1]}-${compact[2]}-${compact[3]}`;
  const t = Date.parse(raw);
  if (!Number.isFinite(t)) return null;
  const year = new Date(t).getUTCFullYear();
  return year >= 1990 && year <= 2100 ? new Date(t).toISOString() : null;
}

/** The first JSON-LD object on the page that is an article. */
function jsonLdArticle(document: Document): Json | null {
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue;
    }
    const queue: unknown[] = [data];
    while (queue.length > 0) {
      const item = queue.shift();
      if (Array.isArray(item)) queue.push(...item);
      else if (item && typeof item === 'object') {
        const obj = item as Json;
        const type = obj['@type'];
        const types = Array.isArray(type) ? type : [type];
        if (types.some((t) => typeof t === 'string' && ARTICLE_TYPES.test(t))) return obj;
        if (obj['@graph']) queue.push(obj['@graph']);
      }
    }
  }
  return null;
}

function words(s: string): Set<string> {
  return new Set(
    s
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 1),
  );
}

function overlap(a: string, b: string): number {
  const x = words(a);
  const y = words(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  return shared / Math.min(x.size, y.size);
}

/**
 * The displayed headline: the page heading that agrees best with the metadata titles; else the
 * heading of the article itself; else the metadata title without its site suffix.
 */
function chooseTitle(document: Document, metaTitles: string[], site: string | null): string | null {
  const all = [...document.querySelectorAll('h1, [itemprop="headline"]')]
    .map((el) => ({ el, text: clean(el.textContent) }))
    .filter(
      (h): h is { el: Element; text: string } =>
        h.text !== null && h.text.length >= 4 && h.text.length <= 300,
    );
  // A heading printed twice is a sticky banner's copy of the headline, not the article's own.
  const count = new Map<string, number>();
  for (const h of all) count.set(h.text, (count.get(h.text) ?? 0) + 1);
  const unique = all.filter((h) => count.get(h.text) === 1);
  const headings = unique.length > 0 ? unique : all;
  const notSite = (t: string) => !site || t.toLowerCase() !== site.toLowerCase();
  const best = bestMatch(
    headings.filter((h) => notSite(h.text)),
    metaTitles,
    0.6,
  );
  if (best) return best;
  // Metadata titles are often social/SEO variants: the article's own h1 is what readers see.
  const inArticle = headings.find((h) => h.el.tagName === 'H1' && h.el.closest('article') && notSite(h.text));
  if (inArticle) return inArticle.text;
  const repeated = bestMatch(all, metaTitles, 0.6);
  if (repeated) return repeated;
  // Some pages set the headline in an h2 under a logo h1.
  const h2 = bestMatch(
    [...document.querySelectorAll('h2')].map((el) => ({ el, text: clean(el.textContent) ?? '' })),
    metaTitles,
    0.8,
  );
  if (h2) return h2;
  const inMain = headings.find(
    (h) => h.el.closest('[itemprop="articleBody"], main, [role="main"]') && notSite(h.text),
  );
  if (inMain) return inMain.text;
  const base = metaTitles[0];
  return base ? stripSiteSuffix(base, site) : (headings[0]?.text ?? null);
}

function bestMatch(headings: { text: string }[], metaTitles: string[], threshold: number): string | null {
  let best: { text: string; score: number } | null = null;
  for (const h of headings) {
    if (h.text.length < 4) continue;
    const score = Math.max(0, ...metaTitles.map((m) => overlap(h.text, m)));
    if (
      score >= threshold &&
      (!best || score > best.score || (score === best.score && h.text.length > best.text.length))
    ) {
      best = { text: h.text, score };
    }
  }
  return best?.text ?? null;
}

function stripSiteSuffix(title: string, site: string | null): string {
  const parts = title.split(/\s+(?:\||–|—|-|::|·|»)\s+/);
  if (parts.length === 1) return title;
  const siteNorm = site?.toLowerCase();
  const kept = parts.filter((p) => p.toLowerCase() !== siteNorm);
  const longest = kept.reduce((a, b) => (b.length > a.length ? b : a), '');
  return longest || title;
}
