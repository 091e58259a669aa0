/** The two images' headline figures side by side, with the change from A to B. */
import type { ImageComparison } from '../../../shared/explore';
import { formatBytes, formatPercent } from '../../../shared/format';
import { plural } from '../lib/plural';
import { deltaClass, signedBytes } from './signed-bytes';

export function SizeSummary({ comparison }: { comparison: ImageComparison }) {
  const { a, b, deltaBytes } = comparison;
  const ratio = a.sizeBytes > 0 ? deltaBytes / a.sizeBytes : 0;
  const rows = [
    { label: 'Size', a: formatBytes(a.sizeBytes), b: formatBytes(b.sizeBytes), delta: deltaBytes, id: 'size' },
    { label: 'True waste', a: formatBytes(a.wastedBytes), b: formatBytes(b.wastedBytes), delta: b.wastedBytes - a.wastedBytes, id: 'waste' },
    {
      label: 'Potential saving',
      a: formatBytes(a.potentialSavingBytes),
      b: formatBytes(b.potentialSavingBytes),
      delta: b.potentialSavingBytes - a.potentialSavingBytes,
      id: 'saving',
    },
  ];
  return (
    <section className="card" data-testid="compare-summary">
      <div className="compare-delta">
        <span className={deltaClass(deltaBytes)} data-testid="compare-delta">
          {signedBytes(deltaBytes)}
        </span>
        <span className="muted">
          {' '}
          ({ratio >= 0 ? '+' : '−'}
          {formatPercent(Math.abs(ratio))}) from A to B · {plural(comparison.sharedLayers, 'shared layer')}
        </span>
      </div>
      <table className="compare-table">
        <thead>
          <tr>
            <th />
            <th className="numeric">A · {a.name}</th>
            <th className="numeric">B · {b.name}</th>
            <th className="numeric">Change</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-testid={`compare-row-${row.id}`}>
              <th>{row.label}</th>
              <td className="numeric">{row.a}</td>
              <td className="numeric">{row.b}</td>
              <td className={`numeric ${deltaClass(row.delta)}`}>{signedBytes(row.delta)}</td>
            </tr>
          ))}
          <tr>
            <th>Efficiency</th>
            <td className="numeric">{formatPercent(a.efficiency)}</td>
            <td className="numeric">{formatPercent(b.efficiency)}</td>
            <td className="numeric muted">{formatPercent(b.efficiency - a.efficiency)}</td>
          </tr>
          <tr>
            <th>Layers</th>
            <td className="numeric">{a.layers.length}</td>
            <td className="numeric">{b.layers.length}</td>
            <td className="numeric muted">{b.layers.length - a.layers.length}</td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}
