import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type PageState, renderInline } from './inline.ts';

const fresh = (): PageState => ({ namedRefs: new Map() });

// Each input is a verbatim piece of a real portal page (../shared/data/README.md quotes them).
test('links show their labels, glued suffixes stay, entities are the targets', () => {
  const r = renderInline(
    'Italian [[motorcyclist]] [[Fabrizio Meoni]] dies in the [[Indonesia]]n [[kidnapping]]s',
    fresh(),
  );
  assert.equal(r.text, 'Italian motorcyclist Fabrizio Meoni dies in the Indonesian kidnappings');
  assert.deepEqual(r.links, ['Motorcyclist', 'Fabrizio Meoni', 'Indonesia', 'Kidnapping']);
  const piped = renderInline("[[War in Donbas (2014–2022)|War in Donbass]], [[ Myanmar|Myanmar's]]", fresh());
  assert.equal(piped.text, "War in Donbass, Myanmar's");
  assert.deepEqual(piped.links, ['War in Donbas (2014–2022)', 'Myanmar']);
});

test('bracketed sources become sources: labels, italics, via, glued labels, archive.org, dead links', () => {
  const r = renderInline(
    "Eq. Guinea vote. [http://www.tulsaworld.com/a.html (AP via ''Tulsa World'')] [https://spaceflightnow.com/2018/01/13/x/''(Spaceflight Now)'']",
    fresh(),
  );
  assert.equal(r.text, 'Eq. Guinea vote.');
  assert.deepEqual(
    r.sources.map((s) => s.publisher),
    ['AP via Tulsa World', 'Spaceflight Now'],
  );
  const archived = renderInline(
    'Ogbeh resigns. [https://web.archive.org/web/20050901162007/http://www.vanguardngr.com/articles/2002/columns/c211012005.html (Vanguard)] [http://www.reuters.com/newsArticle.jhtml?type=domesticNews&storyID=7287887 (Reuters)]{{Dead link|date=August 2021 |bot=InternetArchiveBot |fix-attempted=yes }}',
    fresh(),
  );
  assert.equal(archived.sources[0]?.url, 'http://www.vanguardngr.com/articles/2002/columns/c211012005.html');
  assert.match(archived.sources[0]?.archiveUrl ?? '', /^https:\/\/web\.archive\.org\/web\/20050901162007\//);
  assert.equal(archived.sources[1]?.deadLink, true);
  assert.equal(archived.sources[0]?.deadLink, false);
  const unlabelled = renderInline('Hindutva conference. [https://dismantlinghindutva.com/]', fresh());
  assert.equal(unlabelled.sources[0]?.publisher, 'dismantlinghindutva.com');
});

test('<ref>{{cite web}}</ref> and named refs give sources and no text', () => {
  const state = fresh();
  const r = renderInline(
    'Abbas issues an ultimatum.<ref>{{cite web|url=http://www.washtimes.com/world/20030905-120801-4875r.htm|title=Abbas feud|work=The Washington Times|accessdate=17 October 2015}}</ref> VOA reports.<ref name="voanews.com">[http://www.voanews.com/article.cfm?objectID=B2 ]{{dead link|date=October 2015}}</ref>',
    state,
  );
  assert.equal(r.text, 'Abbas issues an ultimatum. VOA reports.');
  assert.deepEqual(
    r.sources.map((s) => [s.publisher, s.deadLink]),
    [
      ['The Washington Times', false],
      ['voanews.com', true],
    ],
  );
  const reuse = renderInline('Again.<ref name="voanews.com"/>', state);
  assert.equal(reuse.sources[0]?.url, 'http://www.voanews.com/article.cfm?objectID=B2');
});

test('templates: convert, nowiki, maintenance; unknown ones are reported', () => {
  const r = renderInline(
    "A {{convert|202|km|adj=on}} human chain<nowiki>''Closed Controlled Access Centers\"</nowiki>{{citation needed|date=May 2018}}",
    fresh(),
  );
  assert.equal(r.text, "A 202 km human chain''Closed Controlled Access Centers\"");
  assert.deepEqual(r.problems, []);
  const unknown = renderInline('Text {{Some new template|x}} more', fresh());
  assert.equal(unknown.text, 'Text more');
  assert.equal(unknown.problems[0]?.kind, 'unknown-template');
});

test('unclosed markup is reported and leaves no brackets in the text', () => {
  const r = renderInline('The [[Government of Ireland suspends {{convert|26|in|cm the vaccine', fresh());
  assert.doesNotMatch(r.text, /\[\[|\{\{/);
  assert.deepEqual(
    r.problems.map((p) => p.kind),
    ['unclosed-link', 'unclosed-template'],
  );
});

test('text after the sources that only separates them is not event text', () => {
  const r = renderInline(
    "The [[new Belarusian ruble]] replaces the old one. [http://www.sb.by/a.html (''Belarus segodnya'')] (in Russian) [http://russianconstruction.com/b.html (Construction.RU)]",
    fresh(),
  );
  assert.equal(r.text, 'The new Belarusian ruble replaces the old one.');
  assert.equal(r.sources.length, 2);
});
