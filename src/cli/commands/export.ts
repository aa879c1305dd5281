import { UsageError } from '../../model/errors.ts';
import { exportedEvent } from '../../model/export.ts';
import { isIsoDate } from '../../model/ids.ts';
import { readEvents } from '../../store/events.ts';
import { openStore } from '../../store/open.ts';
import { type Command, stringOption } from '../command.ts';

/** `currents export events`: one JSON object per event on stdout. */
export const exportCommand: Command = {
  name: 'export',
  summary: 'Write the stored events as JSON Lines (the public contract)',
  help: `Usage: currents export events [--format jsonl] [--from DATE] [--to DATE]

Writes one JSON object per event to stdout, in portal order (date, then position on the day):
  {"id","date":"YYYY-MM-DD","category","storyline":[…],"text","context":[…sorted],
   "sources":[{"url","publisher"}],"position","links":[{"start","end","title"}]}
This shape is the stable public contract (docs/EXPORT.md): fields are only ever added.

Options:
  --format jsonl   output format (jsonl is the only one, and the default)
  --from DATE      first day (YYYY-MM-DD)
  --to DATE        last day

Examples:
  currents export events > events.jsonl
  currents export events --from 2016-04-28 --to 2016-04-28 | jq .text
`,
  options: { format: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
  allowPositionals: true,
  async run(ctx) {
    if (ctx.positionals[0] !== 'events' || ctx.positionals.length > 1) {
      throw new UsageError('Say what to export: currents export events');
    }
    const format = stringOption(ctx, 'format', 'jsonl');
    if (format !== 'jsonl') throw new UsageError(`Unknown --format "${format}": only jsonl is supported`);
    const query: { from?: string; to?: string } = {};
    for (const key of ['from', 'to'] as const) {
      const v = stringOption(ctx, key);
      if (v === undefined) continue;
      if (!isIsoDate(v)) throw new UsageError(`--${key} needs a date written YYYY-MM-DD (got "${v}")`);
      query[key] = v;
    }
    const store = openStore(ctx.dbFile, { readonly: true });
    try {
      for (const e of readEvents(store.db, query)) {
        const ok = ctx.stdout.write(`${JSON.stringify(exportedEvent(e))}\n`);
        if (!ok) await new Promise((resolve) => ctx.stdout.once('drain', resolve));
      }
      return 0;
    } finally {
      store.db.close();
    }
  },
};
