/** The findings that disappeared in B, appeared in B, and the ones both have. */
import type { Finding } from '../../../shared/analysis';
import type { ImageComparison } from '../../../shared/explore';
import { formatBytes } from '../../../shared/format';
import { CodeText } from '../components/CodeText';
import { categoryColors, categoryNames } from '../image/colors';
import { plural } from '../lib/plural';

function FindingList({ title, findings, testId }: { title: string; findings: Finding[]; testId: string }) {
  return (
    <div data-testid={testId}>
      <h3>
        {title} <span className="muted">{findings.length}</span>
      </h3>
      {findings.length === 0 ? (
        <p className="muted">none</p>
      ) : (
        <ul className="plain-list">
          {findings.map((finding, i) => (
            <li key={`${finding.category}-${i}`} className="finding-line">
              <span className="category-chip" style={{ background: categoryColors[finding.category] }}>
                {categoryNames[finding.category]}
              </span>{' '}
              <CodeText text={finding.title} /> <span className="muted numeric">{formatBytes(finding.bytes)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function FindingsDiff({ comparison }: { comparison: ImageComparison }) {
  return (
    <section className="card" data-testid="findings-diff">
      <h2>Findings</h2>
      <div className="diff-columns two">
        <FindingList title="Disappeared (fixed in B)" findings={comparison.findings.disappeared} testId="findings-disappeared" />
        <FindingList title="Appeared in B" findings={comparison.findings.appeared} testId="findings-appeared" />
      </div>
      {comparison.findings.persisting.length > 0 && (
        <p className="muted small">{plural(comparison.findings.persisting.length, 'finding')} in both.</p>
      )}
    </section>
  );
}
