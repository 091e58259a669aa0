/**
 * Two images side by side (`#/compare/<a>/<b>`): sizes and the delta, layer bars on one scale, the file
 * diff (filterable, by size delta), the OS package diff, the attack-surface diff and the findings that
 * appeared or disappeared.
 */
import { useEffect, useRef, useState } from 'react';
import type { Finding, ImageAnalysis } from '../../../shared/analysis';
import type { ImageSummary } from '../../../shared/contract';
import { toErrorData, type ApiErrorData } from '../../../shared/errors';
import type { FileDiffChange, FileDiffPage, ImageComparison } from '../../../shared/explore';
import { formatBytes, formatPercent, shortId } from '../../../shared/format';
import { ProgressBar } from '../components/ProgressBar';
import { useClient } from '../hooks/bridge-context';
import { useBackKeys } from '../hooks/useBackKeys';
import { useOperation } from '../hooks/useOperation';
import { categoryColors, categoryNames, layerColor } from '../model/explore-colors';
import { imageName } from '../model/images';
import { plural } from '../model/plural';
import { ExportReportButton } from '../report/ExportReportButton';

interface Props {
  a: string;
  b: string;
  images?: ImageSummary[];
  onChange: (a: string, b: string) => void;
  onBack: () => void;
}

export function signedBytes(bytes: number): string {
  if (bytes === 0) return '±0 B';
  return bytes > 0 ? `+${formatBytes(bytes)}` : `−${formatBytes(-bytes)}`;
}

function deltaClass(bytes: number): string {
  return bytes > 0 ? 'delta up' : bytes < 0 ? 'delta down' : 'delta';
}

function ImagePicker({ label, value, other, images, onPick, testId }: { label: string; value: string; other: string; images?: ImageSummary[]; onPick: (id: string) => void; testId: string }) {
  const list = images ?? [];
  const known = list.some((image) => image.id === value);
  return (
    <label className="inline-field picker">
      {label}
      <select value={value} onChange={(event) => onPick(event.target.value)} data-testid={testId}>
        {!known && <option value={value}>{shortId(value)}</option>}
        {list.map((image) => (
          <option key={image.id} value={image.id} disabled={image.id === other}>
            {imageName(image)} · {shortId(image.id)}
          </option>
        ))}
      </select>
    </label>
  );
}

