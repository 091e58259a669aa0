/**
 * Two images side by side (`#/compare/<a>/<b>`): sizes and the delta, layer bars on one scale, the file
 * diff (filterable, by size delta), the findings that appeared or disappeared, the OS package diff and the
 * attack-surface diff.
 */
import type { ImageSummary } from '../../../shared/contract';
import { shortId } from '../../../shared/format';
import { CodeText } from '../components/CodeText';
import { ProgressBar } from '../components/ProgressBar';
import { useNavigationKeys } from '../hooks/useNavigationKeys';
import { useOperation } from '../hooks/useOperation';
import { ImagePicker } from '../images/ImagePicker';
import { pickerName } from '../images/images-model';
import { ExportReportButton } from '../report';
import { FileDiff } from './FileDiff';
import { FindingsDiff } from './FindingsDiff';
import { LayerBars } from './LayerBars';
import { PackageDiff } from './PackageDiff';
import { SizeSummary } from './SizeSummary';
import { SurfaceDiff } from './SurfaceDiff';

interface Props {
  a: string;
  b: string;
  images?: ImageSummary[];
  onChange: (a: string, b: string) => void;
  onBack: () => void;
}

/** "A: node:18 ▾": the image in a slot, a click to pick another. */
function Slot({
  label,
  value,
  other,
  images,
  onPick,
}: {
  label: 'A' | 'B';
  value: string;
  other: string;
  images?: ImageSummary[];
  onPick: (id: string) => void;
}) {
  const image = images?.find((i) => i.id === value || i.repoTags.includes(value));
  return (
    <ImagePicker
      images={images}
      exclude={[value, other]}
      onPick={onPick}
      label={
        <>
          {label}: {image ? pickerName(image) : value.startsWith('sha256:') ? shortId(value) : value} ▾
        </>
      }
      panelLabel={`Pick image ${label}`}
      testId={`pick-${label.toLowerCase()}`}
    />
  );
}

export function ComparePage({ a, b, images, onChange, onBack }: Props) {
  useNavigationKeys(onBack);
  const { state, cancel, retry } = useOperation(`${a}|${b}`, (client, operationId) =>
    client.compareImages({ kind: 'engine', ref: a }, { kind: 'engine', ref: b }, { operationId }),
  );
  return (
    <div className="page compare-page" data-testid="compare-page">
      <div className="page-toolbar" data-testid="compare-actions">
        <button className="back-button" data-testid="back-button" onClick={onBack} title="Back (Backspace)">
          ← Back
        </button>
        <Slot label="A" value={a} other={b} images={images} onPick={(id) => onChange(id, b)} />
        <button onClick={() => onChange(b, a)} title="Swap A and B" aria-label="Swap A and B" data-testid="swap">
          ⇄
        </button>
        <Slot label="B" value={b} other={a} images={images} onPick={(id) => onChange(a, id)} />
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
          {state.error.code !== 'CANCELLED' && (
            <p className="error-message">
              <CodeText text={state.error.message} />
            </p>
          )}
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
          <FindingsDiff comparison={state.result} />
          <PackageDiff comparison={state.result} />
          <SurfaceDiff comparison={state.result} />
        </>
      )}
    </div>
  );
}
