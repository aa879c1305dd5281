/**
 * Paragraphs that a page prints around every article rather than in it: copyright and legal
 * lines, cookie and consent notes, newsletter and subscription promos, "follow us" calls, the
 * site describing itself, ad labels, and lines that are only a date or time. General patterns
 * only: none names a site.
 */
const BOILERPLATE: readonly RegExp[] = [
  // Copyright and legal lines ("© 2019 …", "The contents of this site are ©2019 …", "All rights reserved").
  /^(?:copyright\b|©|\(c\)\s*\d{4})/i,
  /\b(?:contents? of this (?:site|website|page)|all rights reserved|may not be (?:published|reproduced|republished)|without (?:the )?(?:express )?(?:written )?permission)\b/i,
  /©\s*\d{4}|\bcopyright\s*(?:©\s*)?\d{4}/i,
  // Cookies and consent.
  /\b(?:we use cookies|uses cookies|use of cookies|cookie policy|accept (?:all )?cookies|privacy policy and terms|terms of (?:use|service) and privacy)\b/i,
  // Newsletters, subscriptions, sign-ups, alerts, apps.
  /\b(?:sign up (?:for|to|here|now|today)|subscribe (?:to|now|here|for|today)|(?:our|free|daily|weekly) newsletters?\b|newsletters? (?:delivered|sign|straight)|delivered (?:straight )?to your inbox|in your inbox|unsubscribe|email alerts?|breaking news alerts|download (?:our|the) app|get the app)/i,
  /^(?:start your day|get (?:our|the) (?:latest|best|top)|stay (?:informed|up to date|in the know)|don'?t miss|never miss|want more|like what you(?:'|’)re reading|support (?:our|independent) journalism|become a (?:member|subscriber|patron))/i,
  // Follow-us and share calls.
  /^(?:follow|like|join) us\b|\bfollow us (?:on|at)\b|\bon (?:twitter|facebook|instagram)\s*(?:and|&|,)\s*(?:twitter|facebook|instagram)\b/i,
  /^(?:share|tweet|email|print|comments?)(?: (?:this|on|via) [\w ]{0,30})?$/i,
  // The site describing itself ("X attracts a broad audience …", "X is the leading …", "About us").
  /\b(?:attracts an? (?:broad|wide|large|diverse) audience|our (?:readers|audience) (?:are|include)|we (?:also )?boast an?|advertise with us|about us|contact us)\b/i,
  // Notes that the article is old ("Note that this article published in 2017 may contain outdated information").
  /\b(?:may|might|could) (?:contain|include) (?:outdated|out-of-date|information that is no longer)|\b(?:pourrait|peut) contenir des informations qui ne sont plus|\bthis (?:article|story) (?:is|was) (?:more than|over) \d+ (?:years?|months?) old\b/i,
  // A site naming itself by its address as a leading source ("X.com is the leading automotive resource …").
  /^[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|info|news|co|ph|uk|in|au|ca)\b[^.]{0,40}\b(?:is|are) (?:the|a|an) (?:leading|premier|largest|top|number one|no\. 1|#1)\b/i,
  // Prompts to the reader: comments, scripts, letterbox offers.
  /^(?:tell us what you think|what do you think\?|leave a (?:comment|reply)|join the (?:conversation|discussion)|have your say)\b/i,
  /\brequires javascript\b|\benable javascript\b|\bjavascript (?:is )?(?:disabled|required)\b/i,
  /\bdelivered (?:through|to) your (?:letterbox|door|mailbox)\b/i,
  // Reading-time labels ("5 Min Read", "Lesezeit: 3 Minuten").
  /^(?:reading time:?\s*)?\d{1,2}\s*(?:-\s*)?min(?:ute)?s?\.?(?: read)?$|^lesezeit:?\s*\d{1,2}\s*min/i,
  // Ad labels and reading prompts.
  /^(?:advert|advertisement|advertising|sponsored(?: content)?|story continues below|continue reading|read more|read next|related(?: articles?| stories| content| coverage)?|more from|recommended|see also|also read|loading|please enable javascript|click here|you might also like|watch:|listen:)\b/i,
];

