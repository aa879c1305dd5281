import { terminalLine } from './terminal.ts';

/** Reports progress of a long job: a redrawn bar on a terminal, one plain line per step otherwise. */
export interface Progress {
  step(done: number, detail: string): void;
  finish(): void;
}

/**
 * @example const p = progress(ctx.stderr, 'ingest', files.length); p.step(1, 'a.wiki'); p.finish();
 */
export function progress(
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
  label: string,
  total: number,
): Progress {
  const tty = stream.isTTY === true;
  let drawn = false;
  return {
    step(done, raw) {
      // The detail names an input (a file name, a URL): escaped, it cannot drive the terminal.
      const detail = terminalLine(raw);
      if (!tty) {
        stream.write(`${label} ${done}/${total} ${detail}\n`);
        return;
      }
      const columns = stream.columns || 80;
      const width = Math.max(10, Math.min(40, columns - 40));
      const filled = Math.round((done / Math.max(total, 1)) * width);
      const pct = String(Math.round((done / Math.max(total, 1)) * 100)).padStart(3);
      const room = Math.max(0, columns - width - label.length - 20);
      const tail = detail.length > room ? `…${detail.slice(detail.length - room + 1)}` : detail;
      stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${pct}% ${tail}\x1b[K`);
      drawn = true;
    },
    finish() {
      if (tty && drawn) stream.write('\n');
    },
  };
}
