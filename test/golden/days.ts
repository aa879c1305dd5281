import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseDay } from '../../src/ingest/parse.ts';

/** Real days with hand-reviewed expected events: every era of the portal in ../shared/data. */
export const GOLDEN_DAYS = [
  'wcep-wikitext/2015-10-27.wiki', // `;` headings, storylines with several links per line
  'wcep-wikitext/2016-04-28.wiki', // the reference page's day
  'wcep-wikitext/2016-10-05.wiki', // {{Short description}} before the wrapper
  'wcep-wikitext/2016-12-29.wiki',
  'wcep-wikitext-eras/2002-01-29.wiki', // flat, unsourced, comment glued before the template
  'wcep-wikitext-eras/2003-09-05.wiki', // <ref>{{cite web}}</ref>, named refs, {{dead link}}
  'wcep-wikitext-eras/2005-01-11.wiki', // web.archive.org URLs, several sources per bullet
  'wcep-wikitext-eras/2006-06-26.wiki', // irregular labels, {{Webarchive}}
  'wcep-wikitext-eras/2018-01-12.wiki', // labels glued to URLs, {{convert}}
  'wcep-wikitext-eras/2020-01-16.wiki', // last `;` era page
  'wcep-wikitext-eras/2021-03-14.wiki', // '''bold''' headings, five levels of storylines
  'wcep-wikitext-eras/2021-11-27.wiki', // level-2 event under a heading, <nowiki>
  'wcep-wikitext-eras/2022-01-18.wiki',
];

export const DATA = new URL('../../../shared/data/', import.meta.url);
export const GOLDEN = new URL('./days/', import.meta.url);

/** The golden form of a real day: events (all fields) and warnings, as JSON text. */
export function goldenOf(relative: string): { name: string; json: string } {
  const text = readFileSync(new URL(relative, DATA), 'utf8');
  const origin = relative;
  const day = parseDay(text, { origin });
  const name = `${basename(relative, '.wiki')}.json`;
  return {
    name,
    json: `${JSON.stringify({ date: day.date, events: day.events, warnings: day.warnings }, null, 1)}\n`,
  };
}
