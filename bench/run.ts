import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

/** A benchmark module: `bench/<name>.bench.ts` exports `run()` resolving to a Markdown section (### heading, table). */
export interface BenchModule {
  run(): Promise<string>;
}

const MODULES = ['ingest', 'link', 'build', 'extract', 'serve', 'site', 'search'];
const REPORT = new URL('../docs/BENCHMARKS.md', import.meta.url);
const USAGE = `Usage: node bench/run.ts [--write] [MODULE...]

Runs the benchmarks (all of them when no MODULE is named) and writes docs/BENCHMARKS.md.
With MODULEs, prints their sections instead; --write also puts them into docs/BENCHMARKS.md in
place of their previous sections, leaving the others as they were (each section is dated).
Modules: ${MODULES.join(', ')}.
`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const write = args.includes('--write');
const only = args.filter((a) => a !== '--write');
const unknown = only.filter((m) => !MODULES.includes(m));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown module ${unknown.join(', ')}\n${USAGE}`);
  process.exit(2);
}
const today = new Date().toISOString().slice(0, 10);
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const machine = `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform}/${process.arch}`;

/** A section as it sits in the report: a marker naming its module, then the date, machine and text. */
function section(name: string, text: string): string {
  return `<!-- bench:${name} -->\n_Run on ${today}, ${machine}._\n\n${text.trim()}\n`;
}

/** The report's sections by module name (the text between one marker and the next). */
function previousSections(): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(REPORT)) return out;
  const parts = readFileSync(REPORT, 'utf8').split(/^(?=<!-- bench:[a-z]+ -->$)/m);
  for (const part of parts) {
    const name = /^<!-- bench:([a-z]+) -->$/m.exec(part)?.[1];
    if (name) out.set(name, `${part.trim()}\n`);
  }
  return out;
}

const sections = new Map<string, string>();
for (const name of MODULES.filter((m) => only.length === 0 || only.includes(m))) {
  const url = new URL(`./${name}.bench.ts`, import.meta.url);
  if (!existsSync(url)) {
    process.stderr.write(`bench: ${name}: bench/${name}.bench.ts is missing, skipped\n`);
    continue;
  }
  process.stderr.write(`bench: ${name} …\n`);
  const mod = (await import(url.href)) as BenchModule;
  sections.set(name, section(name, await mod.run()));
}

const header = `# Benchmarks

Written by \`npm run bench\` (\`node bench/run.ts\`). Each section names its data and its command,
and the date and machine it ran on; re-run one with \`node bench/run.ts --write <name>\`.
`;
if (only.length === 0 || write) {
  const previous = only.length === 0 ? new Map<string, string>() : previousSections();
  const body = MODULES.map((m) => sections.get(m) ?? previous.get(m))
    .filter((s): s is string => s !== undefined)
    .join('\n\n');
  writeFileSync(REPORT, `${header}\n${body}`);
} else process.stdout.write([...sections.values()].join('\n\n'));
