import { decodeHTML } from 'entities';
import type { LinkSpan, Source } from '../model/event.ts';
import type { EntityTitle } from '../model/ids.ts';
import type { WarningKind } from '../model/warning.ts';
import { sourceFrom, sourceFromCitation } from './sources.ts';
import { type TemplateCall, templateAction } from './templates.ts';
import { classifyTarget } from './titles.ts';

/** A problem found in one piece of inline wikitext, at an offset into it. */
export interface InlineProblem {
  kind: WarningKind;
  message: string;
  offset: number;
}

/** Inline wikitext read as a reader of the rendered page sees it. */
export interface Inline {
  /** Plain text: links by their labels, sources and markup removed, entities decoded, whitespace collapsed, trimmed. */
  text: string;
  /** Article links in order of appearance (repeats kept; callers dedupe). */
  links: EntityTitle[];
  /** Where each article link's shown label sits in `text` (UTF-16 offsets), in text order. */
  spans: LinkSpan[];
  sources: Source[];
  problems: InlineProblem[];
}

/** State shared by all bullets of one page: named `<ref>`s can be reused further down. */
export interface PageState {
  namedRefs: Map<string, Source[]>;
}

const MAX_DEPTH = 12;
/** Problems one bullet may report before the rest of it is read as plain text. */
const MAX_PROBLEMS = 200;
/**
 * Index of the next markup token at or after `from`, or -1: `[[`, `]]`, `{{`, `}}`, `[http…`/`[//…`,
 * `<`, `''`, or a bare `http(s)://` not glued to a word. A hand-written loop: a regex with these
 * alternatives and lookarounds was the scanner's largest cost.
 */
function nextToken(s: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5b /* [ */) {
      const d = s.charCodeAt(i + 1);
      if (d === 0x5b || (d === 0x2f && s.charCodeAt(i + 2) === 0x2f) || isHttp(s, i + 1)) return i;
    } else if (c === 0x5d /* ] */ || c === 0x7b /* { */ || c === 0x7d /* } */ || c === 0x27 /* ' */) {
      if (s.charCodeAt(i + 1) === c) return i;
    } else if (c === 0x3c /* < */) return i;
    else if (
      (c === 0x68 || c === 0x48) /* h H */ &&
      isHttp(s, i) &&
      s.startsWith('//', i + (s.charCodeAt(i + 4) === 0x3a ? 5 : 6))
    ) {
      if (i === 0 || !/[\w/.:]/.test(s[i - 1] as string)) return i;
    }
  }
  return -1;
}

/** True when `s` has `http:` or `https:` (any case) at `at`. */
function isHttp(s: string, at: number): boolean {
  const head = s.slice(at, at + 6).toLowerCase();
  return head.startsWith('http:') || head === 'https:';
}

/** The token starting at `at` (found by `nextToken`). */
function tokenAt(s: string, at: number): string {
  const c = s[at] as string;
  if (c === '<') return '<';
  if (c === 'h' || c === 'H') return 'http';
  const two = s.slice(at, at + 2);
  return c === '[' && two !== '[[' ? '[' : two;
}
const LINK_TRAIL = /^[a-z]+/;
const FORMAT_TAGS =
  /^(?:b|i|u|s|del|ins|em|strong|small|big|sup|sub|span|font|abbr|cite|q|code|kbd|tt|var|samp|mark|center|div|p|bdi|bdo|dfn|time|data|wbr|strike|poem|blockquote|li|ul|ol|dl|dd|dt|section|syntaxhighlight|source|pre|math|chem|ce|score|templatestyles|onlyinclude|includeonly|noinclude|indicator|mapframe|maplink|timeline|hiero|inputbox|categorytree|charinsert|section)$/;
const DROP_CONTENT_TAGS = /^(?:gallery|references|graph|imagemap|templatedata|noinclude)$/;

/**
 * Reads one piece of inline wikitext (a bullet's text after its stars).
 * @example renderInline("[[Syria]]n forces [http://x.com/a (AP)]", state).text // 'Syrian forces'
 */
