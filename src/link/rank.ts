import type { RankName } from '../model/related.ts';

/** The rankings of related events (`reference` is the reference page's rule and the default). */
export type { RankName } from '../model/related.ts';

/** Every ranking, default first. */
export const RANKS: readonly RankName[] = ['reference', 'idf', 'recency'];

/** One line per ranking, for `--help` and docs. */
export const RANK_HELP: Record<RankName, string> = {
  reference: 'number of shared context entities (the reference page rule)',
  idf: 'shared entities weighted by rarity: each counts 1 / ln(1 + events that name it)',
  recency: 'shared entities divided by 1 + (days apart / 30): nearby dates first',
};

/** True when `s` names a ranking. */
export function isRankName(s: string): s is RankName {
  return (RANKS as readonly string[]).includes(s);
}

/**
 * Weight of an entity named by `df` events under `idf`. It depends on the entity's own count
 * only (not on the archive size), so adding a day changes only the scores of events that share
 * an entity with it: incremental linking stays exact.
 */
export function rarityWeight(df: number): number {
  return 1 / Math.log(1 + df);
}

/** Half-scale of the `recency` decay, in days. */
export const RECENCY_DAYS = 30;

/** The `recency` factor for two events `days` apart. */
export function recencyFactor(days: number): number {
  return 1 / (1 + Math.abs(days) / RECENCY_DAYS);
}
