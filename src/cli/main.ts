import { parseArgs } from 'node:util';
import { UsageError } from '../model/errors.ts';
import { VERSION } from '../model/version.ts';
import type { CommandContext } from './command.ts';
import { COMMANDS } from './commands.ts';
import { describeFailure, EXIT } from './exit.ts';

function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `currents — Wikipedia's Current events portal as a permanent, entity-linked news archive

Usage: currents [--db FILE] <command> [options]

Commands:
${lines.join('\n')}

Global options:
  --db FILE     the SQLite store (default: $CURRENTS_DB, else ./currents.db)
  -h, --help    show help; \`currents <command> --help\` shows a command's options and examples
  --version     print the version

Examples:
  currents ingest examples/portal                  # the bundled 25 real days
  currents ingest --from 2016-04-01 --to 2016-04-30 # from Wikipedia's API
  currents export events > events.jsonl
`;
}

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: string[], io: Pick<CommandContext, 'stdout' | 'stderr'>): Promise<number> {
  let dbFile: string | undefined;
  try {
    const globalArgs = splitGlobal(argv);
    if (globalArgs.version) {
      io.stdout.write(`currents ${VERSION}\n`);
      return EXIT.ok;
    }
    if (!globalArgs.command) {
      io.stdout.write(mainHelp());
      return globalArgs.help ? EXIT.ok : EXIT.usage;
    }
    const entry = COMMANDS[globalArgs.command];
    if (!entry) {
      throw new UsageError(
        `Unknown command "${globalArgs.command}". Commands: ${Object.keys(COMMANDS).join(', ')}`,
      );
    }
    const command = await entry.load();
    if (globalArgs.rest.includes('--help') || globalArgs.rest.includes('-h')) {
      io.stdout.write(command.help);
      return EXIT.ok;
    }
    const parsed = parseArgs({
      args: globalArgs.rest,
      options: { ...command.options, db: { type: 'string' } },
      allowPositionals: command.allowPositionals,
      strict: true,
    });
    dbFile =
      (typeof parsed.values.db === 'string' ? parsed.values.db : undefined) ??
      globalArgs.db ??
      process.env['CURRENTS_DB'] ??
      'currents.db';
    return await command.run({
      positionals: parsed.positionals,
      values: parsed.values as CommandContext['values'],
      dbFile,
      stdout: io.stdout,
      stderr: io.stderr,
    });
  } catch (error) {
    const { code, message } = describeFailure(error, dbFile === undefined ? {} : { dbFile });
    io.stderr.write(`currents: ${message}\n`);
    return code;
  }
}

interface GlobalArgs {
  command?: string;
  db?: string;
  help: boolean;
  version: boolean;
  rest: string[];
}

/** Separates the global options before the command name from the command and its arguments. */
function splitGlobal(argv: string[]): GlobalArgs {
  const out: GlobalArgs = { help: false, version: false, rest: [] };
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--db') {
      const v = argv[++i];
      if (v === undefined) throw new UsageError('--db needs a file name, e.g. --db archive.db');
      out.db = v;
    } else if (a.startsWith('--db=')) out.db = a.slice(5);
    else if (a === '--help' || a === '-h') out.help = true;
    else if (a === '--version') out.version = true;
    else if (a.startsWith('-')) throw new UsageError(`Unknown option "${a}" before the command`);
    else break;
  }
  if (i < argv.length) {
    out.command = argv[i]!;
    out.rest = argv.slice(i + 1);
  }
  return out;
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
}