export function renderInline(wikitext: string, state: PageState): Inline {
  const parts: string[] = [];
  // Link labels are bracketed by two private-use marks while the text is built, so their offsets
  // survive source cutting, entity decoding and whitespace collapse. Text that carries the marks
  // itself gets no spans (its text is never altered by them).
  const titles: EntityTitle[] = [];
  const marked = !wikitext.includes(START) && !wikitext.includes(END);
  const out: Scanned = { text: '', links: [], spans: [], sources: [], problems: [] };
  if (marked) out.marks = { open: false, titles };
  scan(wikitext, 0, state, out, parts, 0);
  const firstSource = sourceMarks.get(parts);
  if (firstSource !== undefined) dropSourceTail(parts, firstSource, out.sources);
  let text = finishText(parts.join(''), marked && titles.length > 0);
  if (LEFTOVER.test(text)) {
    // Broken markup can survive as text: a link target that is no title ("[[F{{oo|bar]]") is shown
    // as written, and a stray "[" next to a stray "[[" joins into one. Event text never carries markup.
    text = collapseSpaces(text.replace(LEFTOVER_ALL, ' ')).trim();
    out.problems.push({
      kind: 'unclosed-link',
      message: 'broken link or template markup removed from the text',
      offset: 0,
    });
  }
  if (marked && titles.length > 0) {
    const taken = takeSpans(text, titles);
    out.text = taken.text;
    out.spans = taken.spans;
  } else out.text = text;
  return out;
}

/** Opens a link label in the text being built. */
const START = '\uE000';
/** Closes a link label. */
const END = '\uE001';
const SPACED_MARKS = / [\uE000\uE001]+ /;
/** A whitespace run, marks inside it included: collapsed to one space followed by its marks. */
const SPACE_RUN =
  /[\s\u00a0\u2009\u200b\uE000\uE001]*[\s\u00a0\u2009\u200b][\s\u00a0\u2009\u200b\uE000\uE001]*/g;

/** Inline being built, with its link marks: whether a label is open (nested links get no span) and the span titles. */
type Scanned = Inline & { marks?: { open: boolean; titles: EntityTitle[] } };

/** True for the characters `trim` removes (what `\s` matches). */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function collapseSpaces(t: string): string {
  return t.replace(SPACE_RUN, (run) => ` ${run.replace(/[^\uE000\uE001]/g, '')}`);
}

/**
 * Removes the marks from `marked` (finished text), turning each START…END pair into a span over
 * the label as shown, without its edge spaces. A START without its END (cut with the sources) is no span.
 */
function takeSpans(marked: string, titles: EntityTitle[]): { text: string; spans: LinkSpan[] } {
  const spans: LinkSpan[] = [];
  let k = 0;
  let open = -1;
  let removed = 0;
  let nextStart = marked.indexOf(START);
  let nextEnd = marked.indexOf(END);
  while (nextStart >= 0 || nextEnd >= 0) {
    const isStart = nextEnd < 0 || (nextStart >= 0 && nextStart < nextEnd);
    const at = isStart ? nextStart : nextEnd;
    const offset = at - removed++;
    if (isStart) {
      open = offset;
      k++;
      nextStart = marked.indexOf(START, at + 1);
    } else {
      const title = titles[k - 1];
      if (open >= 0 && title !== undefined) spans.push({ start: open, end: offset, title });
      open = -1;
      nextEnd = marked.indexOf(END, at + 1);
    }
  }
  const joined = marked.replaceAll(START, '').replaceAll(END, '');
  const text = joined.trim();
  const lead = text.length === joined.length ? 0 : joined.length - joined.trimStart().length;
  const kept: LinkSpan[] = [];
  for (const span of spans) {
    let start = Math.max(0, span.start - lead);
    let end = Math.min(text.length, span.end - lead);
    while (start < end && isSpace(text.charCodeAt(start))) start++;
    while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
    if (start < end) kept.push({ start, end, title: span.title });
  }
  return { text, spans: kept };
}

