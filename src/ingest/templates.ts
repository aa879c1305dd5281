/**
 * How the portal's templates read as text. Each template either renders to wikitext (rendered
 * again by the caller, so links inside count), marks the previous source, yields a source, or is
 * dropped on purpose (maintenance tags). Anything else is unknown: dropped with a warning.
 */
export type TemplateAction =
  | { kind: 'text'; wikitext: string }
  | { kind: 'dead-link' }
  | { kind: 'archive'; url: string }
  | { kind: 'citation' }
  | { kind: 'drop' }
  | { kind: 'unknown' };

/** A parsed template call: name lower-cased with `_` → space, positional and named parameters. */
export interface TemplateCall {
  name: string;
  positional: string[];
  named: Map<string, string>;
}

const LITERAL: Record<string, string> = {
  nbsp: ' ',
  nbs: ' ',
  ndash: '–',
  mdash: '—',
  'en dash': '–',
  'em dash': '—',
  snd: ' – ',
  spnd: ' – ',
  'spaced ndash': ' – ',
  'spaced en dash': ' – ',
  sndash: ' – ',
  dash: ' – ',
  "'": "'",
  "'s": "'s",
  '`': "'",
  '!': '|',
  '=': '=',
  '·': ' · ',
  '•': ' • ',
  middot: '·',
  dot: ' · ',
  bull: ' • ',
  'hair space': '',
  zwsp: '',
  'thin space': ' ',
  thinsp: ' ',
  '-': '',
  clear: '',
  break: ' ',
  br: ' ',
  shy: '',
};

/** Templates that show their first positional parameter as it is. */
const FIRST = new Set([
  'nowrap',
  'nobr',
  'nobreak',
  'small',
  'smaller',
  'big',
  'larger',
  'resize',
  'sic',
  'abbr',
  'abbrlink',
  'tooltip',
  'sup',
  'sub',
  'em',
  'strong',
  'not a typo',
  'proper name',
  'typo',
  'visible anchor',
  'vanchor',
  'nowrap begin',
  'var',
  'mono',
  'code',
  'samp',
  'kbd',
  'strikethrough',
  'strike',
  'underline',
  'u',
  'lang-',
  'nihongo2',
  'ill2',
  'noitalic',
  'no italic',
  'spaces',
  'text',
  'linktext',
  'plainlist',
  'flatlist',
  'hlist',
  'ubl',
  'unbulleted list',
  'center',
  'centre',
  'large',
  'midsize',
  'keypress',
  'nowrap/sandbox',
  'wikt-lang',
  'ipa',
  'smallcaps',
  'sc',
  'highlight',
  'angbr',
  'title case',
  'uc',
  'lc',
  'ucfirst',
  'lcfirst',
  'respell',
  'transl',
  'transliteration',
  'gaps',
  'isbn',
  'doi',
  'quote',
  'blockquote',
  'quotation',
  'cquote',
  'qi',
  'q',
  'rp',
  'ordinal',
  'ord',
]);

/** Maintenance and layout templates: deliberately shown as nothing. */
const DROPPED = new Set([
  'citation needed',
  'cn',
  'fact',
  'clarify',
  'clarification needed',
  'when',
  'who',
  'whom',
  'by whom',
  'which',
  'where',
  'why',
  'how',
  'according to whom',
  'dubious',
  'vague',
  'update after',
  'update needed',
  'specify',
  'better source needed',
  'better source',
  'unreliable source?',
  'unreliable source',
  'failed verification',
  'verification needed',
  'page needed',
  'full citation needed',
  'disputed inline',
  'original research inline',
  'or',
  'weasel inline',
  'peacock inline',
  'pov statement',
  'according to',
  'additional citation needed',
  'anchor',
  'anchors',
  'short description',
  'shortdesc',
  'reflist',
  'references',
  'refbegin',
  'refend',
  'toc',
  'tocright',
  'toc right',
  'clear',
  'clr',
  '-',
  'main',
  'main article',
  'further',
  'see also',
  'portal',
  'ref',
  'efn',
  'notelist',
  'use dmy dates',
  'use mdy dates',
  'pp',
  'pp-protected',
  'pp-semi',
  'pp-move',
  'pp-vandalism',
  'current events header',
  'c-section',
  'ce',
  'itn',
  'in the news',
  'flagicon',
  'flagdeco',
  'flag icon',
  'coord missing',
  'cbignore',
  'bots',
  'nobots',
  'increase',
  'decrease',
  'steady',
  'ambox',
  'multiple issues',
  'cleanup',
  'copyedit',
  'expand section',
  'current',
  'notice',
  'tmbox',
  'italic title',
  'dts',
  'editnotice',
  'void',
  'null',
  'ns0',
  'hidden begin',
  'hidden end',
  'redirect',
  'about',
  'for',
  'distinguish',
  'r',
  'sfn',
  'sfnp',
  'harvnb',
  'inflation/fn',
  'when?',
  'year needed',
  'date missing',
  'circular reference',
  'self-published inline',
  'primary source inline',
  'third-party inline',
  'registration required',
  'subscription required',
  'paywall',
  'free access',
  'closed access',
  'open access',
  'lang-en',
  'in lang',
  'in',
  'language icon',
  'ref label',
  'note label',
  'webarchive/sandbox',
]);

