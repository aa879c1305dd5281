import type { Output, PublishContext } from '../engine/output.ts';
import { atomFeed, FEED_ITEMS, type FeedSpec, jsonFeed } from '../feeds/feeds.ts';
import { feedsOf } from '../html/entity.ts';
import { ARCHIVE_FEEDS } from '../html/layout.ts';
import { htmlFile } from '../html/paths.ts';
import type { EventPageModel } from '../model.ts';

type Spec = Omit<FeedSpec, 'atomUrl' | 'jsonUrl' | 'urlOf'>;

function* feedFiles(ctx: PublishContext, spec: Spec, paths: { atom: string; json: string }) {
  const abs = (file: string) => new URL(file, ctx.baseUrl).href;
  const full: FeedSpec = {
    ...spec,
    atomUrl: abs(paths.atom.slice(1)),
    jsonUrl: abs(paths.json.slice(1)),
    urlOf: (e: EventPageModel) => abs(htmlFile(e.path)),
  };
  yield [paths.atom.slice(1), atomFeed(full)] as [string, string];
  yield [paths.json.slice(1), jsonFeed(full)] as [string, string];
}

/** Atom and JSON Feed files: the whole archive's, and one pair per entity and storyline (feeds/). */
export const feedsOutput: Output = {
  name: 'feeds',
  owns: (file) => file.startsWith('feeds/'),
  site(ctx) {
    const spec = {
      title: 'Currents — all events',
      description: "Wikipedia's Current events portal, as an archive",
      pageUrl: new URL('index.html', ctx.baseUrl).href,
      events: ctx.model.site.events.slice(-FEED_ITEMS),
    };
    return feedFiles(ctx, spec, ARCHIVE_FEEDS);
  },
  entity(ctx, page) {
    const spec = {
      title: `${page.title} — Currents`,
      description: `Events about ${page.title}`,
      pageUrl: new URL(htmlFile(page.path), ctx.baseUrl).href,
      events: page.events,
    };
    return feedFiles(ctx, spec, feedsOf(page.path));
  },
  storyline(ctx, page) {
    const spec = {
      title: `${page.title} — Currents`,
      description: `Storyline: ${page.title}`,
      pageUrl: new URL(htmlFile(page.path), ctx.baseUrl).href,
      events: page.events,
    };
    return feedFiles(ctx, spec, feedsOf(page.path));
  },
};
