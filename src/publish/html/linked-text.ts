import { attr, text } from './escape.ts';

/** A wiki link inside an event's plain text: UTF-16 offsets `[start, end)` and the linked title. */
export interface TextSpan {
  start: number;
  end: number;
  title: string;
}

/**
 * An event's text (or the part `[from, to)` of it) as escaped HTML with its wiki links inline.
 * `hrefOf` gives the href of a title's page, or null when the title has none (the words stay plain).
 * Spans that overlap an earlier one, fall outside the range or outside the text are ignored, so
 * a bad span can drop a link but never garble or duplicate the text.
 * @example linkedText('Talks in Syria.', [{ start: 9, end: 14, title: 'Syria' }], () => 'syria.html')
 * // 'Talks in <a href="syria.html">Syria</a>.'
 */
export function linkedText(
  s: string,
  spans: readonly TextSpan[],
  options: { hrefOf: (title: string) => string | null; from?: number; to?: number },
): string {
  const from = Math.max(0, options.from ?? 0);
  const to = Math.min(s.length, options.to ?? s.length);
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  let at = from;
  let out = '';
  for (const span of sorted) {
    if (span.start < at || span.end > to || span.end <= span.start) continue;
    const href = options.hrefOf(span.title);
    if (href === null) continue;
    out += text(s.slice(at, span.start));
    out += `<a href="${attr(href)}">${text(s.slice(span.start, span.end))}</a>`;
    at = span.end;
  }
  return out + text(s.slice(at, to));
}