const LEFTOVER = /\[\[|\]\]|\{\{|\}\}|<ref/i;
const LEFTOVER_ALL = /\[\[|\]\]|\{\{|\}\}|<ref/gi;

/** Where in `parts` the first source link was met, per scan (the text after it may only separate sources). */
const sourceMarks = new WeakMap<string[], number>();

function markSource(parts: string[]): void {
  if (!sourceMarks.has(parts)) sourceMarks.set(parts, parts.length);
}

/** Text after the first source that only separates sources (", ") or remarks on them ("(in Russian)") is no event text. */
function dropSourceTail(parts: string[], from: number, sources: Source[]): void {
  const tail = parts.slice(from).join('');
  if (!/^[\s,;.·•|/–—-]*(?:\([^()]*\)[\s,;.·•|/–—-]*)*$/.test(tail)) return;
  const remarks = tail.match(/\([^()]*\)/g);
  const last = sources.at(-1);
  if (remarks && last) last.publisher = `${last.publisher} ${remarks.join(' ')}`.trim();
  parts.length = from;
}

const ODD_SPACE = /[\t\n\r\f\v\u00a0\u2009\u200b]| {2}/;

function finishText(s: string, marked: boolean): string {
  let t = s;
  if (t.includes('&')) t = decodeHTML(t);
  if (ODD_SPACE.test(t)) t = t.replace(/[\s\u00a0\u2009\u200b]+/g, ' ');
  // Marks between two spaces leave a double space once removed: such runs are collapsed too.
  if (marked && SPACED_MARKS.test(t)) t = collapseSpaces(t);
  return t.trim();
}

/** Scans `s` (whose first character sits at `base` in the bullet) appending text to `parts`. */
function scan(s: string, base: number, state: PageState, out: Inline, parts: string[], depth: number): void {
  let i = 0;
  while (i < s.length) {
    const at = nextToken(s, i);
    if (at < 0) {
      parts.push(s.slice(i));
      return;
    }
    if (at > i) parts.push(s.slice(i, at));
    const tok = tokenAt(s, at);
    if (out.problems.length >= MAX_PROBLEMS) {
      // Thousands of unclosed brackets in one bullet: each would be a warning and a rescan of the line.
      out.problems.push({
        kind: 'unclosed-template',
        message: `more than ${MAX_PROBLEMS} markup problems in one bullet; the rest is shown as text`,
        offset: base + at,
      });
      parts.push(stripBrackets(s.slice(at)));
      return;
    }
    if (depth >= MAX_DEPTH) {
      out.problems.push({
        kind: 'unclosed-template',
        message: 'markup nested too deeply; shown as text',
        offset: base + at,
      });
      parts.push(stripBrackets(s.slice(at)));
      return;
    }
    if (tok === '[[') i = wikilink(s, at, base, state, out, parts, depth);
    else if (tok === '{{') i = template(s, at, base, state, out, parts, depth);
    else if (tok === '[') i = externalLink(s, at, base, state, out, parts, depth);
    else if (tok === '<') i = tag(s, at, base, state, out, parts, depth);
    else if (tok === "''") i = apostrophes(s, at, parts);
    else if (tok === ']]' || tok === '}}') {
      out.problems.push({
        kind: tok === ']]' ? 'unclosed-link' : 'unclosed-template',
        message: `stray "${tok}" without its opening; removed`,
        offset: base + at,
      });
      i = at + 2;
    } else i = bareUrl(s, at, out, parts);
  }
}

/** Deeper nesting than this is no real markup (real pages nest 3); it is read as unclosed. */
const MAX_MATCH_DEPTH = 64;

/**
 * Finds the `close` that balances the `open` at `from`, or -1. The next close is searched for only
 * after the previous one is passed, and nesting is capped: a run of thousands of unclosed `[[`
 * before a far `]]` took seconds (each open rescanned the line for the close).
 */
