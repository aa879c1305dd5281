import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileInputs, listInputFiles } from '../../src/ingest/files.ts';
import { ingestDays } from '../../src/ingest/pipeline.ts';
import { buildSite } from '../../src/pipeline.ts';
import type { PublishReport } from '../../src/publish/engine/publish.ts';
import { writeArticle } from '../../src/store/articles.ts';
import { readEvents } from '../../src/store/events.ts';
import { openStore, type Store } from '../../src/store/open.ts';

/** The 25 real portal days. */
export const WIKITEXT_DIR = fileURLToPath(new URL('../../../shared/data/wcep-wikitext/', import.meta.url));

/** The AP report cited by the de Mistura event of 2016-04-28 and its real lede. */
export const AP_URL =
  'http://bigstory.ap.org/article/7da077a315944fdfbc31b377a380046e/un-envoy-appeals-us-russia-help-syria-peace-talks';
export const AP_LEDE =
  'GENEVA (AP) — The U.N. envoy for Syria appealed to the U.S. and Russia to intervene to help revive Syrian peace talks that sputtered to a pause Wednesday, saying a recent spike in fighting has overshadowed the talks and threatened a cease-fire.';

/** Script that, if it ever ran, would set a global flag and open a dialog. */
export const PAYLOAD = 'window.__xss=1;alert(1)';

/**
 * Lines carrying markup and script in the storyline, the event text, an entity title and the
 * source URLs, added under the first heading of a real day (2016-12-30).
 */
export const XSS_LINES = [
  `*[[Zorblax "onmouseover="${PAYLOAD}|Zorblax <script>${PAYLOAD}</script> crisis]]`,
  `**Zorblax militants <script>${PAYLOAD}</script><img src=x onerror="${PAYLOAD}"> "onerror="${PAYLOAD}" attack [[Zorblax "onfocus=${PAYLOAD}|the camp]] in [[Mosul]]. [javascript:${PAYLOAD} (JS)] [http://example.com/z?a="><script>${PAYLOAD}</script> (AP)] [https://example.org/zorblax (Reuters)]`,
];

/** A lede that carries markup (written as an enriched article of the Zorblax event's sources). */
export const XSS_LEDE = `MOSUL (AP) — <img src=x onerror="${PAYLOAD}"> Zorblax lede <script>${PAYLOAD}</script> "onerror="${PAYLOAD}"`;

export interface SiteFixture {
  dir: string;
  store: Store;
  /** Output folder with the Markdown and the HTML site. */
  out: string;
  /** The build of both formats (Markdown, HTML and every output of the site). */
  report: PublishReport;
  dispose(): void;
}

/** The real days with 2016-12-30 mutated by XSS_LINES, enriched ledes (AP's real one, the XSS one), both formats built. */
export async function siteFixture(): Promise<SiteFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'currents-site-'));
  const days = join(dir, 'days');
  mkdirSync(days);
  for (const f of readdirSync(WIKITEXT_DIR))
    if (f.endsWith('.wiki')) copyFileSync(join(WIKITEXT_DIR, f), join(days, f));
  const day = join(days, '2016-12-30.wiki');
  const lines = readFileSync(day, 'utf8').split('\n');
  const heading = lines.findIndex((l) => l.startsWith(';'));
  lines.splice(heading + 1, 0, ...XSS_LINES);
  writeFileSync(day, lines.join('\n'));
  const store = openStore(join(dir, 'currents.db'));
  await ingestDays(store.db, fileInputs(listInputFiles([days])), { now: () => '2026-01-01T00:00:00Z' });
  const article = (url: string, lede: string, archiveUrl: string | null, outcome: 'ok' | 'dead') =>
    writeArticle(store.db, {
      url,
      outcome,
      reason: null,
      finalUrl: url,
      archiveUrl,
      title: null,
      siteName: 'AP',
      publishedTime: null,
      canonicalUrl: null,
      lang: 'en',
      byline: null,
      lede,
      excerpt: null,
      charset: 'utf-8',
      enrichedAt: '2026-01-01T00:00:00Z',
    });
  article(AP_URL, AP_LEDE, null, 'ok');
  const zorblax = readEvents(store.db).find((e) => e.text.startsWith('Zorblax militants'));
  if (!zorblax) throw new Error('the XSS event was not ingested');
  for (const s of zorblax.sources) article(s.url, XSS_LEDE, `javascript:${PAYLOAD}`, 'dead');
  const out = join(dir, 'site');
  const report = buildSite(store.db, { out, format: 'both' }).publish;
  return {
    dir,
    store,
    out,
    report,
    dispose() {
      store.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
