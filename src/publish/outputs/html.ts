import type { Output } from '../engine/output.ts';
import { renderEntityPage, renderStorylinePage } from '../html/entity.ts';
import { CSS_FILE, ICON_FILE, ICON_SVG } from '../html/layout.ts';
import { NOT_FOUND_FILE, renderNotFoundPage } from '../html/notfound.ts';
import { renderDayPage, renderEventPage, renderHomePage, renderIndexPage } from '../html/pages.ts';
import { htmlFile } from '../html/paths.ts';
import { SITE_CSS } from '../html/style.ts';
import type { DayPageModel } from '../model.ts';

/** Days shown in full on the home page. */
export const HOME_DAYS = 7;

/** The HTML pages: home, indexes, days, events, entities, storylines, 404, and the site's CSS and icon. */
export const htmlOutput: Output = {
  name: 'html',
  owns: (file) =>
    /^(news|entity|storyline)\/.*\.html$/.test(file) ||
    file === 'index.html' ||
    file === NOT_FOUND_FILE ||
    file === CSS_FILE ||
    file === ICON_FILE,
  *site(ctx) {
    const { model } = ctx;
    yield [CSS_FILE, SITE_CSS];
    yield [ICON_FILE, ICON_SVG];
    yield [NOT_FOUND_FILE, renderNotFoundPage(ctx.baseUrl)];
    for (const index of model.indexes) {
      if (index.kind === 'root') {
        const latest: DayPageModel[] = [];
        for (let i = Math.max(0, model.dates.length - HOME_DAYS); i < model.dates.length; i++)
          latest.push(model.dayPage(i));
        const view = model.withSources(latest.flatMap((d) => model.eventsOn(d.date)));
        yield [htmlFile(index.path), renderHomePage(view, index, latest)];
      } else yield [htmlFile(index.path), renderIndexPage(index, model.hasEvents)];
    }
  },
  *day(ctx, day) {
    yield [htmlFile(day.page.path), renderDayPage(day.view, day.page, ctx.model.hasEvents)];
  },
  *event(_ctx, page, view) {
    yield [htmlFile(page.path), renderEventPage(view, page)];
  },
  *entity(ctx, page) {
    yield [htmlFile(page.path), renderEntityPage(ctx.model.site, page)];
  },
  *storyline(ctx, page) {
    yield [htmlFile(page.path), renderStorylinePage(ctx.model.site, page)];
  },
};
