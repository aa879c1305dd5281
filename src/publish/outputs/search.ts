import type { Output } from '../engine/output.ts';
import { SEARCH_SCRIPT_FILE, searchScript } from '../search/client.ts';
import { SEARCH_DIR } from '../search/format.ts';
import { searchEntryFile, searchYearFiles } from '../search/index.ts';
import { renderSearchPage } from '../search/page.ts';

/** The offline search: search.html, its script and the index under assets/search/ (a year's files per year). */
export const searchOutput: Output = {
  name: 'search',
  owns: (file) => file === 'search.html' || file === SEARCH_SCRIPT_FILE || file.startsWith(SEARCH_DIR),
  *site(ctx) {
    yield [SEARCH_SCRIPT_FILE, searchScript()];
    yield searchEntryFile(new Map([...ctx.model.byYear].map(([y, list]) => [y, list.length])));
    yield ['search.html', renderSearchPage()];
  },
  year(_ctx, year, events) {
    return searchYearFiles(year, events);
  },
};
