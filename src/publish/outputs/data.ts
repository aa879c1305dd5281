import { exportedEvent } from '../../model/export.ts';
import type { Output } from '../engine/output.ts';
import { dayDataPath } from '../model.ts';

/**
 * The per-day JSON dataset (docs/EXPORT.md): data/YYYY/MM/DD.json, a JSON array of the day's events
 * in portal order, each the object `currents export events` writes (the same serialiser), one per line.
 */
export const dataOutput: Output = {
  name: 'data',
  owns: (file) => /^data\/\d{4}\/\d{2}\/\d{2}\.json$/.test(file),
  *day(_ctx, day) {
    const lines = day.events.map((e, position) => JSON.stringify(exportedEvent({ ...e, position })));
    yield [dayDataPath(day.page.date).slice(1), `[\n${lines.join(',\n')}\n]\n`];
  },
};
