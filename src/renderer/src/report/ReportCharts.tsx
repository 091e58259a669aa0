/**
 * The report's pictures, drawn from the geometry core computed (treemap) or the shared function (layer
 * bars): the same elements as the SVG in the HTML export. Static SVG: nothing animates, nothing to wait for.
 */
import { formatBytes } from '../../../shared/format';
import { layerBarColors, layerBars, layerChart, type ReportLayer, type ReportTreemap } from '../../../shared/report';

const font = 'system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, DejaVu Sans, sans-serif';

export function TreemapPicture({ treemap }: { treemap: ReportTreemap }) {
  return (
    <svg viewBox={`0 0 ${treemap.width} ${treemap.height}`} width="100%" role="img" aria-label="Treemap of the image's files" fontFamily={font}>
      <rect x={0} y={0} width={treemap.width} height={treemap.height} fill="#ffffff" />
      {treemap.groups.map((g) => (
        <g key={`g${g.path}`}>
          <rect x={g.x} y={g.y} width={g.w} height={g.h} fill="#f4f5f7" stroke={g.stroke} strokeWidth={1} />
          {g.label && (
            <text x={g.x + 4} y={g.y + 10.5} fontSize={10} fontWeight={600} fill="#1d2129">
              {g.label}
            </text>
          )}
        </g>
      ))}
      {treemap.rects.map((r, i) => (
        <g key={i}>
          <rect x={r.x} y={r.y} width={r.w} height={r.h} fill={r.fill} stroke="#ffffff" strokeWidth={0.6}>
            <title>{`${r.path} — ${formatBytes(r.bytes)}`}</title>
          </rect>
          {r.label && (
            <text x={r.x + 3} y={r.y + 10} fontSize={9} fill="#1d2129">
              {r.label}
            </text>
          )}
        </g>
      ))}
    </svg>
  );
}

export function LayerBars({ layers }: { layers: ReportLayer[] }) {
  const { width, height, bottom } = layerChart;
  const bars = layerBars(layers);
  const labelEvery = Math.ceil(layers.length / 40);
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label="Layer sizes" fontFamily={font}>
      <line x1={0} y1={height - bottom} x2={width} y2={height - bottom} stroke={layerBarColors.axis} strokeWidth={1} />
      {bars.map((b, i) => (
        <g key={b.index}>
          <rect x={b.x} y={b.y} width={b.w} height={b.h} fill={layerBarColors.size}>
            <title>{`Layer ${b.index}: ${formatBytes(layers[i].sizeBytes)}`}</title>
          </rect>
          {b.wasteH > 0 && <rect x={b.x} y={b.y} width={b.w} height={b.wasteH} fill={layerBarColors.waste} />}
          {i % labelEvery === 0 && (
            <text x={b.x + b.w / 2} y={height - 5} fontSize={10} textAnchor="middle" fill={layerBarColors.text}>
              {b.index}
            </text>
          )}
        </g>
      ))}
    </svg>
  );
}
