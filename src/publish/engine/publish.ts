import type { DatabaseSync } from 'node:sqlite';
import type { IsoDate } from '../../model/ids.ts';
import type { RankName } from '../../model/related.ts';
import { readArticlesMark, readDayStates } from '../../store/archive.ts';
import { readLinkRun, readRelated } from '../../store/related.ts';
import { nodeSiteFs, type SiteFs } from '../markdown/_fs.ts';
import { relatedItems } from '../model.ts';
import {
  type BuildState,
  type FileEntry,
  LEGACY_MANIFESTS,
  MANIFEST,
  MANIFEST_FILES,
  type ManifestState,
  manifestTexts,
  readManifestFiles,
  readManifestState,
} from './_manifest.ts';
import {
  type ChangeSet,
  changeSet,
  dayUnit,
  EVERYTHING,
  entityUnit,
  pageSignatures,
  SITE_UNIT,
  storylineUnit,
  yearUnit,
} from './changes.ts';
import type { Output, OutputFile, PublishContext } from './output.ts';
import { readPublishSite } from './site.ts';
import { contentHash, type ThreadedFs, threadedWrites } from './writes.ts';

/** Default site URL for feeds and the sitemap, which need absolute URLs (`currents serve`'s default). */
export const DEFAULT_BASE_URL = 'http://127.0.0.1:8080/';

/** Options of `publish`. */
export interface PublishOptions {
  out: string;
  /** The outputs to build (see `outputsOf` in ../outputs/registry.ts). */
  outputs: readonly Output[];
  rank?: RankName;
  /** Absolute URL the site is published at (feeds, sitemap); default DEFAULT_BASE_URL. */
  baseUrl?: string;
  dryRun?: boolean;
  /** Render every unit, even with a manifest from the last build. */
  full?: boolean;
  /** The output folder (default: the real folder `out`, written by a writer thread). */
  fs?: SiteFs;
  /** How files are written to the real folder: by a writer thread (default) or on this thread. */
  writes?: 'thread' | 'sync';
}

/** What one output did in a build. */
export interface OutputReport {
  rendered: number;
  written: number;
  removed: number;
}

/** What a build did (or, with dryRun, would do). */
export interface PublishReport {
  /** Files rendered (every file in a full build; the affected ones and the site-wide ones in an incremental one). */
  pages: number;
  written: string[];
  unchanged: number;
  removed: string[];
  dryRun: boolean;
  /** Whether only the units changed since the last build were rendered. */
  incremental: boolean;
  /** Per output, by name, in the order given. */
  outputs: Record<string, OutputReport>;
}

