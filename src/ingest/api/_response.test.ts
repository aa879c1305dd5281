import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readQueryAnswer } from './_response.ts';

test('reads a revision, a missing page and the title normalisations of a formatversion=2 answer', () => {
  const answer = readQueryAnswer({
    batchcomplete: true,
    query: {
      normalized: [
        {
          fromencoded: false,
          from: 'Portal:Current_events/2016_April_28',
          to: 'Portal:Current events/2016 April 28',
        },
      ],
      pages: [
        { ns: 100, title: 'Portal:Current events/2016 April 29', missing: true },
        {
          pageid: 50172645,
          ns: 100,
          title: 'Portal:Current events/2016 April 28',
          revisions: [
            {
              revid: 1334920899,
              parentid: 1334920898,
              timestamp: '2026-01-01T00:00:00Z',
              slots: {
                main: {
                  contentmodel: 'wikitext',
                  contentformat: 'text/x-wiki',
                  content: '{{Current events}}',
                },
              },
            },
          ],
        },
      ],
    },
  });
  assert.deepEqual(answer, {
    kind: 'query',
    normalized: new Map([['Portal:Current_events/2016_April_28', 'Portal:Current events/2016 April 28']]),
    redirects: new Map(),
    pages: [
      { kind: 'missing', title: 'Portal:Current events/2016 April 29' },
      {
        kind: 'revision',
        title: 'Portal:Current events/2016 April 28',
        revisionId: 1334920899,
        timestamp: '2026-01-01T00:00:00Z',
        content: '{{Current events}}',
      },
    ],
  });
});

test('a hidden revision, an invalid title and a page awaiting continuation are told apart', () => {
  const answer = readQueryAnswer({
    continue: { rvcontinue: '50172645|1334920899', continue: '||' },
    query: {
      pages: [
        {
          ns: 100,
          title: 'Portal:Current events/2016 April 1',
          revisions: [{ revid: 7, timestamp: '2016-04-01T00:00:00Z', slots: { main: { texthidden: true } } }],
        },
        {
          title: 'Portal:Current events/<>',
          invalidreason: 'The requested page title contains invalid characters',
          invalid: true,
        },
        { pageid: 2, ns: 100, title: 'Portal:Current events/2016 April 2' },
      ],
    },
  });
  assert.ok(answer.kind === 'query');
  assert.deepEqual(answer.continueWith, { rvcontinue: '50172645|1334920899', continue: '||' });
  assert.deepEqual(answer.pages, [
    {
      kind: 'unusable',
      title: 'Portal:Current events/2016 April 1',
      reason: 'the text of revision 7 is hidden or missing',
    },
    {
      kind: 'unusable',
      title: 'Portal:Current events/<>',
      reason: 'the API calls the title invalid: The requested page title contains invalid characters',
    },
    { kind: 'pending', title: 'Portal:Current events/2016 April 2' },
  ]);
});

test('an API error keeps its code, info and lag', () => {
  assert.deepEqual(
    readQueryAnswer({ error: { code: 'maxlag', info: 'Waiting for db1: 7 seconds lagged.', lag: 7 } }),
    {
      kind: 'error',
      code: 'maxlag',
      info: 'Waiting for db1: 7 seconds lagged.',
      lag: 7,
    },
  );
});

test('answers in another shape are refused with what is wrong', () => {
  assert.throws(() => readQueryAnswer([1, 2]), /the answer is not a JSON object/);
  assert.throws(
    () => readQueryAnswer({ query: { pages: { '123': {} } } }),
    /"query.pages" is not a list \(was formatversion=2 honoured\?\)/,
  );
  assert.throws(() => readQueryAnswer({ query: { pages: [{ ns: 0 }] } }), /"query.pages\[0\]" has no title/);
});

test('reads the redirects of a redirects=1 answer, with the section a redirect names', () => {
  // The shape api.php gives for action=query&redirects=1&titles=…&formatversion=2.
  const answer = readQueryAnswer({
    batchcomplete: true,
    query: {
      normalized: [{ fromencoded: false, from: 'ISIL', to: 'ISIL' }],
      redirects: [
        { from: 'Islamic State in Iraq and the Levant', to: 'Islamic State' },
        { from: 'ISIS', to: 'Islamic State', tofragment: 'Name' },
      ],
      pages: [
        { pageid: 40913357, ns: 0, title: 'Islamic State' },
        { ns: 0, title: 'No such page here', missing: true },
      ],
    },
  });
  assert.equal(answer.kind, 'query');
  if (answer.kind !== 'query') return;
  assert.deepEqual(
    answer.redirects,
    new Map([
      ['Islamic State in Iraq and the Levant', { to: 'Islamic State' }],
      ['ISIS', { to: 'Islamic State', fragment: 'Name' }],
    ]),
  );
  assert.deepEqual(answer.pages, [
    { kind: 'pending', title: 'Islamic State' },
    { kind: 'missing', title: 'No such page here' },
  ]);
  assert.throws(
    () => readQueryAnswer({ query: { redirects: {}, pages: [] } }),
    /"query.redirects" is not a list/,
  );
});
