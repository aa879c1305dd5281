import { mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** The output folder as the builder sees it: paths are relative, with `/`. */
export interface SiteFs {
  /** The file's text, or null when it does not exist. */
  read(file: string): string | null;
  write(file: string, content: string): void;
  /** Removes the file, and its folder when that becomes empty. */
  remove(file: string): void;
  /** Every file under `dir` (relative to the root), recursively. */
  list(dir: string): string[];
}

/** A SiteFs on a real folder. */
export function nodeSiteFs(root: string): SiteFs {
  const abs = (file: string) => join(root, ...file.split('/'));
  // Folders this SiteFs made or found, so writing many files to one folder checks it once.
  const made = new Set<string>();
  return {
    read(file) {
      try {
        return readFileSync(abs(file), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    write(file, content) {
      const path = abs(file);
      const dir = dirname(path);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      writeFileSync(path, content);
    },
    remove(file) {
      rmSync(abs(file), { force: true });
      try {
        rmdirSync(dirname(abs(file)));
        made.delete(dirname(abs(file)));
      } catch {
        // Not empty: keep it.
      }
    },
    list(dir) {
      try {
        return readdirSync(abs(dir), { recursive: true, withFileTypes: true })
          .filter((d) => d.isFile())
          .map((d) => relative(root, join(d.parentPath, d.name)).split(sep).join('/'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
    },
  };
}
