/**
 * The report's pictures as standalone SVG text (for the HTML and Markdown renderings). The React report view
 * draws the same elements from the same geometry (src/renderer/src/report/ReportCharts.tsx).
 */
import { formatBytes } from '../../shared/format';
import { layerBarColors, layerBars, layerChart, type ReportLayer, type ReportTreemap } from '../../shared/report';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const font = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, DejaVu Sans, sans-serif"';

export function treemapSvg(treemap: ReportTreemap): string {
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${treemap.width} ${treemap.height}" width="100%" role="img" aria-label="Treemap of the image's files" ${font}>`,
    `<rect x="0" y="0" width="${treemap.width}" height="${treemap.height}" fill="#ffffff"/>`,
  ];
  for (const g of treemap.groups) {
    parts.push(`<rect x="${g.x}" y="${g.y}" width="${g.w}" height="${g.h}" fill="#f4f5f7" stroke="${g.stroke}" stroke-width="1"/>`);
    if (g.label) parts.push(`<text x="${g.x + 4}" y="${g.y + 10.5}" font-size="10" font-weight="600" fill="#1d2129">${escapeXml(g.label)}</text>`);
  }
  for (const r of treemap.rects) {
    parts.push(
      `<rect x="${r.x}" y="${r.y}" width="${r.w}" height="${r.h}" fill="${r.fill}" stroke="#ffffff" stroke-width="0.6"><title>${escapeXml(`${r.path} — ${formatBytes(r.bytes)}`)}</title></rect>`,
    );
    if (r.label) parts.push(`<text x="${r.x + 3}" y="${r.y + 10}" font-size="9" fill="#1d2129">${escapeXml(r.label)}</text>`);
  }
  parts.push('</svg>');
  return parts.join('\n');
}

export function layerBarsSvg(layers: ReportLayer[]): string {
  const { width, height, bottom } = layerChart;
  const bars = layerBars(layers);
  const labelEvery = Math.ceil(layers.length / 40);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="Layer sizes" ${font}>`,
    `<line x1="0" y1="${height - bottom}" x2="${width}" y2="${height - bottom}" stroke="${layerBarColors.axis}" stroke-width="1"/>`,
  ];
  bars.forEach((b, i) => {
    parts.push(
      `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" fill="${layerBarColors.size}"><title>Layer ${b.index}: ${escapeXml(formatBytes(layers[i].sizeBytes))}</title></rect>`,
    );
    if (b.wasteH > 0) parts.push(`<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.wasteH}" fill="${layerBarColors.waste}"/>`);
    if (i % labelEvery === 0)
      parts.push(`<text x="${b.x + b.w / 2}" y="${height - 5}" font-size="10" text-anchor="middle" fill="${layerBarColors.text}">${b.index}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
