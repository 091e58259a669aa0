/** The OS packages added, removed and changed from A to B. */
import type { ImageComparison } from '../../../shared/explore';

export function PackageDiff({ comparison }: { comparison: ImageComparison }) {
  const diff = comparison.packages;
  return (
    <section className="card" data-testid="package-diff">
      <h2>OS packages</h2>
      {!diff ? (
        <p className="muted">Neither image has a package database.</p>
      ) : (
        <>
          <p className="muted">
            {diff.added.length} added · {diff.removed.length} removed · {diff.changed.length} changed version · {diff.unchanged} unchanged (
            {diff.manager})
          </p>
          {diff.added.length + diff.removed.length + diff.changed.length > 0 && (
            <div className="diff-columns">
              <div>
                <h3>Added in B</h3>
                <ul className="plain-list mono small">
                  {diff.added.map((pkg) => (
                    <li key={pkg.name} className="delta up">
                      + {pkg.name} {pkg.version}
                    </li>
                  ))}
                </ul>
              </div>
              <div>
                <h3>Removed from A</h3>
                <ul className="plain-list mono small">
                  {diff.removed.map((pkg) => (
                    <li key={pkg.name} className="delta down">
                      − {pkg.name} {pkg.version}
                    </li>
                  ))}
                </ul>
              </div>
              <div>
                <h3>Changed</h3>
                <ul className="plain-list mono small">
                  {diff.changed.map((pkg) => (
                    <li key={pkg.name}>
                      {pkg.name} {pkg.from} → {pkg.to}
                    </li>
                  ))}
                </ul>
              </div>
            </div>
          )}
        </>
      )}
    </section>
  );
}
