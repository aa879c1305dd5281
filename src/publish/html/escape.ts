/**
 * HTML escaping for the site. Every text and attribute from the archive goes through `text` or
 * `attr`; every link to the outside through `safeHref`, which keeps only http(s) URLs.
 */

const TEXT: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text content: `&<>"'` escaped (quotes too, so the same function is safe inside attributes). */
export function text(s: string): string {
  return s.replace(/[&<>"']/g, (c) => TEXT[c] ?? c);
}

/** An attribute value (always written in double quotes). */
export function attr(s: string): string {
  return text(s);
}

/**
 * An outside link target, or null when it is not a plain http(s) URL (javascript:, data:,
 * vbscript:, relative or malformed URLs are dropped). The URL is re-serialised by the WHATWG
 * parser, so control characters and spaces cannot smuggle a scheme.
 */
export function safeHref(url: string): string | null {
  if (url.length > 4096) return null;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (parsed.username || parsed.password) return null;
  return parsed.href;
}

/** An `<a>` to the outside, or the label alone when the URL is not safe. */
export function outLink(label: string, url: string, rel = 'nofollow noopener noreferrer'): string {
  const href = safeHref(url);
  return href ? `<a href="${attr(href)}" rel="${rel}">${text(label)}</a>` : text(label);
}
