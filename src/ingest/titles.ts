import { decodeHTML } from 'entities';
import { asEntityTitle, type EntityTitle } from '../model/ids.ts';

/** Namespaces whose pages are not articles (compared with the first letter upper-cased). */
const NAMESPACES = new Set([
  'Media',
  'Special',
  'Talk',
  'User',
  'User talk',
  'Wikipedia',
  'Wikipedia talk',
  'WP',
  'Project',
  'File',
  'File talk',
  'Image',
  'Image talk',
  'MediaWiki',
  'Template',
  'Template talk',
  'Help',
  'Help talk',
  'Category',
  'Category talk',
  'Portal',
  'Portal talk',
  'Draft',
  'Draft talk',
  'Module',
  'Module talk',
  'TimedText',
  'Book',
  'Education Program',
  'Gadget',
  'Topic',
  'H',
  'T',
  'CAT',
  'MOS',
  'WT',
]);

/** Interwiki prefixes to other projects (their pages are not English Wikipedia articles). */
const INTERWIKI = new Set([
  'wikt',
  'wiktionary',
  'commons',
  'c',
  'meta',
  'm',
  'n',
  'wikinews',
  'q',
  'wikiquote',
  's',
  'wikisource',
  'species',
  'b',
  'wikibooks',
  'v',
  'wikiversity',
  'voy',
  'wikivoyage',
  'd',
  'wikidata',
  'mw',
  'mediawikiwiki',
  'foundation',
  'wmf',
  'phab',
  'outreach',
  'incubator',
  'oldwikisource',
  'google',
  'imdb',
  'doi',
  'bugzilla',
]);

/** Prefixes that point back at English Wikipedia itself: stripped, the rest is the article. */
const SELF = new Set(['w', 'en', 'wikipedia']);

/** Language codes of Wikipedias (interlanguage links are not entities). Lower case, as written before the colon. */
const LANGUAGES = new Set(
  (
    'aa ab ace ady af ak als alt am an ang ar arc ary arz as ast atj av avk awa ay az azb ba ban bar bat-smg bcl be ' +
    'be-tarask be-x-old bg bh bi bjn bm bn bo bpy br bs bug bxr ca cbk-zam cdo ce ceb ch cho chr chy ckb co cr crh cs ' +
    'csb cu cv cy da de din diq dsb dty dv dz ee el eml eo es et eu ext fa ff fi fiu-vro fj fo fr frp frr fur fy ga ' +
    'gag gan gcr gd gl glk gn gom gor got gu gv ha hak haw he hi hif ho hr hsb ht hu hy hyw hz ia id ie ig ii ik ilo ' +
    'inh io is it iu ja jam jbo jv ka kaa kab kbd kbp kg ki kj kk kl km kn ko koi kr krc ks ksh ku kv kw ky la lad lb ' +
    'lbe lez lfn lg li lij lld lmo ln lo lrc lt ltg lv mad mai map-bms mdf mg mh mhr mi min mk ml mn mni mnw mr mrj ms ' +
    'mt mus mwl my myv mzn na nah nap nds nds-nl ne new ng nia nl nn no nov nqo nrm nso nv ny oc olo om or os pa pag ' +
    'pam pap pcd pdc pfl pi pih pl pms pnb pnt ps pt qu rm rmy rn ro roa-rup roa-tara ru rue rw sa sah sat sc scn sco ' +
    'sd se sg sh shi shn si simple sk skr sl sm smn sn so sq sr srn ss st stq su sv sw szl szy ta tay tcy te tet tg th ' +
    'ti tk tl tn to tpi tr trv ts tt tum tw ty tyv udm ug uk ur uz ve vec vep vi vls vo wa war wo wuu xal xh xmf yi yo ' +
    'yue za zea zh zh-classical zh-min-nan zh-yue zu'
  ).split(' '),
);

