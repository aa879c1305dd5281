import { spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What Hugo did: wall time, pages written, its peak RSS. */
export interface HugoRun {
  ms: number;
  pages: number;
  maxRssMiB: number;
  version: string;
}

/**
 * Renders the Markdown archive in `mdRoot` (what `currents build --format md` wrote) with Debian's
 * Hugo and a minimal theme (one template: the page's content in <main>), as the competitor of
 * issue 5's build benchmark. Folder `index.md` pages become Hugo's `_index.md` section pages.
 * Returns a sentence instead when Hugo is not installed.
 */
export function hugoBuild(mdRoot: string, work: string): HugoRun | string {
  const which = spawnSync('sh', ['-c', 'command -v hugo'], { encoding: 'utf8' });
  if (which.status !== 0)
    return 'Hugo is not installed (`apt-get install hugo` adds it): no side-by-side figure.';
  const version = spawnSync('hugo', ['version'], { encoding: 'utf8' })
    .stdout.trim()
    .split(' ')
    .slice(0, 2)
    .join(' ');
  const project = join(work, 'hugo');
  mkdirSync(join(project, 'layouts', '_default'), { recursive: true });
  writeFileSync(
    join(project, 'config.toml'),
    'baseURL = "http://127.0.0.1/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n',
  );
  const template =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><main>{{ .Content }}</main></body></html>\n';
  writeFileSync(join(project, 'layouts', '_default', 'single.html'), template);
  writeFileSync(join(project, 'layouts', '_default', 'list.html'), template);
  linkTree(mdRoot, join(project, 'content'));
  const publicDir = join(work, 'hugo-public');
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', 'hugo', '--quiet', '-s', project, '-d', publicDir], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const ms = performance.now() - started;
  if (r.status !== 0) return `Hugo failed (${r.stderr.slice(-300)}): no side-by-side figure.`;
  const rssKb = Number(/(\d+)\s*$/.exec(r.stderr)?.[1] ?? Number.NaN);
  return { ms, pages: countHtml(publicDir), maxRssMiB: rssKb / 1024, version };
}

/** Hard-links every .md file of `from` into `to`, naming folder indexes `_index.md`. */
function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    if (entry.isDirectory()) linkTree(source, join(to, entry.name));
    else if (entry.name.endsWith('.md'))
      linkSync(source, join(to, entry.name === 'index.md' ? '_index.md' : entry.name));
  }
}

function countHtml(dir: string): number {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) n += countHtml(join(dir, entry.name));
    else if (entry.name.endsWith('.html')) n++;
  }
  return n;
}
