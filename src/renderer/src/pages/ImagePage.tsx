import { useCallback, useState } from 'react';
import type { ImageDetail, ProgressEvent } from '../../../shared/contract';
import type { ApiErrorData } from '../../../shared/errors';
import { formatAge, formatBytes, shortId } from '../../../shared/format';
import { ConfigSummary } from '../components/ConfigSummary';
import { LayerChart } from '../components/LayerChart';
import { LayerList, layerElementId } from '../components/LayerList';
import { Spinner } from '../components/Spinner';
import { useBackKeys } from '../hooks/useBackKeys';
import { useImageDetail } from '../hooks/useImageDetail';
import { plural } from '../model/plural';
import { ErrorPanel } from '../components/ErrorPanel';

interface Props {
  id: string;
  onBack: () => void;
}

function BackButton({ onBack }: { onBack: () => void }) {
  return (
    <button className="back-button" data-testid="back-button" onClick={onBack} title="Back to the images (Backspace)">
      ← Images
    </button>
  );
}

function progressLabel(progress?: ProgressEvent): string {
  if (!progress) return 'Inspecting the image…';
  const total = progress.total !== undefined ? ` of ${progress.total}` : '';
  return `${progress.phase} (${progress.done}${total})…`;
}

function Failure({ error, id, onBack, onRetry }: { error: ApiErrorData; id: string; onBack: () => void; onRetry: () => void }) {
  if (error.code === 'IMAGE_NOT_FOUND') {
    return (
      <ErrorPanel
        title="Image not found"
        message={error.message}
        testId="image-not-found"
        actions={
          <button className="primary" onClick={onBack}>
            Back to the images
          </button>
        }
      >
        <p className="muted">
          <code>{shortId(id)}</code> may have been removed since the list was loaded.
        </p>
      </ErrorPanel>
    );
  }
  const cancelled = error.code === 'CANCELLED';
  return (
    <ErrorPanel
      title={cancelled ? 'Inspection cancelled' : 'Could not inspect the image'}
      message={cancelled ? undefined : error.message}
      testId="image-error"
      alert={!cancelled}
      actions={
        <>
          <button className="primary" onClick={onRetry}>
            {cancelled ? 'Inspect again' : 'Try again'}
          </button>
          <button onClick={onBack}>Back to the images</button>
        </>
      }
    />
  );
}

function Overview({ detail }: { detail: ImageDetail }) {
  const created = Date.parse(detail.created);
  const platform = [detail.os, detail.architecture, detail.variant].filter(Boolean).join('/');
  return (
    <header className="image-header">
      <h1 data-testid="image-title">{detail.repoTags[0] ?? shortId(detail.id)}</h1>
      {detail.repoTags.length > 1 && <p className="muted">Also tagged {detail.repoTags.slice(1).join(', ')}</p>}
      <dl className="facts">
        <dt>ID</dt>
        <dd className="mono selectable" data-testid="image-id">
          {detail.id}
        </dd>
        <dt>Created</dt>
        <dd title={detail.created}>
          {Number.isFinite(created) ? `${formatAge(created / 1000)} · ${new Date(created).toLocaleString()}` : '–'}
        </dd>
        <dt>Size</dt>
        <dd data-testid="image-size">
          {formatBytes(detail.sizeBytes)} in {plural(detail.layers.length, 'layer')}
        </dd>
        <dt>Platform</dt>
        <dd>{platform}</dd>
        {detail.author && (
          <>
            <dt>Author</dt>
            <dd>{detail.author}</dd>
          </>
        )}
      </dl>
    </header>
  );
}

function Detail({ detail }: { detail: ImageDetail }) {
  const [highlighted, setHighlighted] = useState<number>();
  // A click on a bar brings its layer into view.
  const select = useCallback((index: number) => {
    setHighlighted(index);
    const row = document.getElementById(layerElementId(index));
    row?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    row?.focus({ preventScroll: true });
  }, []);
  return (
    <>
      <Overview detail={detail} />
      <section className="card">
        <h2>Layers</h2>
        <LayerChart layers={detail.layers} onSelect={select} />
        {!detail.historyExact && (
          <p className="note" data-testid="history-approximate">
            The engine's history could not be matched to every layer exactly; the instructions shown may be off by
            a step. Sizes are exact.
          </p>
        )}
        <LayerList layers={detail.layers} steps={detail.metadataSteps} highlighted={highlighted} />
      </section>
      <section className="card">
        <h2>Config</h2>
        <ConfigSummary config={detail.config} />
      </section>
    </>
  );
}

export function ImagePage({ id, onBack }: Props) {
  const { state, cancel, retry } = useImageDetail(id);
  useBackKeys(onBack);
  return (
    <div className="page image-page" data-testid="image-page">
      <BackButton onBack={onBack} />
      {state.kind === 'loading' && (
        <div className="loading-row">
          <Spinner label={progressLabel(state.progress)} />
          <button data-testid="cancel-button" onClick={cancel}>
            Cancel
          </button>
        </div>
      )}
      {state.kind === 'failed' && <Failure error={state.error} id={id} onBack={onBack} onRetry={retry} />}
      {state.kind === 'loaded' && <Detail detail={state.detail} />}
    </div>
  );
}
