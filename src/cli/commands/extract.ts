import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { extractBounded } from '../../enrich/boundedExtract.ts';
import { InputError, UsageError } from '../../model/errors.ts';
import { type Command, stringOption } from '../command.ts';

/** Pages larger than this are refused (the fetcher keeps at most 10 MiB of a decoded response). */
const MAX_FILE_BYTES = 10 * 2 ** 20;

/** Reads at most `MAX_FILE_BYTES` of a file the user named, naming it in every failure. */
function readPage(file: string): Uint8Array {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(code);
    throw new InputError(file, `Cannot read ${file}: ${why}`, { cause: error });
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new InputError(file, `Cannot read ${file}: not a file`);
    if (stat.size > MAX_FILE_BYTES) {
      throw new InputError(
        file,
        `Cannot read ${file}: ${stat.size} bytes is more than the ${MAX_FILE_BYTES}-byte page cap`,
      );
    }
    const bytes = new Uint8Array(stat.size);
    let at = 0;
    while (at < bytes.length) {
      const n = readSync(fd, bytes, at, bytes.length - at, at);
      if (n === 0) break;
      at += n;
    }
    return bytes.subarray(0, at);
  } finally {
    closeSync(fd);
  }
}

/** The page's URL: `--url` (http or https only), else the file's own `file:` URL. */
function pageUrl(given: string | undefined, file: string): string {
  if (given === undefined) return pathToFileURL(resolve(file)).href;
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new UsageError(
      `--url needs an absolute http(s) URL, e.g. --url https://apnews.com/article/… (got "${given}")`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--url needs an http(s) URL (got "${given}")`);
  }
  return url.href;
}

/** `currents extract FILE.html [--url URL]`: one page's extraction as JSON on stdout. */
export const extractCommand: Command = {
  name: 'extract',
  summary: 'Print the title, publisher, date, language and lede of one saved article page as JSON',
  help: `Usage: currents extract FILE.html [--url URL] [--content-type TYPE] [--text]

Reads one saved article page, decodes it (byte-order mark, the charset of --content-type,
<meta charset>, else a sniff: valid UTF-8 or windows-1252) and prints what \`currents enrich\`
would store for it, as one JSON object:
  {"title","siteName","publishedTime","lede","excerpt","lang","byline","canonicalUrl","charset"}
Each value is a string, or null when the page does not say. The lede is the article's first
paragraph as published, dateline included ("GENEVA (AP) — The U.N. envoy …").
With --text the object ends with "text": the article body as plain text, paragraphs separated
by blank lines (kept in the store, never published).

Options:
  --url URL            the page's address: relative links (canonical URL) are resolved against it
                       (default: the file's own file: URL, so only absolute canonical URLs show)
  --content-type TYPE  the Content-Type header the page was served with, e.g. "text/html; charset=iso-8859-1"
  --text               also print the article body ("text")

Examples:
  currents extract story.html
  currents extract story.html --url https://apnews.com/article/syria-geneva-talks
  currents extract old.html --content-type "text/html; charset=windows-1252" | jq -r .lede
  currents extract story.html --text | jq -r .text
`,
  options: { url: { type: 'string' }, 'content-type': { type: 'string' }, text: { type: 'boolean' } },
  allowPositionals: true,
  async run(ctx) {
    const [file, ...rest] = ctx.positionals;
    if (file === undefined) throw new UsageError('Name the page to read, e.g. currents extract story.html');
    if (rest.length > 0)
      throw new UsageError(`extract reads one page at a time (got ${ctx.positionals.length} files)`);
    const url = pageUrl(stringOption(ctx, 'url'), file);
    const bytes = readPage(file);
    const contentType = stringOption(ctx, 'content-type');
    // In a worker with a deadline: a hostile page ends as an error, never a hung command.
    const outcome = await extractBounded(bytes, contentType === undefined ? { url } : { url, contentType });
    if (outcome.status === 'failed') throw new InputError(file, `Cannot extract ${file}: ${outcome.reason}`);
    const x = outcome.fields;
    const out = {
      title: x.title,
      siteName: x.siteName,
      publishedTime: x.publishedTime,
      lede: x.lede,
      excerpt: x.excerpt,
      lang: x.lang,
      byline: x.byline,
      canonicalUrl: x.canonicalUrl,
      charset: x.charset,
      ...(ctx.values['text'] === true ? { text: x.text ?? null } : {}),
    };
    ctx.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  },
};
