import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileInputs, listInputFiles } from '../ingest/files.ts';
import { ingestDays } from '../ingest/pipeline.ts';
import { writeArticle } from '../store/articles.ts';
import { openStore, type Store } from '../store/open.ts';

/** The real portal days of the reference page (../shared/data/wcep-wikitext). */
export const DAYS_DIR = fileURLToPath(new URL('../../../shared/data/wcep-wikitext/', import.meta.url));

/** The AP report cited by the de Mistura event of 2016-04-28, and its lede as the reference page shows it. */
export const AP_URL =
  'http://bigstory.ap.org/article/7da077a315944fdfbc31b377a380046e/un-envoy-appeals-us-russia-help-syria-peace-talks';
export const AP_LEDE =
  'GENEVA (AP) — The U.N. envoy for Syria appealed to the U.S. and Russia to intervene to help revive Syrian peace talks that sputtered to a pause Wednesday, saying a recent spike in fighting has overshadowed the talks and';

/** A day written to carry markup and script in every text field (the XSS corpus of the API). */
export const XSS_DAY = `{{Current events|year=1999|month=1|day=1|content=
;Armed conflicts and attacks
*[[<script>alert(1)</script>|Storyline <b>bold</b>]]
**Zorblax attack <script>alert("x")</script> "onerror=alert(2) in [[Mosul]] javascript:alert(3) [http://example.com/a"onerror=b (AP)]
}}
`;

/** A temp folder with a real store (the 25 real days, the AP lede, the XSS day) and a site folder of real files. */
export interface Fixture {
  dir: string;
  dbFile: string;
  site: string;
  store: Store;
  close(): void;
}

/** Builds the fixture: ingests every real day of `DAYS_DIR` with the lead's pipeline, writes a small site. */
export async function makeFixture(): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'currents-serve-'));
  const dbFile = join(dir, 'currents.db');
  const store = openStore(dbFile);
  await ingestDays(store.db, fileInputs(listInputFiles([DAYS_DIR])));
  await ingestDays(store.db, [
    { origin: 'xss.wiki', bytes: new TextEncoder().encode(XSS_DAY), dateHint: '1999-01-01' },
  ]);
  writeArticle(store.db, {
    url: AP_URL,
    outcome: 'ok',
    reason: null,
    finalUrl: AP_URL,
    archiveUrl: null,
    title: 'UN envoy appeals to US, Russia to help Syria peace talks',
    siteName: 'AP',
    publishedTime: '2016-04-28T00:00:00Z',
    canonicalUrl: null,
    lang: 'en',
    byline: null,
    lede: AP_LEDE,
    excerpt: AP_LEDE,
    charset: 'utf-8',
    enrichedAt: '2026-01-01T00:00:00Z',
  });
  const site = join(dir, 'site');
  const day = join(site, 'news', '2016', '04', '28');
  mkdirSync(day, { recursive: true });
  const reference = fileURLToPath(new URL('../../../shared/spec/reference-event-page.md', import.meta.url));
  const referenceText = readFileSync(reference, 'utf8');
  writeFileSync(
    join(site, 'index.html'),
    `<!doctype html><html lang="en"><title>Currents</title><h1>Currents</h1><pre>${escapeText(referenceText)}</pre></html>\n`,
  );
  writeFileSync(
    join(day, 'index.html'),
    `<!doctype html><html lang="en"><title>2016-04-28</title><pre>${escapeText(readFileSync(join(DAYS_DIR, '2016-04-28.wiki'), 'utf8'))}</pre></html>\n`,
  );
  copyFileSync(reference, join(day, 'united-nations-envoy.md'));
  writeFileSync(
    join(day, 'united-nations-envoy.html'),
    `<!doctype html><pre>${escapeText(referenceText)}</pre>\n`,
  );
  copyFileSync(join(DAYS_DIR, 'MANIFEST.json'), join(site, 'manifest.json'));
  writeFileSync(join(site, 'style.css'), 'body { font: 16px/1.5 system-ui; }\n'.repeat(40));
  writeFileSync(join(site, 'tiny.txt'), 'ok\n');
  writeFileSync(join(site, '.secret'), 'hidden\n');
  writeFileSync(join(dir, 'outside.txt'), 'outside the site\n');
  symlinkSync(join(dir, 'outside.txt'), join(site, 'escape.txt'));
  return {
    dir,
    dbFile,
    site,
    store,
    close() {
      store.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function escapeText(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}
