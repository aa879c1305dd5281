import type { Output } from '../engine/output.ts';
import { dataOutput } from './data.ts';
import { feedsOutput } from './feeds.ts';
import { htmlOutput } from './html.ts';
import { markdownOutput } from './markdown.ts';
import { searchOutput } from './search.ts';
import { sitemapOutput } from './sitemap.ts';

/** Every output, in build order; the sitemap last (it lists the final files). */
const OUTPUTS: readonly { output: Output; formats: readonly Format[] }[] = [
  { output: markdownOutput, formats: ['md'] },
  { output: htmlOutput, formats: ['html'] },
  { output: feedsOutput, formats: ['html'] },
  { output: searchOutput, formats: ['html'] },
  { output: dataOutput, formats: ['html'] },
  { output: sitemapOutput, formats: ['html'] },
];

/** What `currents build --format` names: the Markdown archive, the HTML site (with its feeds, search, data, sitemap), or both. */
export type Format = 'md' | 'html' | 'both';

/** The outputs a format builds. */
export function outputsOf(format: Format): Output[] {
  return OUTPUTS.filter((o) => format === 'both' || o.formats.includes(format)).map((o) => o.output);
}
