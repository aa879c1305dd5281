import assert from 'node:assert/strict';
import { test } from 'node:test';
import { htmlFile, pageHref, relativeHref } from './paths.ts';

test('links between pages are relative, so the site works from a folder and from any sub-path', () => {
  assert.equal(pageHref('/news/2016/04/28/x', '/news/2016/04/28/index'), 'index.html');
  assert.equal(pageHref('/news/2016/04/28/x', '/news/2016/04/21/index'), '../21/index.html');
  assert.equal(pageHref('/news/2016/04/28/x', '/entity/syria'), '../../../../entity/syria.html');
  assert.equal(pageHref('/index', '/news/2016/index'), 'news/2016/index.html');
  assert.equal(pageHref('/entity/syria', '/index'), '../index.html');
  assert.equal(relativeHref('/search', '/assets/site.css'), 'assets/site.css');
  assert.equal(relativeHref('/news/2016/index', '/news/2016/04/index.html'), '04/index.html');
});

test('the HTML file of a page path sits where the Markdown one does, with .html', () => {
  assert.equal(htmlFile('/news/2016/04/28/index'), 'news/2016/04/28/index.html');
  assert.equal(htmlFile('/index'), 'index.html');
});
