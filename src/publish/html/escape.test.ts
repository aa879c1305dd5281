import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outLink, safeHref, text } from './escape.ts';

test('text escapes the five HTML-significant characters, so markup and quotes stay text', () => {
  assert.equal(
    text(`<script>alert("x")</script> & 'y'`),
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;',
  );
  assert.equal(text('"onerror=alert(1)'), '&quot;onerror=alert(1)');
});

test('safeHref keeps http(s) URLs and drops javascript:, data:, vbscript:, relative and credentialled ones', () => {
  assert.equal(safeHref('http://bigstory.ap.org/article/x'), 'http://bigstory.ap.org/article/x');
  assert.equal(safeHref('https://example.org/a b?c="d"'), 'https://example.org/a%20b?c=%22d%22');
  for (const bad of [
    'javascript:alert(1)',
    ' JaVaScRiPt:alert(1)',
    'java\tscript:alert(1)',
    '\u0000javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    '/news/2016',
    '//evil.example/x',
    'https://user:pw@example.org/',
    `https://example.org/${'a'.repeat(5000)}`,
  ]) {
    assert.equal(safeHref(bad), null, bad);
  }
});

test('outLink shows the label alone when the URL is not safe, and escapes both label and URL', () => {
  assert.equal(outLink('<b>AP</b>', 'javascript:alert(1)'), '&lt;b&gt;AP&lt;/b&gt;');
  assert.equal(
    outLink('AP', 'http://example.com/z?a="><script>'),
    '<a href="http://example.com/z?a=%22%3E%3Cscript%3E" rel="nofollow noopener noreferrer">AP</a>',
  );
});