/** A target with nothing to decode or collapse: no `&`, `%`, `#`, `_`, no leading, trailing or double spaces. */
const UNCLEAN = /[^\S ]|[&%#_\u200e\u200f]| {2}|^ | $/;

/** What a wikilink target points at. */
export type LinkTarget =
  | { kind: 'article'; title: EntityTitle }
  | { kind: 'media' } // [[File:…]], [[Image:…]]: not shown as text
  | { kind: 'category' } // [[Category:…]]: puts the page in a category, shows nothing
  | { kind: 'other' }; // other namespaces, interwiki, interlanguage, same-page anchors: shown, not an entity

/**
 * Normalises a wikilink target as MediaWiki does: HTML and percent escapes decoded, `_` → space,
 * spaces collapsed and trimmed, `#section` dropped, first letter upper-cased. Empty when nothing is left.
 * @example normaliseTitle('Division_%28military%29#Armoured_division') // 'Division (military)'
 */
export function normaliseTitle(raw: string): string {
  // Fast path: most targets are already clean ("Syrian Civil War"): only the first letter may change.
  if (raw.length > 0 && !UNCLEAN.test(raw)) {
    const first = raw.charCodeAt(0);
    if (first >= 0x61 && first <= 0x7a) return String.fromCharCode(first - 32) + raw.slice(1);
    if (first < 0x80) return raw;
  }
  let t = raw;
  if (t.includes('&')) t = decodeHTML(t);
  if (t.includes('%')) t = percentDecode(t);
  const hash = t.indexOf('#');
  if (hash >= 0) t = t.slice(0, hash);
  t = t.replace(/[_\s\u00a0\u200e\u200f]+/g, ' ').trim();
  if (t.length === 0) return '';
  const first = t.codePointAt(0) as number;
  const firstChar = String.fromCodePoint(first);
  return firstChar.toUpperCase() + t.slice(firstChar.length);
}

function percentDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    // A stray `%` that is no escape: decode the valid escapes one run at a time.
    return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/** Characters MediaWiki refuses in a title (and U+FFFD, which it refuses too). */
const ILLEGAL_TITLE = /[<>[\]{}|\uFFFD\u0000-\u001f\u007f]/;

/**
 * Classifies a wikilink target (the part before `|`).
 * @example classifyTarget('Syrian Civil War') // { kind: 'article', title: 'Syrian Civil War' }
 * @example classifyTarget(':fr:Paris') // { kind: 'other' }
 */
export function classifyTarget(rawTarget: string): LinkTarget {
  let t = rawTarget.trim();
  const leadingColon = t.startsWith(':');
  if (leadingColon) t = t.slice(1).trimStart();
  if (t.startsWith('#')) return { kind: 'other' };
  // Strip prefixes that mean "this wiki" ([[w:Foo]], [[:en:Foo]]) before judging the rest.
  for (let guard = 0; guard < 3; guard++) {
    const colon = t.indexOf(':');
    if (colon <= 0) break;
    const prefix = t.slice(0, colon).trim();
    const lower = prefix.toLowerCase().replace(/_/g, ' ');
    if (SELF.has(lower)) {
      t = t.slice(colon + 1).trimStart();
      continue;
    }
    const ns = normaliseTitle(prefix);
    if (ns === 'File' || ns === 'Image' || ns === 'Media')
      return leadingColon ? { kind: 'other' } : { kind: 'media' };
    if (ns === 'Category') return leadingColon ? { kind: 'other' } : { kind: 'category' };
    if (NAMESPACES.has(ns) || INTERWIKI.has(lower) || LANGUAGES.has(lower)) return { kind: 'other' };
    break;
  }
  const title = normaliseTitle(t);
  if (title.length === 0) return { kind: 'other' };
  // Characters MediaWiki never allows in a title (found by the fuzz test: "[[Foo>bar]]" or a link
  // whose brackets were broken by invalid bytes): no page, so no entity.
  if (ILLEGAL_TITLE.test(title)) return { kind: 'other' };
  return { kind: 'article', title: asEntityTitle(title) };
}