const DEAD = new Set([
  'dead link',
  'deadlink',
  'dl',
  'dead',
  'broken link',
  'linkrot',
  'bare url inline',
  'dead url',
]);
const ARCHIVE = new Set([
  'webarchive',
  'wayback',
  'web archive',
  'archive.is',
  'archive url',
  'cite archive',
]);

/** Unit names `{{convert}}` prints, for the commonest units; others are shown as written. */
const UNITS: Record<string, string> = {
  km: 'km',
  mi: 'mi',
  m: 'm',
  ft: 'ft',
  cm: 'cm',
  mm: 'mm',
  in: 'in',
  kg: 'kg',
  lb: 'lb',
  t: 't',
  km2: 'km²',
  sqkm: 'km²',
  sqmi: 'sq mi',
  mi2: 'sq mi',
  ha: 'ha',
  acre: 'acres',
  c: '°C',
  f: '°F',
  '°c': '°C',
  '°f': '°F',
  'km/h': 'km/h',
  mph: 'mph',
  kn: 'kn',
  l: 'L',
  usgal: 'US gal',
  nmi: 'nmi',
  m2: 'm²',
  ft2: 'sq ft',
  yd: 'yd',
  mw: 'MW',
  kw: 'kW',
  kwh: 'kWh',
  gw: 'GW',
  bbl: 'bbl',
  st: 'st',
  oz: 'oz',
  g: 'g',
};

/**
 * Decides what a template call shows.
 * @example templateAction({ name: 'convert', positional: ['202', 'km'], named: new Map() }) // { kind: 'text', wikitext: '202 km' }
 */
export function templateAction(call: TemplateCall): TemplateAction {
  const { name, positional, named } = call;
  const p = (i: number) => positional[i] ?? '';
  if (name in LITERAL) return { kind: 'text', wikitext: LITERAL[name] as string };
  if (DEAD.has(name)) return { kind: 'dead-link' };
  if (ARCHIVE.has(name)) {
    const url = named.get('url') ?? named.get('url1') ?? p(0);
    return url ? { kind: 'archive', url } : { kind: 'drop' };
  }
  if (DROPPED.has(name) || name.startsWith('pp-') || name.startsWith('use ')) return { kind: 'drop' };
  if (/^(?:cite|citation|vcite)\b/.test(name)) return { kind: 'citation' };
  if (name === 'lang' || name === 'langx' || name === 'lang-x')
    return { kind: 'text', wikitext: p(1) || p(0) };
  if (name.startsWith('lang-') || name.startsWith('langx-')) return { kind: 'text', wikitext: p(0) };
  if (
    name === 'ill' ||
    name === 'interlanguage link' ||
    name === 'interlanguage link multi' ||
    name === 'ill-wd'
  ) {
    const label = named.get('lt') ?? '';
    return p(0)
      ? { kind: 'text', wikitext: label ? `[[${p(0)}|${label}]]` : `[[${p(0)}]]` }
      : { kind: 'drop' };
  }
  if (name === 'convert' || name === 'cvt') return { kind: 'text', wikitext: convert(positional) };
  if (name === 'flag' || name === 'flagcountry' || name === 'flagu' || name === 'flag country')
    return p(0) ? { kind: 'text', wikitext: `[[${p(0)}]]` } : { kind: 'drop' };
  if (name === 'us$' || name === 'usd') return { kind: 'text', wikitext: `US$${p(0)}` };
  if (name === 'currency') return { kind: 'text', wikitext: `${p(1) || 'US$'} ${p(0)}`.trim() };
  if (name === 'formatnum') return { kind: 'text', wikitext: formatNumber(p(0)) };
  if (name === 'as of')
    return { kind: 'text', wikitext: `As of ${[p(2), p(1), p(0)].filter(Boolean).join(' ')}` };
  if (name === 'nihongo') return { kind: 'text', wikitext: p(0) };
  if (name === 'w' || name === 'wikt' || name === 'wiktionary')
    return { kind: 'text', wikitext: name === 'w' ? `[[${p(0)}|${p(1) || p(0)}]]` : p(1) || p(0) };
  if (name === 'sortname') return { kind: 'text', wikitext: `[[${p(0)} ${p(1)}]]` };
  if (FIRST.has(name))
    return { kind: 'text', wikitext: positional.length > 1 && isList(name) ? positional.join(', ') : p(0) };
  return { kind: 'unknown' };
}

function isList(name: string): boolean {
  return (
    name === 'hlist' ||
    name === 'ubl' ||
    name === 'unbulleted list' ||
    name === 'flatlist' ||
    name === 'plainlist'
  );
}

function convert(positional: string[]): string {
  const [value = '', second = '', third = '', fourth = ''] = positional.map((s) => s.trim());
  const range = ['to', '-', '–', 'and', 'or', 'by', 'x', '×', '+'];
  if (range.includes(second)) {
    const joiner = second === '-' ? '–' : second;
    return `${value} ${joiner} ${third} ${UNITS[fourth.toLowerCase()] ?? fourth}`.trim();
  }
  return `${value} ${UNITS[second.toLowerCase()] ?? second}`.trim();
}

function formatNumber(s: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(s.trim());
  if (!m) return s;
  return `${m[1]}${(m[2] as string).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`;
}
