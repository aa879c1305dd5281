import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { userAgent, VERSION } from './version.ts';

test('states the version package.json states', () => {
  const pkg: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  assert.equal(typeof pkg === 'object' && pkg !== null && 'version' in pkg ? pkg.version : null, VERSION);
});

test('names the program, its version, the contact and the runtime in the User-Agent', () => {
  const node = process.versions.node;
  assert.equal(
    userAgent('https://example.org/bot'),
    `Currents/${VERSION} (+https://example.org/bot) node/${node}`,
  );
  assert.equal(userAgent('ops@example.org'), `Currents/${VERSION} (ops@example.org) node/${node}`);
});
