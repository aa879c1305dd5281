import { text } from './escape.ts';

/**
 * Events per year as a static SVG bar chart (no script), every year between the first and the last
 * drawn (empty years as gaps). Described for screen readers by its <title> and a caption table-free
 * summary in `aria-label`.
 */
export function yearChart(years: readonly [year: string, count: number][], label: string): string {
  if (years.length === 0) return '';
  const first = Number(years[0]?.[0]);
  const last = Number(years.at(-1)?.[0]);
  const counts = new Map(years.map(([y, n]) => [Number(y), n]));
  const max = Math.max(...years.map(([, n]) => n));
  const bar = 22;
  const gap = 6;
  const h = 80;
  const span = last - first + 1;
  const width = span * (bar + gap) + gap;
  const parts: string[] = [];
  for (let i = 0; i < span; i++) {
    const y = first + i;
    const n = counts.get(y) ?? 0;
    const bh = n === 0 ? 0 : Math.max(2, Math.round((n / max) * h));
    const x = gap + i * (bar + gap);
    parts.push(
      `<g><title>${y}: ${n} event${n === 1 ? '' : 's'}</title><rect x="${x}" y="${h - bh + 14}" width="${bar}" height="${bh}"></rect>` +
        `<text x="${x + bar / 2}" y="${h - bh + 11}" text-anchor="middle">${n || ''}</text>` +
        `<text x="${x + bar / 2}" y="${h + 28}" text-anchor="middle">${span > 12 ? `’${String(y).slice(2)}` : y}</text></g>`,
    );
  }
  const summary = years.map(([y, n]) => `${y}: ${n}`).join(', ');
  return `<svg class="chart" role="img" aria-label="${text(`${label} — events per year: ${summary}`)}" viewBox="0 0 ${width} ${h + 34}" width="${width}" height="${h + 34}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>\n`;
}
