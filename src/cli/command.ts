import type { ParseArgsOptionsConfig } from 'node:util';

/** What a command gets: its parsed arguments and the process's edges. */
export interface CommandContext {
  /** Positional arguments after the command name. */
  positionals: string[];
  /** Parsed option values (strings, booleans, or string arrays for `multiple` options). */
  values: Record<string, string | boolean | string[] | undefined>;
  /** The store file: `--db`, else `CURRENTS_DB`, else `currents.db` in the working directory. */
  dbFile: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

/** One `currents <name>` command. `run` resolves to the exit code (0 ok, 1 failure). */
export interface Command {
  name: string;
  /** One line for `currents --help`. */
  summary: string;
  /** The text of `currents <name> --help`: usage, options, examples. */
  help: string;
  options: ParseArgsOptionsConfig;
  /** Whether positional arguments are accepted. */
  allowPositionals: boolean;
  run(ctx: CommandContext): Promise<number>;
}

/** Reads a string option, or `fallback` when it was not given. */
export function stringOption(ctx: CommandContext, name: string, fallback: string): string;
export function stringOption(ctx: CommandContext, name: string): string | undefined;
export function stringOption(ctx: CommandContext, name: string, fallback?: string): string | undefined {
  const v = ctx.values[name];
  return typeof v === 'string' ? v : fallback;
}