function sameEntries(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/** Whether nothing a build is made from changed since `m` (every file would be the same). */
function unchangedSince(m: ManifestState, now: Omit<BuildState, 'entities' | 'storylines'>): boolean {
  return (
    m.rank === now.rank &&
    m.baseUrl === now.baseUrl &&
    m.outputs.join(' ') === now.outputs.join(' ') &&
    m.generation === now.generation &&
    m.articles === now.articles &&
    sameEntries(m.days, now.days)
  );
}

/**
 * Every file the change set asks for, from every output, with the unit that rendered it. Event
 * pages are made a year at a time, so only one year's related lists (read once for all outputs)
 * and source states are in memory.
 */
function* renderUnits(
  db: DatabaseSync,
  ctx: PublishContext,
  outputs: readonly Output[],
  plan: ChangeSet,
  rank: RankName,
): Generator<[file: string, content: string, unit: string, output: string]> {
  const model = ctx.model;
  const tag = function* (files: Iterable<OutputFile>, unit: string, output: Output) {
    for (const [file, content] of files)
      yield [file, content, unit, output.name] as [string, string, string, string];
  };
  for (const o of outputs) if (o.site) yield* tag(o.site(ctx), SITE_UNIT, o);
  const dayOutputs = outputs.filter((o) => o.day);
  if (dayOutputs.length > 0) {
    for (let i = 0; i < model.dates.length; i++) {
      const date = model.dates[i] as IsoDate;
      if (plan.days && !plan.days.has(date)) continue;
      const events = model.eventsOn(date);
      const day = { page: model.dayPage(i), events, view: model.withSources(events) };
      for (const o of dayOutputs) yield* tag(o.day?.(ctx, day) ?? [], dayUnit(date), o);
    }
  }
  const eventOutputs = outputs.filter((o) => o.event);
  const byId = new Map(model.site.events.map((e) => [e.id, e]));
  for (const [year, events] of model.byYear) {
    if (!plan.years || plan.years.has(year))
      for (const o of outputs) if (o.year) yield* tag(o.year(ctx, year, events), yearUnit(year), o);
    if (eventOutputs.length === 0) continue;
    const wanted = plan.events ? events.filter((e) => plan.events?.has(e.id)) : events;
    if (wanted.length === 0) continue;
    const related = readRelated(
      db,
      rank,
      wanted.map((e) => e.id),
    );
    const view = model.withSources(wanted);
    for (const e of wanted) {
      const page = { ...e, related: relatedItems(related.get(e.id) ?? [], byId, (o) => o.path) };
      for (const o of eventOutputs) yield* tag(o.event?.(ctx, page, view) ?? [], dayUnit(e.date), o);
    }
  }
  for (const entity of model.site.entities.values()) {
    if (plan.entities && !plan.entities.has(entity.title)) continue;
    for (const o of outputs) if (o.entity) yield* tag(o.entity(ctx, entity), entityUnit(entity.title), o);
  }
  for (const story of model.site.storylines.values()) {
    if (plan.storylines && !plan.storylines.has(story.title)) continue;
    for (const o of outputs)
      if (o.storyline) yield* tag(o.storyline(ctx, story), storylineUnit(story.title), o);
  }
}

/**
 * Builds the given outputs into one folder, incrementally: reads the store (never writes it, never
 * links: related lists are as the link stage left them), compares what the archive is made from
 * with the manifest, and with nothing changed stops there. Otherwise reads the one site model,
 * works out the change set (`changeSet`; everything without a usable manifest, with `full`, with
 * other outputs, rank or base URL; slugs are stored, so no page moves while its event or title lives),
 * lets every output render the units it asks for, writes only files whose hash changed, removes
 * files of re-rendered units that were not rendered again, and writes the manifest.
 * @example publish(store.db, { out: 'site', outputs: outputsOf('both') })
 */
export function publish(db: DatabaseSync, options: PublishOptions): PublishReport {
  const rank = options.rank ?? 'reference';
  const folder = options.fs ?? nodeSiteFs(options.out);
  const baseUrl = new URL(options.baseUrl ?? DEFAULT_BASE_URL).href.replace(/\/?$/, '/');
  const outputs = options.outputs;
  const names = outputs.map((o) => o.name).sort();
  const dryRun = options.dryRun === true;
  const now = {
    rank,
    baseUrl,
    outputs: names,
    generation: readLinkRun(db, rank).generation,
    articles: readArticlesMark(db),
    days: readDayStates(db),
  };
  const perOutput: Record<string, OutputReport> = {};
  for (const o of outputs) perOutput[o.name] = { rendered: 0, written: 0, removed: 0 };
  const state = readManifestState(folder);
  if (state !== null && options.full !== true && unchangedSince(state, now)) {
    return {
      pages: 0,
      written: [],
      unchanged: 0,
      removed: [],
      dryRun,
      incremental: true,
      outputs: perOutput,
    };
  }
  const manifest = state ? readManifestFiles(folder, state) : null;
  const threaded =
    options.fs === undefined && !dryRun && options.writes !== 'sync'
      ? threadedWrites(options.out, folder)
      : null;
  try {
    return render(
      db,
      { ...options, rank, baseUrl, fs: threaded ?? folder, threaded },
      { now, state, manifest, perOutput },
    );
  } finally {
    threaded?.close();
  }
}

/** The part of `publish` after the no-change check: model, change set, rendering, writes, removals, manifest. */
function render(
  db: DatabaseSync,
  options: PublishOptions & { rank: RankName; baseUrl: string; fs: SiteFs; threaded: ThreadedFs | null },
  last: {
    now: Omit<BuildState, 'entities' | 'storylines'>;
    state: ManifestState | null;
    manifest: Map<string, FileEntry> | null;
    perOutput: Record<string, OutputReport>;
  },
): PublishReport {
  const { rank, baseUrl, fs, outputs } = options;
  const { now, state, manifest, perOutput } = last;
  const names = now.outputs;
  const dryRun = options.dryRun === true;
  const model = readPublishSite(db);
  const current: BuildState = {
    ...now,
    entities: pageSignatures(model.site.entities.values()),
    storylines: pageSignatures(model.site.storylines.values()),
  };
  const incremental =
    state !== null &&
    manifest !== null &&
    options.full !== true &&
    state.rank === rank &&
    state.baseUrl === baseUrl &&
    state.outputs.join(' ') === names.join(' ');
  const plan =
    incremental && state ? changeSet(db, rank, { before: state, now: current, model }) : EVERYTHING;
  const ctx: PublishContext = { model, baseUrl };
  const ownerOf = (file: string) => outputs.find((o) => o.owns(file));
  const rendered = new Map<string, FileEntry>();
  const written: string[] = [];
  let unchanged = 0;
  // Without a manifest, files are compared with the disk: list it once instead of trying to read each file.
  const onDisk = manifest ? null : new Set(fs.list('.'));
  // Whether the folder already holds these bytes: by the manifest's hash, or (without one) on disk.
  const holds = (file: string, content: string, digest: string) =>
    manifest ? manifest.get(file)?.hash === digest : onDisk?.has(file) === true && fs.read(file) === content;
  const put = (file: string, content: string, unit: string, output: string) => {
    let same = false;
    let digest: string;
    if (options.threaded) {
      // Encoded once: hashed and (unless the folder holds it) written from the same bytes.
      digest = options.threaded.put(file, content, (d) => {
        same = holds(file, content, d);
        return same;
      });
    } else {
      digest = contentHash(content);
      same = holds(file, content, digest);
      if (!same && !dryRun) fs.write(file, content);
    }
    rendered.set(file, { hash: digest, unit });
    const counts = perOutput[output];
    if (counts) counts.rendered++;
    if (same) unchanged++;
    else {
      written.push(file);
      if (counts) counts.written++;
    }
  };
  for (const [file, content, unit, output] of renderUnits(db, ctx, outputs, plan, rank))
    put(file, content, unit, output);
  // Files of the last build that the rendered units cover but that were not rendered again are gone.
  const previous = manifest
    ? [...manifest].filter(([f, e]) => plan.covers(e.unit) && ownerOf(f) !== undefined).map(([f]) => f)
    : [...(onDisk ?? [])].filter((f) => ownerOf(f) !== undefined);
  const gone = new Set(previous.filter((f) => !rendered.has(f)));
  const files = new Map<string, FileEntry>();
  if (manifest)
    for (const [f, e] of manifest) if (!gone.has(f) && (incremental || !ownerOf(f))) files.set(f, e);
  for (const [f, e] of rendered) files.set(f, e);
  for (const o of outputs) {
    if (!o.finish) continue;
    for (const [file, content] of o.finish(ctx, new Set(files.keys()))) {
      put(file, content, SITE_UNIT, o.name);
      gone.delete(file);
      files.set(file, rendered.get(file) as FileEntry);
    }
  }
  const removed = [...gone].filter((f) => !rendered.has(f)).sort();
  for (const f of removed) {
    files.delete(f);
    const counts = perOutput[ownerOf(f)?.name ?? ''];
    if (counts) counts.removed++;
  }
  if (!dryRun) {
    for (const file of removed) fs.remove(file);
    const texts = manifestTexts(current, files);
    if (state?.filesDigest !== texts.filesDigest || manifest === null) fs.write(MANIFEST_FILES, texts.files);
    if (fs.read(MANIFEST) !== texts.state) fs.write(MANIFEST, texts.state);
    for (const legacy of LEGACY_MANIFESTS) if (fs.read(legacy) !== null) fs.remove(legacy);
  }
  return { pages: rendered.size, written, unchanged, removed, dryRun, incremental, outputs: perOutput };
}

/** The build's report for the CLI: per output, files rendered, written and removed; every file listed when asked. */
export function formatPublishReport(r: PublishReport, list: boolean): string {
  const verb = r.dryRun ? 'would write' : 'written';
  const gone = r.dryRun ? 'would be removed' : 'removed';
  if (r.incremental && r.pages === 0) return 'Nothing changed since the last build: no file written\n';
  const lines = [
    `${r.pages} files ${r.incremental ? 'affected since the last build' : 'rendered'}: ${r.written.length} ${verb}, ${r.unchanged} unchanged, ${r.removed.length} ${gone}`,
  ];
  for (const [name, o] of Object.entries(r.outputs))
    lines.push(`  ${name}: ${o.rendered} rendered, ${o.written} ${verb}, ${o.removed} ${gone}`);
  if (list) {
    for (const f of r.written) lines.push(`  write  ${f}`);
    for (const f of r.removed) lines.push(`  remove ${f}`);
  }
  return `${lines.join('\n')}\n`;
}
