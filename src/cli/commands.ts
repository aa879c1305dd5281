import type { Command } from './command.ts';

/** Every command, loaded on demand so `currents --help` stays fast. Order is the order of `--help`. */
export const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  demo: {
    summary: 'Run the whole pipeline on the bundled 25 real days (what npm start runs)',
    load: async () => (await import('./commands/demo.ts')).demoCommand,
  },
  ingest: {
    summary: 'Read portal wikitext (files, folders, or the MediaWiki API) into the store',
    load: async () => (await import('./commands/ingest.ts')).ingestCommand,
  },
  update: {
    summary: 'Fetch the last days from Wikipedia and re-ingest those whose revision changed',
    load: async () => (await import('./commands/update.ts')).updateCommand,
  },
  enrich: {
    summary: 'Fetch every cited source (politely), rescue dead ones from the Wayback Machine, store ledes',
    load: async () => (await import('./commands/enrich.ts')).enrichCommand,
  },
  extract: {
    summary: 'Print the title, publisher, date, language and lede of one saved article page as JSON',
    load: async () => (await import('./commands/extract.ts')).extractCommand,
  },
  export: {
    summary: 'Write the stored events as JSON Lines (the public contract)',
    load: async () => (await import('./commands/export.ts')).exportCommand,
  },
  link: {
    summary: 'Compute the related events of every event (incremental) and store them',
    load: async () => (await import('./commands/link.ts')).linkCommand,
  },
  build: {
    summary: 'Write the Markdown archive (event, day, month, year pages), only what changed',
    load: async () => (await import('./commands/build.ts')).buildCommand,
  },
  serve: {
    summary: 'Serve the built site and a JSON API (days, events, entities, search) on a local port',
    load: async () => (await import('./commands/serve.ts')).serveCommand,
  },
};
