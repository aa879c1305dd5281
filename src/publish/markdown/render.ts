import type { DayNode, DayPageModel, EventPageModel, IndexPageModel, PagePath } from '../model.ts';
import { escapeLine, escapeText, escapeUrl } from './escape.ts';

/** The Markdown file of a page path: '/news/2016/04/28/x' → 'news/2016/04/28/x.md'. */
export function markdownFile(path: PagePath): string {
  return `${path.replace(/^\/+/, '')}.md`;
}

function link(label: string, path: PagePath): string {
  return `[${escapeText(label)}](${escapeUrl(`${path}.md`)})`;
}

/**
 * An event page, line by line as the reference page (SPEC.md): date link, title, lede excerpt,
 * sources, related events with their shared context. No excerpt: no paragraph; nothing related:
 * no Related section.
 */
export function renderEventPage(page: EventPageModel): string {
  const lines = [`### ${link(page.date, page.dayPath)}`, '', `# ${escapeLine(page.text)}`, ''];
  if (page.excerpt) lines.push(escapeLine(page.excerpt), '', '');
  if (page.sources.length > 0) {
    lines.push('### Source:', '');
    page.sources.forEach((s, i) => {
      const archived = s.archiveUrl ? ` ([archived](${escapeUrl(s.archiveUrl)}))` : '';
      lines.push(`${i + 1}. [${escapeText(s.publisher)}](${escapeUrl(s.url)})${archived}`);
    });
    lines.push('');
  }
  if (page.related.length > 0) {
    lines.push('### Related:', '');
    page.related.forEach((r, i) => {
      const context = r.shared.map(escapeText).join(', ');
      lines.push(`${i + 1}. ${link(r.text, r.path)} _Context: ${context}_`);
    });
    lines.push('');
  }
  while (lines.at(-1) === '' && lines.at(-2) === '') lines.pop();
  return lines.join('\n').replace(/\n+$/, '\n');
}

function renderNodes(nodes: readonly DayNode[], depth: number, lines: string[]): void {
  const indent = '  '.repeat(depth);
  for (const node of nodes) {
    lines.push(`${indent}- ${node.kind === 'event' ? link(node.text, node.path) : escapeLine(node.text)}`);
    renderNodes(node.children, depth + 1, lines);
  }
}

/** A day page: its events in portal order under category headings and storyline bullets, with neighbour links. */
export function renderDayPage(day: DayPageModel): string {
  const nav = [
    day.prev ? link(`← ${day.prev.date}`, day.prev.path) : null,
    link(day.date.slice(0, 7), day.monthPath),
    day.next ? link(`${day.next.date} →`, day.next.path) : null,
  ].filter((x): x is string => x !== null);
  const lines = [`# ${day.date}`, '', nav.join(' · '), ''];
  for (const section of day.sections) {
    if (section.category !== null) lines.push(`## ${escapeLine(section.category)}`, '');
    renderNodes(section.nodes, 0, lines);
    lines.push('');
  }
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

/** A month, year or root index: a link up, then one line per page below with its event count. */
export function renderIndexPage(index: IndexPageModel): string {
  const lines = [`# ${escapeLine(index.title)}`, ''];
  if (index.parent) lines.push(link('↑ up', index.parent), '');
  for (const e of index.entries) {
    lines.push(`- ${link(e.label, e.path)} — ${e.events} event${e.events === 1 ? '' : 's'}`);
  }
  return `${lines.join('\n')}\n`;
}
