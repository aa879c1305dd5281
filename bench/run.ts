import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

/** A benchmark module: `bench/<name>.bench.ts` exports `run()` resolving to a Markdown section (### heading, table). */
export interface BenchModule {
  run(): Promise<string>;
}

const only = process.argv.slice(2);
const modules = ['ingest', 'link', 'build', 'extract', 'serve', 'site'].filter(
  (m) => only.length === 0 || only.includes(m),
);
const sections: string[] = [];
for (const name of modules) {
  const url = new URL(`./${name}.bench.ts`, import.meta.url);
  let mod: BenchModule;
  try {
    mod = (await import(url.href)) as BenchModule;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') continue;
    throw error;
  }
  process.stderr.write(`bench: ${name} …\n`);
  sections.push(await mod.run());
}
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const header = `# Benchmarks

Written by \`npm run bench\` (\`node bench/run.ts\`) on ${new Date().toISOString().slice(0, 10)}.
Machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform}/${process.arch}.
Each section names its data and its command; re-run one section with \`node bench/run.ts <name>\`.
`;
if (only.length === 0)
  writeFileSync(new URL('../docs/BENCHMARKS.md', import.meta.url), `${header}\n${sections.join('\n\n')}\n`);
else process.stdout.write(`${sections.join('\n\n')}\n`);
