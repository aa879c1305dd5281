import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { type ServeFixture, serveFixture } from '../../test/fixtures/serve.ts';
import { XSS_DATE, XSS_TITLE } from '../../test/fixtures/xss.ts';
import { json, rawRequest } from './_request.ts';
import { checkSchema, type Schema } from './_schema.ts';
import { createCurrentsServer, type Listening, listen } from './server.ts';

interface OpenApi {
  paths: Record<
    string,
    { get: { responses: Record<string, { content?: { 'application/json': { schema: Schema } } }> } }
  >;
  components: { schemas: Record<string, Schema> };
}

const SPEC = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8')) as OpenApi;

/** Requests covering every documented path and every documented status but 304 and 500. */
const REQUESTS = [
  '/api',
  '/api/days',
  '/api/days/2016-04-28',
  `/api/days/${XSS_DATE}`,
  '/api/days/2016-02-30',
  '/api/days/2016-04-29',
  '/api/events/20160428-b05e633a3066',
  '/api/events/20161230-d6f8fa6de600',
  '/api/events/nope',
  '/api/events/20160428-000000000000',
  '/api/entities/Syria?limit=5&page=2',
  `/api/entities/${encodeURIComponent(XSS_TITLE)}`,
  '/api/entities/Nobody%20at%20all',
  `/api/entities/${'x'.repeat(300)}`,
  '/api/entities/Syria?order=up',
  '/api/search?q=de+Mistura',
  '/api/search?q=sputtered',
  '/api/search?q=zorblax',
  '/api/search?q=',
  `/api/search?q=${'a'.repeat(201)}`,
];

/** The documented path template a request falls under. */
function template(path: string): string {
  const p = path.split('?')[0] ?? '';
  for (const t of Object.keys(SPEC.paths)) {
    const re = new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (re.test(p)) return t;
  }
  throw new Error(`No documented path for ${path}`);
}

describe('docs/openapi.json describes what the server answers', () => {
  let fx: ServeFixture;
  let srv: Listening;
  before(async () => {
    fx = await serveFixture();
    srv = await listen(
      createCurrentsServer({ db: fx.store.db, root: fx.site, log: () => {} }),
      0,
      '127.0.0.1',
    );
  });
  after(async () => {
    await srv.close();
    fx.dispose();
  });

  for (const path of REQUESTS) {
    test(`${path.slice(0, 70)} matches its documented answer`, async () => {
      const r = await rawRequest(srv.url, path);
      const responses = SPEC.paths[template(path)]?.get.responses ?? {};
      const documented = responses[String(r.status)];
      assert.ok(documented, `status ${r.status} of ${path} is documented`);
      const schema = documented.content?.['application/json'].schema;
      assert.ok(schema, `status ${r.status} has a JSON schema`);
      assert.deepEqual(checkSchema(json(r), schema, SPEC.components.schemas), []);
    });
  }

  test('every documented path and error status is exercised above', async () => {
    const seen = new Set<string>();
    for (const path of REQUESTS) {
      const r = await rawRequest(srv.url, path);
      seen.add(`${template(path)} ${r.status}`);
    }
    const documented = Object.entries(SPEC.paths).flatMap(([p, item]) =>
      Object.keys(item.get.responses)
        .filter((s) => s !== '304' && s !== '500')
        .map((s) => `${p} ${s}`),
    );
    assert.deepEqual(
      documented.filter((d) => !seen.has(d)),
      [],
    );
  });

  test('the checker itself rejects a wrong answer', () => {
    const errors = checkSchema(
      { date: 5, extra: true },
      { $ref: '#/components/schemas/Days' },
      SPEC.components.schemas,
    );
    assert.deepEqual(errors, ['$.days: missing', '$.date: not in the schema', '$.extra: not in the schema']);
  });
});
