#!/usr/bin/env node
// Entry point for `npx currents`: Node >= 24 runs the TypeScript CLI directly (type stripping).
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stderr.write(
    `currents needs Node.js 24 or newer (this is ${process.version}). Run it through npm (npx currents, npm run currents) so the project-local Node 24 is used.\n`,
  );
  process.exit(1);
}
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
