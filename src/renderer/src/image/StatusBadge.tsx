/** A status letter in its colour (Files tab, file diff), and the legend that explains the letters. */
import { statusStyles, type Status } from './status';

export function StatusBadge({ status, title }: { status: Status; title?: string }) {
  const style = statusStyles[status];
  if (!style.letter) return null;
  return (
    <span className="status-badge" style={{ background: style.color }} title={title ?? style.name} data-testid="status-badge" data-status={status}>
      {style.letter}
    </span>
  );
}

/** "A Added · M Modified · R Removed · W Waste · no letter: unchanged", with what the statuses are relative to. */
export function StatusLegend({
  relativeTo,
  statuses = ['added', 'modified', 'removed', 'wasted'],
  unchanged = true,
}: {
  relativeTo: string;
  statuses?: Status[];
  unchanged?: boolean;
}) {
  return (
    <p className="status-legend muted small" data-testid="status-legend">
      {statuses.map((status) => (
        <span key={status} className="status-legend-item">
          <StatusBadge status={status} /> {statusStyles[status].name}
        </span>
      ))}
      {unchanged && <span className="status-legend-item">no letter: {statusStyles.unmodified.name.toLowerCase()}</span>}
      <span>— {relativeTo}</span>
    </p>
  );
}
