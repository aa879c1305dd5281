import { createRequire } from 'node:module';

// robots-parser is CommonJS whose types declare an ES default export; load it the CommonJS way.
const robotsParser = createRequire(import.meta.url)('robots-parser') as (
  url: string,
  text: string,
) => {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
};

/** What robots.txt of one origin says, as far as this fetcher needs it. */
export interface RobotsRules {
  isAllowed(url: string): boolean;
  /** Crawl-delay in milliseconds, or 0. */
  crawlDelayMs: number;
}

/** Rules that allow everything (robots.txt missing, 4xx). */
export function allowAll(): RobotsRules {
  return { isAllowed: () => true, crawlDelayMs: 0 };
}

/** Rules that allow nothing (robots.txt unreachable with a 5xx, RFC 9309 §2.3.1.4). */
export function disallowAll(): RobotsRules {
  return { isAllowed: () => false, crawlDelayMs: 0 };
}

/** Parses a robots.txt body for one user-agent token. */
export function parseRobots(robotsUrl: string, text: string, agent: string): RobotsRules {
  const robots = robotsParser(robotsUrl, text);
  const delay = robots.getCrawlDelay(agent);
  return {
    isAllowed: (url) => robots.isAllowed(url, agent) !== false,
    crawlDelayMs: typeof delay === 'number' && Number.isFinite(delay) && delay > 0 ? delay * 1000 : 0,
  };
}
