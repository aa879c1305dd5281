import type { PagePath } from '../model.ts';
import { attr } from './escape.ts';
import { headline } from './headline.ts';
import { linkedText, type TextSpan } from './linked-text.ts';
import { pageHref } from './paths.ts';
import type { HtmlSite } from './site.ts';

/** What an event's text needs to be shown: the text, its link spans and its page. */
export interface ShownEvent {
  text: string;
  spans: readonly TextSpan[];
  path: PagePath;
}

/**
 * The href of an entity's page as seen from `from`, or null when the title has no page or the
 * page is `from` itself (an entity page does not link each of its events back to itself).
 */
export function entityHref(site: HtmlSite, from: PagePath): (title: string) => string | null {
  return (title) => {
    const page = site.entities.get(title as never);
    return page && page.path !== from ? pageHref(from, page.path) : null;
  };
}

/** The separate, clear way to an event's own page: "Details", named for screen readers by its headline. */
export function detailsLink(from: PagePath, e: ShownEvent): string {
  return `<a class="more" href="${attr(pageHref(from, e.path))}" aria-label="Details: ${attr(headline(e.text).text)}">Details</a>`;
}

/**
 * An event's text as every HTML list shows it: its wiki links inline, to our entity pages, then
 * `between` (sources, say) and the separate link to its own page.
 */
export function eventText(site: HtmlSite, from: PagePath, e: ShownEvent, between = ''): string {
  return `${linkedText(e.text, e.spans, { hrefOf: entityHref(site, from) })}${between} ${detailsLink(from, e)}`;
}
