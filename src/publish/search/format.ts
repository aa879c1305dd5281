/**
 * Version of the offline index's files (1 was the single MiniSearch file, 2 had per-year statistics
 * and cut texts); the page refuses files of another version.
 */
export const SEARCH_INDEX_VERSION = 3;
/** Folder of the split index; each year's files are under `<folder><year>/`. */
export const SEARCH_DIR = 'assets/search/';
/** The entry script search.html loads first (years and their event counts). */
export const SEARCH_ENTRY_FILE = `${SEARCH_DIR}entry.js`;
