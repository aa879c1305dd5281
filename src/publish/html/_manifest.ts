import type { IsoDate } from '../../model/ids.ts';
import type { SiteFs } from '../markdown/_fs.ts';

/** The HTML build's manifest (separate from the Markdown one, so both formats share one folder). */
export const HTML_MANIFEST = '.currents-build-html.json';
/** 2: adds what the build was made from (days, link generation, articles, entity and storyline slugs). */
const MANIFEST_VERSION = 2;

/** What the last HTML build was made from, and the hash of every file it wrote. */
export interface HtmlManifest {
  rank: string;
  baseUrl: string;
  /** Link generation of the rank when built. */
  generation: number;
  /** Latest article enrichment time when built (ledes and dead sources change pages). */
  articles: string;
  /** Day signatures (sha256:parser) when built. */
  days: Map<IsoDate, string>;
  /** Entity title → "slug count" (its page's slug and how many events name it). */
  entities: Map<string, string>;
  /** Storyline title → "slug count". */
  storylines: Map<string, string>;
  /** File → sha256 of its content. */
  files: Map<string, string>;
}

function stringMap(v: unknown): Map<string, string> | null {
  if (!v || typeof v !== 'object') return null;
  const out = new Map<string, string>();
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string') return null;
    out.set(k, x);
  }
  return out;
}

/** The last build's manifest, or null when missing, unreadable or of another version (a full build follows). */
export function readHtmlManifest(fs: SiteFs): HtmlManifest | null {
  const raw = fs.read(HTML_MANIFEST);
  if (raw === null) return null;
  try {
    const v: unknown = JSON.parse(raw);
    if (!v || typeof v !== 'object' || !('version' in v) || v.version !== MANIFEST_VERSION) return null;
    const o = v as Record<string, unknown>;
    const str = (k: string) => {
      const x = o[k];
      return typeof x === 'string' ? x : null;
    };
    const map = (k: string) => stringMap(o[k]);
    const rank = str('rank');
    const baseUrl = str('baseUrl');
    const articles = str('articles');
    const generation = typeof o['generation'] === 'number' ? o['generation'] : null;
    const days = map('days');
    const entities = map('entities');
    const storylines = map('storylines');
    const files = map('files');
    if (rank === null || baseUrl === null || articles === null || generation === null) return null;
    if (!days || !entities || !storylines || !files) return null;
    return { rank, baseUrl, generation, articles, days, entities, storylines, files };
  } catch {
    return null;
  }
}

function sorted(m: ReadonlyMap<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of [...m].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) out[k] = v;
  return out;
}

/** The manifest's text (keys sorted, so two builds of the same state write the same bytes). */
export function htmlManifestText(m: HtmlManifest): string {
  const v = {
    version: MANIFEST_VERSION,
    format: 'html',
    rank: m.rank,
    baseUrl: m.baseUrl,
    generation: m.generation,
    articles: m.articles,
    days: sorted(m.days),
    entities: sorted(m.entities),
    storylines: sorted(m.storylines),
    files: sorted(m.files),
  };
  return `${JSON.stringify(v)}\n`;
}
