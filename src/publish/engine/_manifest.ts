import { createHash } from 'node:crypto';
import type { IsoDate } from '../../model/ids.ts';
import type { SiteFs } from '../markdown/_fs.ts';

/**
 * The build manifest, in two files so a rebuild with nothing changed reads only the small one:
 * `.currents-build.json` — what the last build was made from — and `.currents-build-files.json` —
 * every file it wrote, with its hash and the unit that rendered it. The state names the digest of
 * the files list; a files list that does not match it is not trusted (a full build follows).
 */
export const MANIFEST = '.currents-build.json';
/** The files list of the last build (see MANIFEST). */
export const MANIFEST_FILES = '.currents-build-files.json';
/** Manifests of earlier versions of the builder, removed by the first build that writes MANIFEST v3. */
export const LEGACY_MANIFESTS = ['.currents-build-html.json'];
/** 3: one manifest for every output (2 had one per format). */
const MANIFEST_VERSION = 3;

/** What a build was made from. */
export interface BuildState {
  rank: string;
  baseUrl: string;
  /** Names of the outputs built, sorted. */
  outputs: string[];
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
}

/** One file of the last build: the hash of its content and the unit that rendered it ('site', 'day:2016-04-28', …). */
export interface FileEntry {
  hash: string;
  unit: string;
}

/** The state part of the manifest, with the digest of the files list it goes with. */
export interface ManifestState extends BuildState {
  filesDigest: string;
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

/** The last build's state, or null when missing, unreadable or of another version (a full build follows). */
export function readManifestState(fs: SiteFs): ManifestState | null {
  const raw = fs.read(MANIFEST);
  if (raw === null) return null;
  try {
    const v: unknown = JSON.parse(raw);
    if (!v || typeof v !== 'object' || !('version' in v) || v.version !== MANIFEST_VERSION) return null;
    const o = v as Record<string, unknown>;
    const str = (k: string) => {
      const x = o[k];
      return typeof x === 'string' ? x : null;
    };
    const rank = str('rank');
    const baseUrl = str('baseUrl');
    const articles = str('articles');
    const filesDigest = str('filesDigest');
    const generation = typeof o['generation'] === 'number' ? o['generation'] : null;
    const outputs =
      Array.isArray(o['outputs']) && o['outputs'].every((x) => typeof x === 'string') ? o['outputs'] : null;
    const days = stringMap(o['days']);
    const entities = stringMap(o['entities']);
    const storylines = stringMap(o['storylines']);
    if (rank === null || baseUrl === null || articles === null || generation === null) return null;
    if (filesDigest === null || outputs === null || !days || !entities || !storylines) return null;
    return { rank, baseUrl, outputs, generation, articles, days, entities, storylines, filesDigest };
  } catch {
    return null;
  }
}

/** The files list that goes with `state`, or null when missing, unreadable or not the one the state names. */
export function readManifestFiles(fs: SiteFs, state: ManifestState): Map<string, FileEntry> | null {
  const raw = fs.read(MANIFEST_FILES);
  if (raw === null || digest(raw) !== state.filesDigest) return null;
  try {
    const v: unknown = JSON.parse(raw);
    if (!v || typeof v !== 'object') return null;
    const files = (v as Record<string, unknown>)['files'];
    if (!files || typeof files !== 'object') return null;
    const out = new Map<string, FileEntry>();
    for (const [file, entry] of Object.entries(files)) {
      if (typeof entry !== 'string') return null;
      const cut = entry.indexOf(' ');
      if (cut < 0) return null;
      out.set(file, { hash: entry.slice(0, cut), unit: entry.slice(cut + 1) });
    }
    return out;
  } catch {
    return null;
  }
}

function sorted<V>(m: ReadonlyMap<string, V>): [string, V][] {
  return [...m].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The two manifest texts (keys sorted, so two builds of the same state write the same bytes). */
export function manifestTexts(
  state: BuildState,
  files: ReadonlyMap<string, FileEntry>,
): { state: string; files: string; filesDigest: string } {
  const filesObject: Record<string, string> = {};
  for (const [f, e] of sorted(files)) filesObject[f] = `${e.hash} ${e.unit}`;
  const filesText = `${JSON.stringify({ version: MANIFEST_VERSION, files: filesObject })}\n`;
  const filesDigest = digest(filesText);
  const v = {
    version: MANIFEST_VERSION,
    rank: state.rank,
    baseUrl: state.baseUrl,
    outputs: [...state.outputs].sort(),
    generation: state.generation,
    articles: state.articles,
    filesDigest,
    days: Object.fromEntries(sorted(state.days)),
    entities: Object.fromEntries(sorted(state.entities)),
    storylines: Object.fromEntries(sorted(state.storylines)),
  };
  return { state: `${JSON.stringify(v)}\n`, files: filesText, filesDigest };
}