function SizeSummary({ comparison }: { comparison: ImageComparison }) {
  const { a, b, deltaBytes } = comparison;
  const ratio = a.sizeBytes > 0 ? deltaBytes / a.sizeBytes : 0;
  const rows = [
    { label: 'Size', a: formatBytes(a.sizeBytes), b: formatBytes(b.sizeBytes), delta: deltaBytes, id: 'size' },
    { label: 'True waste', a: formatBytes(a.wastedBytes), b: formatBytes(b.wastedBytes), delta: b.wastedBytes - a.wastedBytes, id: 'waste' },
    { label: 'Potential saving', a: formatBytes(a.potentialSavingBytes), b: formatBytes(b.potentialSavingBytes), delta: b.potentialSavingBytes - a.potentialSavingBytes, id: 'saving' },
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

function LayerBars({ comparison }: { comparison: ImageComparison }) {
  const scale = Math.max(comparison.a.sizeBytes, comparison.b.sizeBytes, 1);
  const bar = (label: string, analysis: ImageAnalysis) => (
    <div className="layer-bar-row" data-testid={`layer-bar-${label}`}>
      <span className="layer-bar-label">
        {label} <span className="muted numeric">{formatBytes(analysis.sizeBytes)}</span>
      </span>
      <div className="layer-bar-track">
        {analysis.layers.map((layer) => {
          const shared = layer.index < comparison.sharedLayers;
          return (
            <span
              key={layer.index}
              className={shared ? 'layer-seg shared' : 'layer-seg'}
              data-testid="layer-seg"
              style={{ width: `${(layer.sizeBytes / scale) * 100}%`, background: shared ? undefined : layerColor(layer.index) }}
              title={`Layer ${layer.index}${shared ? ' (shared)' : ''} · ${formatBytes(layer.sizeBytes)}\n${layer.instruction}`}
            />
          );
        })}
      </div>
    </div>
  );
  return (
    <section className="card" data-testid="compare-layers">
      <h2>Layers on one scale</h2>
      {bar('A', comparison.a)}
      {bar('B', comparison.b)}
      <p className="muted small">Grey: layers both images share. Hover a segment for its instruction.</p>
    </section>
  );
}

const changeLabels: Record<FileDiffChange, string> = { added: 'A', removed: 'D', changed: 'M' };

function FileDiff({ comparison }: { comparison: ImageComparison }) {
  const client = useClient();
  const [filter, setFilter] = useState('');
  const [change, setChange] = useState<FileDiffChange | 'all'>('all');
  const [page, setPage] = useState<FileDiffPage>(comparison.fileDiff);
  const [error, setError] = useState<ApiErrorData>();
  const request = useRef(0);
  const { a, b, files } = comparison;

  useEffect(() => {
    const n = ++request.current;
    const timer = setTimeout(() => {
      client.getFileDiff(a.id, b.id, { filter, change, limit: 500 }).then(
        (result) => n === request.current && (setPage(result), setError(undefined)),
        (failure: unknown) => n === request.current && setError(toErrorData(failure)),
      );
    }, 150);
    return () => clearTimeout(timer);
  }, [client, a.id, b.id, filter, change]);

  const more = () => {
    const n = ++request.current;
    client.getFileDiff(a.id, b.id, { filter, change, offset: page.entries.length, limit: 500 }).then(
      (result) => n === request.current && setPage({ ...result, entries: [...page.entries, ...result.entries], offset: 0 }),
      (failure: unknown) => n === request.current && setError(toErrorData(failure)),
    );
  };

  return (
    <section className="card" data-testid="file-diff">
      <div className="toolbar">
        <h2>Files</h2>
        <span className="muted" data-testid="file-diff-summary">
          {files.added.toLocaleString()} added ({formatBytes(files.addedBytes)}) · {files.removed.toLocaleString()} removed (
          {formatBytes(files.removedBytes)}) · {files.changed.toLocaleString()} changed ({signedBytes(files.changedBytes)})
        </span>
      </div>
      <div className="toolbar">
        <input
          type="search"
          className="filter"
          placeholder="Filter by path or glob"
          aria-label="Filter the file diff"
          data-testid="file-diff-filter"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
        />
        <select value={change} onChange={(event) => setChange(event.target.value as FileDiffChange | 'all')} data-testid="file-diff-change" aria-label="Kind of change">
          <option value="all">all changes</option>
          <option value="added">added</option>
          <option value="removed">removed</option>
          <option value="changed">changed</option>
        </select>
      </div>
      {error && <p className="inline-error">{error.message}</p>}
      <div className="diff-scroller">
        <table className="diff-table">
          <thead>
            <tr>
              <th />
              <th>Path</th>
              <th className="numeric">A</th>
              <th className="numeric">B</th>
              <th className="numeric">Δ</th>
            </tr>
          </thead>
          <tbody>
            {page.entries.map((entry) => (
              <tr key={entry.path} data-testid="diff-row" data-change={entry.change}>
                <td>
                  <span className={`status-badge status-${entry.change === 'changed' ? 'modified' : entry.change}`}>{changeLabels[entry.change]}</span>
                </td>
                <td className="mono diff-path" title={entry.path}>
                  {entry.path}
                </td>
                <td className="numeric muted">{entry.change === 'added' ? '' : formatBytes(entry.bytesA)}</td>
                <td className="numeric muted">{entry.change === 'removed' ? '' : formatBytes(entry.bytesB)}</td>
                <td className={`numeric ${deltaClass(entry.delta)}`} data-testid="diff-delta">
                  {signedBytes(entry.delta)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.entries.length === 0 && <p className="muted">No file differs{filter || change !== 'all' ? ' with this filter' : ''}.</p>}
      </div>
      {page.entries.length < page.total && (
        <button onClick={more} data-testid="file-diff-more">
          Show more ({(page.total - page.entries.length).toLocaleString()} left)
        </button>
      )}
    </section>
  );
}

function Packages({ comparison }: { comparison: ImageComparison }) {
  const diff = comparison.packages;
  return (
    <section className="card" data-testid="package-diff">
      <h2>OS packages</h2>
      {!diff ? (
        <p className="muted">Neither image has a package database.</p>
      ) : (
        <>
          <p className="muted">
            {diff.added.length} added · {diff.removed.length} removed · {diff.changed.length} changed version · {diff.unchanged} unchanged ({diff.manager})
          </p>
          {diff.added.length + diff.removed.length + diff.changed.length > 0 && <div className="diff-columns">
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
          </div>}
        </>
      )}
    </section>
  );
}

function Surface({ comparison }: { comparison: ImageComparison }) {
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
              {finding.title} <span className="muted numeric">{formatBytes(finding.bytes)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Findings({ comparison }: { comparison: ImageComparison }) {
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

export function ComparePage({ a, b, images, onChange, onBack }: Props) {
  useBackKeys(onBack);
  const { state, cancel, retry } = useOperation(`${a}|${b}`, (client, operationId) =>
    client.compareImages({ kind: 'engine', ref: a }, { kind: 'engine', ref: b }, { operationId }),
  );
  return (
    <div className="page compare-page" data-testid="compare-page">
      <div className="page-toolbar" data-testid="compare-actions">
        <button className="back-button" data-testid="back-button" onClick={onBack} title="Back (Backspace)">
          ← Back
        </button>
        <ImagePicker label="A" value={a} other={b} images={images} onPick={(id) => onChange(id, b)} testId="pick-a" />
        <button onClick={() => onChange(b, a)} title="Swap A and B" data-testid="swap">
          ⇄
        </button>
        <ImagePicker label="B" value={b} other={a} images={images} onPick={(id) => onChange(a, id)} testId="pick-b" />
        <div className="page-actions">
          <ExportReportButton source={{ kind: 'engine', ref: a }} compareWith={{ kind: 'engine', ref: b }} />
        </div>
      </div>
      {state.kind === 'running' && (
        <section className="card">
          <ProgressBar progress={state.progress} label="Analysing both images…" onCancel={cancel} />
        </section>
      )}
      {state.kind === 'failed' && (
        <section className="card" data-testid="compare-failed">
          <h2>{state.error.code === 'CANCELLED' ? 'Comparison cancelled' : 'The comparison failed'}</h2>
          {state.error.code !== 'CANCELLED' && <p className="error-message">{state.error.message}</p>}
          <div className="actions">
            <button className="primary" onClick={retry}>
              Compare again
            </button>
          </div>
        </section>
      )}
      {state.kind === 'done' && (
        <>
          <h1 className="compare-title" data-testid="compare-title">
            {state.result.a.name} <span className="muted">→</span> {state.result.b.name}
          </h1>
          <SizeSummary comparison={state.result} />
          <LayerBars comparison={state.result} />
          <FileDiff comparison={state.result} />
          <Findings comparison={state.result} />
          <Packages comparison={state.result} />
          <Surface comparison={state.result} />
        </>
      )}
    </div>
  );
}
