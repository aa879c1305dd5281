import type { DatabaseSync } from 'node:sqlite';
import { asEntityTitle, asEventId, type EventId } from '../model/ids.ts';
import type { RelatedEntry } from '../model/related.ts';
import { readRelated } from '../store/related.ts';

/** An event's related list and where it came from. */
export interface RelatedList {
  entries: RelatedEntry[];
  /** `stored`: the link stage's list; `computed`: the reference rule run now (the store was not linked yet). */
  origin: 'stored' | 'computed';
}

/**
 * The related events of one event under the reference rule: the link stage's stored list when the
 * event was linked, else the same rule computed from `event_entities` (most shared context
 * entities, then newer date, then earlier position; top `k`).
 */
export function relatedOf(db: DatabaseSync, id: EventId, k = 10): RelatedList {
  const linked = db
    .prepare("SELECT 1 AS x FROM link_inputs WHERE rank = 'reference' AND event_id = ?")
    .get(id);
  if (linked) return { entries: readRelated(db, 'reference', [id]).get(id) ?? [], origin: 'stored' };
  const rows = db
    .prepare(
      `SELECT o.event_id AS id, count(*) AS score, json_group_array(o.title) AS shared
         FROM event_entities m
         JOIN event_entities o ON o.title = m.title AND o.event_id <> m.event_id
         JOIN events e ON e.id = o.event_id
        WHERE m.event_id = ?
        GROUP BY o.event_id
        ORDER BY score DESC, e.date DESC, e.position ASC
        LIMIT ?`,
    )
    .all(id, k);
  return {
    origin: 'computed',
    entries: rows.map((r) => {
      const shared: unknown = JSON.parse(String(r['shared']));
      const titles = Array.isArray(shared) ? shared.filter((t): t is string => typeof t === 'string') : [];
      return {
        id: asEventId(String(r['id'])),
        score: Number(r['score']),
        shared: titles.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(asEntityTitle),
      };
    }),
  };
}
