/**
 * One image: its header and layers at once (inspect), then, when the analysis arrives, the headline
 * figures, per-layer waste, the treemap, the file tree, waste & findings and the attack surface. Selecting a
 * layer filters the treemap and the files (everything up to it, or that layer only, as dive does).
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Finding, ImageAnalysis } from '../../../shared/analysis';
import type { ImageDetail, ImageSummary, ProgressEvent } from '../../../shared/contract';
import type { ApiErrorData } from '../../../shared/errors';
import type { TreeScope } from '../../../shared/explore';
import { formatAge, formatBytes, shortId } from '../../../shared/format';
import { AttackSurfacePanel } from '../components/AttackSurfacePanel';
import { ConfigSummary } from '../components/ConfigSummary';
import { ErrorPanel } from '../components/ErrorPanel';
import { FileTree } from '../components/FileTree';
import { FindingsPanel, Headline } from '../components/FindingsPanel';
import { ImageTreemap, upTarget, type TreemapLocation } from '../components/ImageTreemap';
import { LayerChart } from '../components/LayerChart';
import { LayerList, layerElementId } from '../components/LayerList';
import { ProgressBar } from '../components/ProgressBar';
import { Spinner } from '../components/Spinner';
import { useClient } from '../hooks/bridge-context';
import { useBackKeys } from '../hooks/useBackKeys';
import { useImageDetail } from '../hooks/useImageDetail';
import { useOperation, type OperationState } from '../hooks/useOperation';
import { imageName } from '../model/images';
import type { ColorBy } from '../model/explore-colors';
import { plural } from '../model/plural';
import { RebuildImageButton } from '../rebuild';
import { ExportReportButton } from '../report/ExportReportButton';

interface Props {
  id: string;
  onBack: () => void;
  /** The images list, for "Compare with…". */
  images?: ImageSummary[];
  onCompare?: (a: string, b: string) => void;
}

type Tab = 'treemap' | 'files' | 'waste' | 'surface';
const tabs: { id: Tab; label: string }[] = [
  { id: 'treemap', label: 'Treemap' },
  { id: 'files', label: 'Files' },
  { id: 'waste', label: 'Waste & findings' },
  { id: 'surface', label: 'Attack surface' },
];

function BackButton({ onBack }: { onBack: () => void }) {
  return (
    <button className="back-button" data-testid="back-button" onClick={onBack} title="Back to the images (Escape)">
      ← Images
    </button>
  );
}

