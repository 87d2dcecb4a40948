/**
 * Draws the Grafana dashboard's layout as an SVG, from the same JSON model the chart provisions:
 * each panel at its grid position with its title, type and the metrics its queries read. Grafana
 * itself cannot be installed here, so this is the honest picture: layout and queries, no data.
 *
 *   node tools/scripts/run-ts.cjs tools/k8s/render-dashboard-layout.ts docs/dashboard-layout.svg
 */
import { writeFileSync } from 'node:fs';
import { sightlineDashboard } from './grafana-dashboard';

const COLUMN = 50;
const ROW = 28;
const PAD = 4;

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Cuts a text to the panel width (approximate glyph widths of the fonts used). */
const fit = (text: string, width: number, glyph: number): string => {
  const room = Math.floor((width - 16) / glyph);
  return text.length <= room ? text : `${text.slice(0, Math.max(room - 1, 1))}…`;
};

function metricsOf(expr: string): string[] {
  return [...expr.matchAll(/\b(sightline_[a-z0-9_]+)/g)].map((match) => match[1]);
}

export function dashboardLayoutSvg(): string {
  const dashboard = sightlineDashboard() as {
    title: string;
    panels: {
      type: string;
      title: string;
      gridPos: { x: number; y: number; w: number; h: number };
      targets?: { expr: string }[];
    }[];
  };
  const bottom = Math.max(...dashboard.panels.map((panel) => panel.gridPos.y + panel.gridPos.h));
  const top = 40;
  const width = 24 * COLUMN;
  const height = top + bottom * ROW + PAD;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif">`,
    `<rect width="100%" height="100%" fill="#111217"/>`,
    `<text x="${PAD * 2}" y="26" fill="#d8d9da" font-size="18">${escape(dashboard.title)} — layout of the provisioned dashboard (no data)</text>`,
  ];
  for (const panel of dashboard.panels) {
    const x = panel.gridPos.x * COLUMN + PAD;
    const y = top + panel.gridPos.y * ROW + PAD / 2;
    const w = panel.gridPos.w * COLUMN - PAD * 2;
    const h = panel.gridPos.h * ROW - PAD;
    if (panel.type === 'row') {
      parts.push(
        `<text x="${x}" y="${y + 19}" fill="#6e9fff" font-size="15" font-weight="bold">▾ ${escape(panel.title)}</text>`,
      );
      continue;
    }
    const metrics = [...new Set((panel.targets ?? []).flatMap((target) => metricsOf(target.expr)))];
    parts.push(
      `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="3" fill="#181b1f" stroke="#2c3235"/>`,
      `<text x="${x + 8}" y="${y + 18}" fill="#d8d9da" font-size="13" font-weight="bold">${escape(fit(panel.title, w, 7.6))}</text>`,
      `<text x="${x + 8}" y="${y + 34}" fill="#8e8e8e" font-size="11">${escape(panel.type)}</text>`,
    );
    metrics.forEach((metric, index) => {
      const lineY = y + 54 + index * 15;
      if (lineY < y + h - 6) {
        parts.push(
          `<text x="${x + 8}" y="${lineY}" fill="#73bf69" font-size="10" font-family="DejaVu Sans Mono, monospace">${escape(fit(metric, w, 6.1))}</text>`,
        );
      }
    });
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

if (require.main === module) {
  const target = process.argv[2];
  if (!target) throw new Error('usage: render-dashboard-layout.ts <out.svg>');
  writeFileSync(target, dashboardLayoutSvg());
  console.log(`wrote ${target}`);
}
