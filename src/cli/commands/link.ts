import { type LinkReport, linkArchive } from '../../link/link.ts';
import { isRankName, RANK_HELP, RANKS, type RankName } from '../../link/rank.ts';
import { UsageError } from '../../model/errors.ts';
import { openStore } from '../../store/open.ts';
import { type Command, type CommandContext, stringOption } from '../command.ts';

/** The `--rank` option's value, checked. */
export function rankOption(ctx: CommandContext): RankName {
  const rank = stringOption(ctx, 'rank', 'reference');
  if (!isRankName(rank)) {
    throw new UsageError(`--rank must be one of ${RANKS.join(', ')}, e.g. --rank idf (got "${rank}")`);
  }
  return rank;
}

/** One line saying what a link run did. */
export function formatLinkReport(r: LinkReport): string {
  return `Linked ${r.events} events (rank ${r.rank}, top ${r.k}): ${r.changed} changed, ${r.removed} removed, ${r.recomputed} lists recomputed, ${r.listsChanged} lists changed${r.full ? ' (full)' : ''} in ${r.ms.toFixed(0)} ms\n`;
}

/** `currents link`: compute and store the related events of every event. */
export const linkCommand: Command = {
  name: 'link',
  summary: 'Compute the related events of every event (incremental) and store them',
  help: `Usage: currents link [--db FILE] [--rank ${RANKS.join('|')}] [--full]

Finds, for every event, the 10 events from any day that share the most context (its own links
plus its storyline's links), through an inverted index entity → events, and stores the lists.
Incremental: only events that changed since the last run, and events sharing an entity with
them, are recomputed. \`currents build\` runs this itself, so you rarely need it.

Rankings (--rank):
${RANKS.map((r) => `  ${r.padEnd(10)} ${RANK_HELP[r]}`).join('\n')}
Ties: newer date first, then earlier on the day. Each ranking is stored separately.

Options:
  --rank NAME   ranking to compute (default reference)
  --full        recompute every list, not only the changed ones

Examples:
  currents link                    # the reference rule
  currents link --rank idf         # rare entities count more than "United States"
  currents link --rank recency --full
`,
  options: { rank: { type: 'string' }, full: { type: 'boolean' } },
  allowPositionals: false,
  async run(ctx) {
    const rank = rankOption(ctx);
    const store = openStore(ctx.dbFile);
    try {
      const report = linkArchive(store.db, { rank, full: ctx.values['full'] === true });
      ctx.stdout.write(formatLinkReport(report));
      return 0;
    } finally {
      store.db.close();
    }
  },
};