function progressLabel(progress?: ProgressEvent): string {
  if (!progress) return 'Inspecting the image…';
  const total = progress.total !== undefined ? ` of ${progress.total}` : '';
  return `${progress.phase} (${progress.done}${total})…`;
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
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

function CompareWith({ id, images, onCompare }: { id: string; images?: ImageSummary[]; onCompare?: (a: string, b: string) => void }) {
  const others = (images ?? []).filter((image) => image.id !== id);
  if (!onCompare) return null;
  return (
    <label className="inline-field">
      <select
        data-testid="compare-with"
        value=""
        disabled={others.length === 0}
        onChange={(event) => event.target.value && onCompare(id, event.target.value)}
        aria-label="Compare with another image"
      >
        <option value="">Compare with…</option>
        {others.map((image) => (
          <option key={image.id} value={image.id}>
            {imageName(image)} · {shortId(image.id)} · {formatBytes(image.sizeBytes)}
          </option>
        ))}
      </select>
    </label>
  );
}

function AnalysisStatus({ state, onCancel, onRetry }: { state: OperationState<ImageAnalysis>; onCancel: () => void; onRetry: () => void }) {
  if (state.kind === 'running') {
    return (
      <section className="card headline-card" data-testid="analysis-running">
        <ProgressBar progress={state.progress} label="Starting the analysis…" onCancel={onCancel} />
        <div className="headline placeholder" aria-hidden="true">
          {['Size', 'True waste', 'Efficiency', 'Potential saving'].map((label) => (
            <div key={label} className="headline-figure">
              <dt>{label}</dt>
              <dd className="headline-value">
                <span className="skeleton-text" />
              </dd>
            </div>
          ))}
        </div>
      </section>
    );
  }
  if (state.kind === 'failed') {
    const cancelled = state.error.code === 'CANCELLED';
    return (
      <section className={cancelled ? 'card' : 'card error-panel'} data-testid="analysis-failed" role={cancelled ? undefined : 'alert'}>
        <h2>{cancelled ? 'Analysis cancelled' : 'The analysis failed'}</h2>
        {!cancelled && <p className="error-message">{state.error.message}</p>}
        <div className="actions">
          <button className="primary" onClick={onRetry} data-testid="analyse-again">
            Analyse again
          </button>
        </div>
      </section>
    );
  }
  return (
    <section className="card headline-card">
      <Headline analysis={state.result} />
    </section>
  );
}

function ViewSwitch({ layers, selection, onChange }: { layers: number; selection: { layer?: number; scope: TreeScope }; onChange: (layer: number | undefined, scope: TreeScope) => void }) {
  const layer = selection.layer;
  return (
    <div className="view-switch" data-testid="view-switch">
      <div className="segmented" role="radiogroup" aria-label="What to show">
        <button role="radio" aria-checked={layer === undefined} className={layer === undefined ? 'on' : ''} onClick={() => onChange(undefined, selection.scope)} data-testid="view-image">
          Whole image
        </button>
        <button
          role="radio"
          aria-checked={layer !== undefined && selection.scope === 'aggregated'}
          className={layer !== undefined && selection.scope === 'aggregated' ? 'on' : ''}
          onClick={() => onChange(layer ?? layers - 1, 'aggregated')}
          data-testid="view-aggregated"
        >
          Up to layer {layer ?? layers - 1}
        </button>
        <button
          role="radio"
          aria-checked={layer !== undefined && selection.scope === 'layer'}
          className={layer !== undefined && selection.scope === 'layer' ? 'on' : ''}
          onClick={() => onChange(layer ?? layers - 1, 'layer')}
          data-testid="view-layer-only"
        >
          Layer {layer ?? layers - 1} only
        </button>
      </div>
      <span className="muted small">Select a layer above to filter; click it again for the whole image.</span>
    </div>
  );
}

function Explorer({ analysis, imageId, location, onNavigate, tab, onTab, onSelectLayer }: {
  analysis: ImageAnalysis;
  imageId: string;
  location: TreemapLocation;
  onNavigate: (location: TreemapLocation) => void;
  tab: Tab;
  onTab: (tab: Tab) => void;
  onSelectLayer: (layer: number) => void;
}) {
  const client = useClient();
  const [colorBy, setColorBy] = useState<ColorBy>('layer');
  const [reveal, setReveal] = useState<{ path: string; nonce: number }>();
  const nonce = useRef(0);

  useEffect(() => {
    performance.mark('layerlens:explorer-mounted');
  }, []);

  const revealFile = useCallback(
    async (path: string, finding?: Finding) => {
      try {
        const where = await client.locateFile(imageId, path);
        if (where.visibleLayer !== undefined) onNavigate({ scope: 'aggregated', path: '/' });
        else {
          const layers = where.storedIn.map((copy) => copy.layer);
          const layer = finding && layers.includes(finding.layerIndex) ? finding.layerIndex : (layers[layers.length - 1] ?? finding?.layerIndex ?? 0);
          onNavigate({ layer, scope: 'layer', path: '/' });
        }
      } catch {
        onNavigate({ scope: 'aggregated', path: '/' });
      }
      onTab('files');
      nonce.current += 1;
      setReveal({ path, nonce: nonce.current });
    },
    [client, imageId, onNavigate, onTab],
  );

  const onTabKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = tabs.findIndex((t) => t.id === tab);
    const next = event.key === 'ArrowRight' ? tabs[(at + 1) % tabs.length] : event.key === 'ArrowLeft' ? tabs[(at + tabs.length - 1) % tabs.length] : undefined;
    if (next) {
      event.preventDefault();
      onTab(next.id);
      document.getElementById(`tab-${next.id}`)?.focus();
    }
  };

  return (
    <section className="card explorer" data-testid="explorer">
      <div className="tabs" role="tablist" aria-label="Explore the image" onKeyDown={onTabKey}>
        {tabs.map((t) => (
          <button
            key={t.id}
            id={`tab-${t.id}`}
            role="tab"
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            className={tab === t.id ? 'tab on' : 'tab'}
            data-testid={`tab-${t.id}`}
            onClick={() => onTab(t.id)}
          >
            {t.label}
            {t.id === 'waste' && analysis.findings.length > 0 && <span className="tab-count">{analysis.findings.length}</span>}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'treemap' && (
          <ImageTreemap imageId={imageId} layers={analysis.layers} location={location} onNavigate={onNavigate} colorBy={colorBy} onColorByChange={setColorBy} />
        )}
        {tab === 'files' && <FileTree imageId={imageId} view={{ layer: location.layer, scope: location.scope }} reveal={reveal} />}
        {tab === 'waste' && <FindingsPanel analysis={analysis} onSelectLayer={onSelectLayer} onRevealFile={(path, finding) => void revealFile(path, finding)} />}
        {tab === 'surface' && <AttackSurfacePanel surface={analysis.attackSurface} />}
      </div>
    </section>
  );
}

function Detail({ detail, id, images, onCompare, onBack }: { detail: ImageDetail } & Props) {
  const [highlighted, setHighlighted] = useState<number>();
  const [location, setLocation] = useState<TreemapLocation>({ scope: 'layer', path: '/' });
  const [tab, setTab] = useState<Tab>('treemap');
  const analysis = useOperation(id, (client, operationId) => client.analyzeImage({ kind: 'engine', ref: id }, { operationId }));
  const result = analysis.state.kind === 'done' ? analysis.state.result : undefined;

  useEffect(() => {
    if (result) performance.mark('layerlens:analysis-received');
  }, [result]);

  // A click on a bar brings its layer into view.
  const reveal = useCallback((index: number) => {
    setHighlighted(index);
    const row = document.getElementById(layerElementId(index));
    row?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    row?.focus({ preventScroll: true });
  }, []);

  const selectLayer = useCallback((index: number) => {
    setLocation((current) => (current.layer === index ? { scope: current.scope, path: '/' } : { layer: index, scope: current.scope, path: '/' }));
  }, []);

  const showLayer = useCallback(
    (index: number) => {
      setLocation((current) => ({ layer: index, scope: current.scope, path: '/' }));
      reveal(index);
    },
    [reveal],
  );

  // Backspace goes up in the treemap (then to the images), Escape straight back; never while typing.
  const locationRef = useRef(location);
  useEffect(() => {
    locationRef.current = location;
  }, [location]);
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        onBack();
      } else if (event.key === 'Backspace') {
        event.preventDefault();
        const up = upTarget(locationRef.current);
        if (up) setLocation(up);
        else onBack();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onBack]);

  const selection = useMemo(() => ({ layer: location.layer, scope: location.scope }), [location.layer, location.scope]);

  return (
    <>
      <div className="page-toolbar" data-testid="image-actions">
        <BackButton onBack={onBack} />
        <div className="page-actions">
          <CompareWith id={id} images={images} onCompare={onCompare} />
          <RebuildImageButton imageRef={detail.repoTags[0] ?? detail.id} />
          <ExportReportButton source={{ kind: 'engine', ref: id }} />
        </div>
      </div>
      <Overview detail={detail} />
      <AnalysisStatus state={analysis.state} onCancel={analysis.cancel} onRetry={analysis.retry} />
      <section className="card">
        <h2>Layers</h2>
        <LayerChart layers={detail.layers} onSelect={reveal} />
        {!detail.historyExact && (
          <p className="note" data-testid="history-approximate">
            The engine's history could not be matched to every layer exactly; the instructions shown may be off by
            a step. Sizes are exact.
          </p>
        )}
        <LayerList
          layers={detail.layers}
          steps={detail.metadataSteps}
          highlighted={highlighted}
          analysed={result?.layers}
          selected={location.layer}
          onSelect={result ? selectLayer : undefined}
        />
      </section>
      {result && (
        <>
          <ViewSwitch
            layers={result.layers.length}
            selection={selection}
            onChange={(layer, scope) => setLocation({ layer, scope, path: '/' })}
          />
          <Explorer analysis={result} imageId={result.id} location={location} onNavigate={setLocation} tab={tab} onTab={setTab} onSelectLayer={showLayer} />
        </>
      )}
      <section className="card">
        <h2>Config</h2>
        <ConfigSummary config={detail.config} />
      </section>
    </>
  );
}

const ignoreKeys = () => undefined;

export function ImagePage({ id, onBack, images, onCompare }: Props) {
  const { state, cancel, retry } = useImageDetail(id);
  // Until the image is shown (then Detail handles Backspace: up in the treemap first), Backspace or Escape goes back.
  useBackKeys(state.kind === 'loaded' ? ignoreKeys : onBack);
  return (
    <div className="page image-page" data-testid="image-page">
      {state.kind !== 'loaded' && <BackButton onBack={onBack} />}
      {state.kind === 'loading' && (
        <div className="loading-row">
          <Spinner label={progressLabel(state.progress)} />
          <button data-testid="cancel-button" onClick={cancel}>
            Cancel
          </button>
        </div>
      )}
      {state.kind === 'failed' && <Failure error={state.error} id={id} onBack={onBack} onRetry={retry} />}
      {state.kind === 'loaded' && <Detail detail={state.detail} id={id} images={images} onCompare={onCompare} onBack={onBack} />}
    </div>
  );
}
