/** The attack surfaces compared: who each runs as, and what only one of them has. */
import type { ImageComparison } from '../../../shared/explore';

export function SurfaceDiff({ comparison }: { comparison: ImageComparison }) {
  const surface = comparison.attackSurface;
  return (
    <section className="card" data-testid="surface-diff">
      <h2>Attack surface</h2>
      <table className="compare-table">
        <thead>
          <tr>
            <th />
            <th>Only in A</th>
            <th>Only in B</th>
            <th className="numeric">In both</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th>Runs as</th>
            <td>{surface.runsAsRoot[0] ? `root${surface.user[0] ? ` (${surface.user[0]})` : ''}` : surface.user[0]}</td>
            <td>{surface.runsAsRoot[1] ? `root${surface.user[1] ? ` (${surface.user[1]})` : ''}` : surface.user[1]}</td>
            <td />
          </tr>
          {surface.sets.map((set) => (
            <tr key={set.label}>
              <th>{set.label}</th>
              <td className="mono small delta down">{set.onlyA.join(', ') || <span className="muted">–</span>}</td>
              <td className="mono small delta up">{set.onlyB.join(', ') || <span className="muted">–</span>}</td>
              <td className="numeric muted">{set.common}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