function matching(s: string, from: number, open: string, close: string): number {
  let depth = 0;
  let i = from;
  let c = s.indexOf(close, i);
  while (c >= 0) {
    const o = s.indexOf(open, i);
    if (o >= 0 && o < c) {
      if (++depth > MAX_MATCH_DEPTH) return -1;
      i = o + open.length;
    } else {
      depth--;
      if (depth === 0) return c;
      i = c + close.length;
      c = s.indexOf(close, i);
    }
  }
  return -1;
}

function wikilink(
  s: string,
  at: number,
  base: number,
  state: PageState,
  out: Scanned,
  parts: string[],
  depth: number,
) {
  const end = matching(s, at, '[[', ']]');
  if (end < 0) {
    out.problems.push({
      kind: 'unclosed-link',
      message: 'link "[[" is never closed; its text is kept',
      offset: base + at,
    });
    return at + 2;
  }
  const inner = s.slice(at + 2, end);
  const pipe = topLevelIndex(inner, '|');
  const target = pipe < 0 ? inner : inner.slice(0, pipe);
  const label = pipe < 0 ? null : inner.slice(pipe + 1);
  let next = end + 2;
  const kind = classifyTarget(target);
  if (kind.kind === 'media' || kind.kind === 'category') return next;
  const spans = out.marks;
  let marking = false;
  if (kind.kind === 'article') {
    out.links.push(kind.title);
    if (spans && !spans.open) {
      marking = true;
      spans.open = true;
      spans.titles.push(kind.title);
      parts.push(START);
    }
  }
  if (label === null) parts.push(target.trim().replace(/^:/, ''));
  else if (label.trim() === '') parts.push(pipeTrick(target));
  else
    scan(
      label,
      base + at + 2 + pipe + 1,
      state,
      { ...out, links: [], spans: [], sources: out.sources },
      parts,
      depth + 1,
    );
  const trail = LINK_TRAIL.exec(s.slice(next, next + 40));
  if (trail) {
    parts.push(trail[0]);
    next += trail[0].length;
  }
  if (marking && spans) {
    parts.push(END);
    spans.open = false;
  }
  return next;
}

/** `[[Foo (bar)|]]` shows "Foo"; `[[Help:Foo|]]` shows "Foo". */
function pipeTrick(target: string): string {
  return target
    .trim()
    .replace(/^:?[^:]*:/, '')
    .replace(/\s*\([^)]*\)\s*$/, '')
    .replace(/,.*$/, '');
}

/** Index of `ch` in `s` outside nested `[[…]]` and `{{…}}`, or -1. */
function topLevelIndex(s: string, ch: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if ((c === '[' || c === '{') && s[i + 1] === c) {
      depth++;
      i++;
    } else if ((c === ']' || c === '}') && s[i + 1] === c) {
      if (depth > 0) depth--;
      i++;
    } else if (c === ch && depth === 0) return i;
  }
  return -1;
}

/** Splits at top-level `|`. */
function splitParams(s: string): string[] {
  const result: string[] = [];
  let rest = s;
  for (;;) {
    const i = topLevelIndex(rest, '|');
    if (i < 0) {
      result.push(rest);
      return result;
    }
    result.push(rest.slice(0, i));
    rest = rest.slice(i + 1);
  }
}

