// Rewrites the golden files from the current parser: `npm run golden:update`.
// Review the diff by hand (git diff test/golden) before committing: the golden files are the parser's contract.
import { mkdirSync, writeFileSync } from 'node:fs';
import { GOLDEN, GOLDEN_DAYS, goldenOf } from './days.ts';

mkdirSync(GOLDEN, { recursive: true });
for (const day of GOLDEN_DAYS) {
  const { name, json } = goldenOf(day);
  writeFileSync(new URL(name, GOLDEN), json);
  process.stdout.write(`wrote test/golden/days/${name}\n`);
}
