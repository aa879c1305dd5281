import type { Output } from '../engine/output.ts';
import { markdownFile, renderDayPage, renderEventPage, renderIndexPage } from '../markdown/render.ts';

/** The Markdown archive: index.md, news/YYYY/index.md, news/YYYY/MM/index.md, day and event pages. */
export const markdownOutput: Output = {
  name: 'markdown',
  owns: (file) => file === 'index.md' || (file.startsWith('news/') && file.endsWith('.md')),
  *site(ctx) {
    for (const p of ctx.model.indexes) yield [markdownFile(p.path), renderIndexPage(p)];
  },
  *day(_ctx, day) {
    yield [markdownFile(day.page.path), renderDayPage(day.page)];
  },
  *event(_ctx, page) {
    yield [markdownFile(page.path), renderEventPage(page)];
  },
};
