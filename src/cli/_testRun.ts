import { PassThrough } from 'node:stream';
import { main } from './main.ts';

/** Runs the CLI in process with captured output (tests only): the exit code and what it printed. */
export async function runCli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += String(c)));
  stderr.on('data', (c) => (err += String(c)));
  const code = await main(argv, { stdout, stderr });
  return { code, out, err };
}
