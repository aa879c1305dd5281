import { readdirSync, readFileSync } from 'node:fs';

/** One forward migration: the schema version it brings the store to and its SQL. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const DIR = new URL('./migrations/', import.meta.url);

/**
 * The store's migrations, read from `migrations/NNN-name.sql` in version order.
 * Each stage that needs tables adds its own numbered file; versions must be 1, 2, 3 … without gaps.
 */
export function loadMigrations(): Migration[] {
  const files = readdirSync(DIR)
    .filter((f) => /^\d{3}-[\w-]+\.sql$/.test(f))
    .sort();
  return files.map((file, i) => {
    const version = Number(file.slice(0, 3));
    if (version !== i + 1)
      throw new Error(`Store migrations out of order: ${file} should be version ${i + 1}`);
    return { version, name: file.slice(4, -4), sql: readFileSync(new URL(file, DIR), 'utf8') };
  });
}