/** A date or time on its own, optionally with a weekday, zone and "updated"/"posted" label. */
const TIMESTAMP =
  /^(?:(?:published|posted|updated|last updated|modified|created|date)\s*:?\s*)?(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s*)?(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s*\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s*\d{4})?(?:,?\s*(?:at\s*)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?(?:\s*\(\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?\s*[A-Z]{2,4}\))?)?$/i;

const DATE_WORDS = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${[
    '(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?',
    'may|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?\\.?',
    'janeiro|fevereiro|março|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro',
    'enero|febrero|marzo|mayo|junio|julio|septiembre|octubre|noviembre|diciembre',
    'janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre',
    'januar|februar|märz|juni|juli|oktober|dezember',
    'segunda|terça|quarta|quinta|sexta|sábado|domingo|feira|lunes|martes|miércoles|jueves|viernes',
    'lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag',
    'today|yesterday|published|posted|updated|last|modified|created|on|at|am|pm|a\\.m\\.|p\\.m\\.|ago|hours?|minutes?|hrs|mins?',
    '[A-Z]{1,2}T|GMT|UTC|ET|PT|CT|MT|BST|IST|CET|CEST',
    'de|do|da|le|la|el|um|às|à|mis à jour|publié|publicado|actualizado|aktualisiert',
    '\\d{1,2}h\\d{2}',
    '\\d+(?:st|nd|rd|th)?',
  ].join('|')})(?![\\p{L}\\p{N}])`,
  'giu',
);

/** A year, a clock time or a date in figures: what a dateline has and a short line with a number may not. */
const DATE_SIGNAL = /(?<!\d)(?:19|20)\d{2}(?!\d)|\d{1,2}[:h]\d{2}\b|\d{1,2}[./]\d{1,2}[./]\d{2,4}/;

/**
 * A line that only dates the page ("Monday, November 18, 2019, 04:05 pm PT (07:05 pm ET)",
 * "Updated on: November 19, 2019 / 10:07 AM / CBS News", "PUBLISHED: 10:48, Tue, Nov 19, 2019"):
 * once date and time words, numbers and separators are gone, at most two words are left.
 */
export function isTimestamp(text: string): boolean {
  if (text.length > 120 || !DATE_SIGNAL.test(text)) return false;
  const rest = text
    .replace(DATE_WORDS, ' ')
    .replace(/[^\p{L}]+/gu, ' ')
    .trim();
  return rest === '' || rest.split(' ').length <= 2;
}

/**
 * A signature line of parts set apart by `|` or `•` that are each a date, a byline or a name
 * ("Le Monde | 04.05.2015 à 13h36 • Mis à jour le 05.05.2015 à 20h13 | Par Martin Untersinger").
 */
function isMetaLine(text: string): boolean {
  if (text.length > 200 || !/\d/.test(text)) return false;
  const parts = text.split(/\s[|•·]\s/).map((p) => p.trim());
  return (
    parts.length >= 2 &&
    parts.every((p) => isTimestamp(p) || /^(?:by|par|por|von|di|door)\s/i.test(p) || p.split(' ').length <= 3)
  );
}

/** Whether a paragraph is page furniture (copyright, cookies, promos, site blurb, a bare timestamp), never article text. */
export function isBoilerplate(text: string): boolean {
  if (isTimestamp(text) || isMetaLine(text) || (text.length <= 80 && TIMESTAMP.test(text) && /\d/.test(text)))
    return true;
  // Long paragraphs are prose even when they mention a newsletter; the patterns judge short ones
  // fully and long ones only by their opening.
  if (text.length > 400)
    return BOILERPLATE.some((re) => re.test(text.slice(0, 120)) && re.source.startsWith('^'));
  return BOILERPLATE.some((re) => re.test(text));
}
