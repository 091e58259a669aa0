/** A tiny horizontal bar: this image's size against the largest image in the list. */
import { Bar, BarChart, XAxis, YAxis } from 'recharts';
import { useChartColors } from '../hooks/useChartColors';

const width = 120;
const height = 10;

export function SizeBar({ bytes, maxBytes }: { bytes: number; maxBytes: number }) {
  const colors = useChartColors();
  return (
    <BarChart
      width={width}
      height={height}
      data={[{ bytes }]}
      layout="vertical"
      margin={{ top: 0, right: 0, bottom: 0, left: 0 }}
      barCategoryGap={0}
      accessibilityLayer={false}
    >
      <XAxis type="number" hide domain={[0, Math.max(maxBytes, 1)]} />
      <YAxis type="category" hide />
      <Bar dataKey="bytes" fill={colors.bar} background={{ fill: colors.track }} radius={2} isAnimationActive={false} />
    </BarChart>
  );
}
