import { readFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The search page's script (assets/search.js). */
export const SEARCH_SCRIPT_FILE = 'assets/search.js';
/** The page script's entry module (its `main(globalThis)` runs last). */
const ENTRY = new URL('./browser-page.ts', import.meta.url);

/** Why a browser source cannot be put in the page script. */
export class SearchScriptError extends Error {
  override name = 'SearchScriptError';
}

interface Module {
  url: URL;
  code: string;
  exports: string[];
  imports: { names: string[]; from: URL }[];
}

const IMPORT = /^import\s*\{([^}]*)\}\s*from\s*["']([^"']+)["'];?[ \t]*$/gm;
const EXPORT = /^export (?:async )?(?:function\*?|const|let|class) ([A-Za-z_$][\w$]*)/gm;

/**
 * Types and comments removed (Node's own TypeScript transform; its one-time "experimental" notice is
 * kept off stderr), then each line's indentation and blank lines: the page script is ~40 % smaller.
 */
function strip(source: string): string {
  const emit = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: never[]) => {
    if (!String(warning).includes('stripTypeScriptTypes')) emit.call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return compact(stripTypeScriptTypes(source, { mode: 'transform' }));
  } finally {
    process.emitWarning = emit;
  }
}

/** Indentation and blank lines dropped; refused when a template literal spans lines (its text would change). */
function compact(code: string): string {
  const lines = code.split('\n');
  if (lines.some((l) => (l.match(/`/g)?.length ?? 0) % 2 === 1))
    throw new SearchScriptError('Cannot build the search script: a template literal spans lines');
  return lines
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join('\n');
}

function readModule(url: URL): Module {
  const file = fileURLToPath(url);
  const code = strip(readFileSync(url, 'utf8'));
  const imports: Module['imports'] = [];
  for (const m of code.matchAll(IMPORT)) {
    const names = (m[1] ?? '')
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n !== '');
    const from = m[2] ?? '';
    if (!from.startsWith('.') || names.some((n) => !/^[A-Za-z_$][\w$]*$/.test(n)))
      throw new SearchScriptError(
        `Cannot build the search script: ${file} imports ${m[0].trim()} (relative, unrenamed names only)`,
      );
    if (names.length > 0) imports.push({ names, from: new URL(from, url) });
  }
  const rest = code.replace(IMPORT, '');
  if (/^\s*(import|export)\b(?!\s+(?:async\s+)?(?:function|const|let|class)\b)/m.test(rest))
    throw new SearchScriptError(
      `Cannot build the search script: ${file} has an import or export it cannot carry`,
    );
  const exports = [...rest.matchAll(EXPORT)].map((m) => m[1] ?? '');
  return { url, code: rest.replace(/^export /gm, ''), exports, imports };
}

/** Modules reachable from the entry, each after the ones it imports. */
function ordered(entry: URL): Module[] {
  const out: Module[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (url: URL) => {
    const seen = state.get(url.href);
    if (seen === 'done') return;
    if (seen === 'open')
      throw new SearchScriptError(`Cannot build the search script: import cycle at ${url.href}`);
    state.set(url.href, 'open');
    const m = readModule(url);
    for (const i of m.imports) visit(i.from);
    state.set(url.href, 'done');
    out.push(m);
  };
  visit(entry);
  return out;
}

/**
 * The page script, made at build time from the TypeScript sources under src/publish/search and
 * src/model/search: types stripped, each module in its own function scope (its exports returned,
 * its imports read from earlier modules), then the entry's `main(globalThis)`. A classic script
 * (no modules, no fetch), so it runs from file:// as well.
 */
export function searchScript(): string {
  const modules = ordered(ENTRY);
  const names = new Map(modules.map((m, i) => [m.url.href, `m${i}`]));
  const parts = modules.map((m) => {
    const imports = m.imports.map((i) => `const { ${i.names.join(', ')} } = ${names.get(i.from.href)};`);
    return `// ${m.url.pathname.slice(m.url.pathname.lastIndexOf('/src/') + 1)}
const ${names.get(m.url.href)} = (function () {
${imports.join('\n')}
${m.code.trim()}
return { ${m.exports.join(', ')} };
})();`;
  });
  return `(function () {
'use strict';
${parts.join('\n')}
${names.get(ENTRY.href)}.main(globalThis);
})();
`;
}