export function parseTemplateCall(inner: string): TemplateCall {
  const [head = '', ...params] = splitParams(inner);
  let name = head;
  const colon = head.indexOf(':');
  const positional: string[] = [];
  const named = new Map<string, string>();
  if (colon > 0 && !head.startsWith(':')) {
    // Parser functions and magic words: {{formatnum:1234}}, {{#if:…}}, {{subst:…}}.
    name = head.slice(0, colon);
    positional.push(head.slice(colon + 1));
  }
  for (const p of params) {
    const eq = p.indexOf('=');
    const key = eq > 0 ? p.slice(0, eq).trim() : '';
    if (eq > 0 && key.length > 0 && !/[[{<]/.test(key)) named.set(key.toLowerCase(), p.slice(eq + 1).trim());
    else positional.push(p);
  }
  name = name
    .replace(/[_\s]+/g, ' ')
    .trim()
    .toLowerCase();
  if (name.startsWith('template:')) name = name.slice('template:'.length).trim();
  return { name, positional, named };
}

function template(
  s: string,
  at: number,
  base: number,
  state: PageState,
  out: Inline,
  parts: string[],
  depth: number,
) {
  const end = matching(s, at, '{{', '}}');
  if (end < 0) {
    out.problems.push({
      kind: 'unclosed-template',
      message: 'template "{{" is never closed; the rest of the line is read as text',
      offset: base + at,
    });
    return at + 2;
  }
  const inner = s.slice(at + 2, end);
  const call = parseTemplateCall(inner);
  const action = templateAction(call);
  const previous = out.sources.at(-1);
  switch (action.kind) {
    case 'text':
      scan(action.wikitext, base + at, state, out, parts, depth + 1);
      break;
    case 'dead-link':
      if (previous) previous.deadLink = true;
      break;
    case 'archive': {
      const a = sourceFrom(action.url, '');
      if (previous && a.ok) previous.archiveUrl = a.source.archiveUrl ?? a.source.url;
      break;
    }
    case 'citation': {
      const result = sourceFromCitation(call.named);
      if (result.ok) out.sources.push(result.source);
      else
        out.problems.push({
          kind: 'bad-source-url',
          message: `{{${call.name}}}: ${result.reason}`,
          offset: base + at,
        });
      break;
    }
    case 'drop':
      break;
    case 'unknown':
      if (!call.name.startsWith('#') && call.name !== '') {
        out.problems.push({
          kind: 'unknown-template',
          message: `unknown template {{${truncate(call.name)}}} shown as nothing`,
          offset: base + at,
        });
      }
      break;
  }
  return end + 2;
}

/** The last "[" found without its "]" in `s`, and where the search for it stopped. */
let unclosedBracket = { s: '', at: -1, end: -1 };

function externalLink(
  s: string,
  at: number,
  base: number,
  state: PageState,
  out: Inline,
  parts: string[],
  depth: number,
) {
  // The first "]" or newline after the "[", found in one pass: s.indexOf('\n') ran to the end of a
  // newline-free bullet for every link (a 2.6 MB line of real links took 1.4 s).
  let close = -1;
  if (!(s === unclosedBracket.s && at > unclosedBracket.at && at < unclosedBracket.end)) {
    let j = at + 1;
    for (; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c === 0x5d /* ] */) {
        close = j;
        break;
      }
      if (c === 0x0a /* \n */) break;
    }
    // Every "[" up to where this search stopped is unclosed too: thousands of "[http… " with no "]"
    // would each search to the end of the line (20,000 on one line took 35 s).
    if (close < 0) unclosedBracket = { s, at, end: j };
  }
  if (close < 0) {
    // MediaWiki shows an unclosed "[http…" as text with a bare link in it.
    parts.push(' ');
    return at + 1;
  }
  const inner = s.slice(at + 1, close);
  const space = inner.search(/[\s]/);
  let url = space < 0 ? inner : inner.slice(0, space);
  let label = space < 0 ? '' : inner.slice(space + 1);
  const glued = url.search(/''|&quot;|<|"/);
  if (glued > 0) {
    label = `${url.slice(glued)} ${label}`;
    url = url.slice(0, glued);
  }
  const result = sourceFrom(url, label);
  if (result.ok) {
    out.sources.push(result.source);
    markSource(parts);
  } else {
    out.problems.push({ kind: 'bad-source-url', message: `source link ${result.reason}`, offset: base + at });
    scan(label, base + at, state, out, parts, depth + 1);
  }
  return close + 1;
}

function bareUrl(s: string, at: number, out: Inline, parts: string[]) {
  const m = /^https?:\/\/[^\s<>[\]{}"|]+/i.exec(s.slice(at));
  if (!m) {
    parts.push(s.slice(at, at + 4));
    return at + 4;
  }
  // Trailing punctuation is the sentence's, not the URL's. A loop, not /[.,;:!?)'"]+$/: that regex
  // backtracks quadratically on a URL followed by thousands of apostrophes (seconds per line).
  let end = m[0].length;
  while (end > 0 && `.,;:!?)'"`.includes(m[0][end - 1] as string)) end--;
  const url = m[0].slice(0, end);
  const result = sourceFrom(url, '');
  if (result.ok) {
    out.sources.push(result.source);
    markSource(parts);
  } else parts.push(url);
  return at + url.length;
}

function apostrophes(s: string, at: number, parts: string[]) {
  let n = 2;
  while (s[at + n] === "'") n++;
  if (n === 4) parts.push("'");
  else if (n > 5) parts.push("'".repeat(n - 5));
  return at + n;
}

function tag(
  s: string,
  at: number,
  base: number,
  state: PageState,
  out: Inline,
  parts: string[],
  depth: number,
) {
  const m = /^<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b([^<>]*?)(\/?)>/.exec(s.slice(at, at + 500));
  if (s.startsWith('<!--', at)) {
    const end = s.indexOf('-->', at + 4);
    return end < 0 ? s.length : end + 3;
  }
  if (!m) {
    parts.push('<');
    return at + 1;
  }
  const [whole, closing, rawName, attrs, selfClosing] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  const name = rawName.toLowerCase();
  const after = at + whole.length;
  if (name === 'br' || name === 'hr') {
    parts.push(' ');
    return after;
  }
  if (name === 'ref') {
    if (closing) return after;
    const refName = /\bname\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s/>]+))/i.exec(attrs);
    const key = refName ? (refName[1] ?? refName[2] ?? refName[3] ?? '').trim() : '';
    if (selfClosing) {
      const reused = key ? state.namedRefs.get(key) : undefined;
      if (reused) for (const src of reused) out.sources.push({ ...src });
      return after;
    }
    const end = indexOfTag(s, after, 'ref');
    if (end < 0) {
      out.problems.push({
        kind: 'unclosed-tag',
        message: '<ref> is never closed; read to the end of the bullet',
        offset: base + at,
      });
    }
    const content = s.slice(after, end < 0 ? s.length : end);
    const refOut: Inline = { text: '', links: [], spans: [], sources: [], problems: out.problems };
    scan(content, base + after, state, refOut, [], depth + 1);
    out.sources.push(...refOut.sources);
    if (refOut.sources.length > 0) markSource(parts);
    if (key && refOut.sources.length > 0) state.namedRefs.set(key, refOut.sources);
    return end < 0 ? s.length : s.indexOf('>', end) + 1;
  }
  if (name === 'nowiki') {
    if (closing || selfClosing) return after;
    const end = indexOfTag(s, after, 'nowiki');
    if (end < 0) return after;
    parts.push(s.slice(after, end).replace(/</g, '&lt;'));
    return s.indexOf('>', end) + 1;
  }
  if (DROP_CONTENT_TAGS.test(name)) {
    if (closing || selfClosing) return after;
    const end = indexOfTag(s, after, name);
    return end < 0 ? after : s.indexOf('>', end) + 1;
  }
  if (FORMAT_TAGS.test(name)) return after;
  parts.push('<');
  return at + 1;
}

/** Index of the closing `</name …>` at or after `from`, case-insensitive, or -1. */
function indexOfTag(s: string, from: number, name: string): number {
  const re = new RegExp(`</${name}\\s*>`, 'gi');
  re.lastIndex = from;
  const m = re.exec(s);
  return m ? m.index : -1;
}

function stripBrackets(s: string): string {
  return s.replace(/\[\[|\]\]|\{\{|\}\}|<ref/gi, ' ');
}

function truncate(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
