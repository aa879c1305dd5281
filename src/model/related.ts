import type { EntityTitle, EventId, IsoDate } from './ids.ts';

/** The rankings of related events the link stage stores (src/link/rank.ts says how each scores). */
export type RankName = 'reference' | 'idf' | 'recency';

/** What linking needs of an event (the link stage's input, as the store reads it). */
export interface LinkEvent {
  id: EventId;
  date: IsoDate;
  position: number;
  /** Context entities, sorted, unique. */
  context: readonly EntityTitle[];
}

/** One related event as the link stage stores it: the other event, its score, the shared context. */
export interface RelatedEntry {
  id: EventId;
  score: number;
  /** Shared context entities, sorted alphabetically (code-unit order). */
  shared: EntityTitle[];
}
