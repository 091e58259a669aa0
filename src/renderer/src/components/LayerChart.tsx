/** Layer sizes as bars, in build order, so the heavy steps stand out at a glance. */
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import type { LayerInfo } from '../../../shared/contract';
import { formatBytes } from '../../../shared/format';
import { shareText } from '../model/share';
import { useChartColors } from '../hooks/useChartColors';

interface Datum {
  label: string;
  megabytes: number;
  layer: LayerInfo;
}

const tooltipTextLimit = 240;

function truncate(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

interface TooltipProps {
  active?: boolean;
  payload?: ReadonlyArray<{ payload?: unknown }>;
  totalBytes: number;
}

function LayerTooltip({ active, payload, totalBytes }: TooltipProps) {
  const datum = payload?.[0]?.payload as Datum | undefined;
  if (!active || !datum) return null;
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-title">
        Layer {datum.layer.index} · {formatBytes(datum.layer.sizeBytes)} · {shareText(datum.layer.sizeBytes, totalBytes)}
      </div>
      <code>{truncate(datum.layer.instruction || '(no instruction recorded)', tooltipTextLimit)}</code>
    </div>
  );
}

/** Axis ticks in MB with just enough digits for small images. */
function megabytesTick(value: number): string {
  return `${Number(value.toPrecision(3))} MB`;
}

export function LayerChart({ layers, onSelect }: { layers: LayerInfo[]; onSelect: (index: number) => void }) {
  const colors = useChartColors();
  const totalBytes = layers.reduce((sum, layer) => sum + layer.sizeBytes, 0);
  const data: Datum[] = layers.map((layer) => ({ label: `#${layer.index}`, megabytes: layer.sizeBytes / 1e6, layer }));
  return (
    <div className="layer-chart" data-testid="layer-chart">
      <BarChart responsive style={{ width: '100%', height: 220 }} data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
        <CartesianGrid vertical={false} stroke={colors.grid} />
        <XAxis dataKey="label" tick={{ fill: colors.text, fontSize: 11 }} stroke={colors.grid} tickLine={false} />
        <YAxis
          tickFormatter={megabytesTick}
          tick={{ fill: colors.text, fontSize: 11 }}
          stroke={colors.grid}
          tickLine={false}
          width={64}
        />
        <Tooltip
          cursor={{ fill: colors.track }}
          content={({ active, payload }) => <LayerTooltip active={active} payload={payload} totalBytes={totalBytes} />}
          isAnimationActive={false}
        />
        <Bar
          dataKey="megabytes"
          fill={colors.bar}
          radius={[3, 3, 0, 0]}
          maxBarSize={48}
          minPointSize={2}
          isAnimationActive={false}
          cursor="pointer"
          onClick={(entry) => onSelect((entry.payload as Datum).layer.index)}
        />
      </BarChart>
    </div>
  );
}
