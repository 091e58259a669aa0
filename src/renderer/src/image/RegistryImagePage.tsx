/**
 * One image read in place from a registry (`#/image/registry://HOST/REPO:TAG`): nothing is pulled, so the
 * engine's inspect has nothing to say and every figure is the analysis's (the manifest, the config and the
 * layers streamed from the registry). What only applies to an engine image (remove, rebuild, "gone from the
 * engine") is not offered; the page says where the image was read from.
 */
import { useCallback, useMemo } from 'react';
import type { ImageAnalysis } from '../../../shared/analysis';
import type { ApiErrorData } from '../../../shared/errors';
import { ErrorPanel } from '../components/ErrorPanel';
import { ProgressBar } from '../components/ProgressBar';
import { useNavigationKeys } from '../hooks/useNavigationKeys';
import { useOperation } from '../hooks/useOperation';
import { bareRegistryRef, registryOf } from '../images/registry-ref';
import { ExportReportButton } from '../report';
import { baseSplit } from './base-split';
import { BaseSplitLine } from './BaseSplitLine';
import { IdentityFacts } from './IdentityFacts';
import { Explorer } from './explorer/Explorer';
import { useExplorerState } from './explorer/useExplorerState';
import { HeadlineFigures } from './figures/HeadlineFigures';
import { BackButton } from './ImageActions';
import type { LayerRow } from './layers/layer-rows';
import { LayerList } from './layers/LayerList';

interface Props {
  /** "registry://HOST/REPO:TAG" or "registry://HOST/REPO@sha256:…". */
  id: string;
  onBack: () => void;
}

function failureTitle(error: ApiErrorData, registry: string): string {
  switch (error.code) {
    case 'IMAGE_NOT_FOUND':
      return 'Not in the registry';
    case 'UNAUTHORIZED':
      return `${registry} asks for a login`;
    case 'SERVER_UNREACHABLE':
      return `${registry} cannot be reached`;
    case 'TLS_UNTRUSTED':
      return `The certificate of ${registry} is not trusted`;
    case 'CANCELLED':
      return 'Reading cancelled';
    default:
      return 'Could not read the image from the registry';
  }
}

function RegistryNote({ registry }: { registry: string }) {
  return (
    <p className="note" data-testid="registry-source">
      Read from the registry <strong>{registry}</strong>, in place: nothing was pulled into the engine, so removing or rebuilding it does not apply
      here.
    </p>
  );
}

function Loaded({ analysis, imageRef, onBack }: { analysis: ImageAnalysis; imageRef: string; onBack: () => void }) {
  const bare = bareRegistryRef(imageRef);
  const registry = registryOf(imageRef);
  const split = useMemo(() => baseSplit(analysis), [analysis]);
  const explorer = useExplorerState(split.split);
  const rows = useMemo<LayerRow[]>(
    () =>
      analysis.layers.map((layer) => ({
        index: layer.index,
        digest: layer.digest,
        sizeBytes: layer.sizeBytes,
        instruction: layer.instruction,
        createdBy: layer.createdBy,
        wastedBytes: layer.wastedBytes,
        inBase: layer.index < split.baseLayers,
        exact: true,
      })),
    [analysis, split.baseLayers],
  );
  const view = explorer.place.view;
  const toggleLayer = explorer.toggleLayer;
  const selectLayer = useCallback((index: number) => toggleLayer(index), [toggleLayer]);
  const platform = [analysis.os, analysis.architecture, analysis.variant].filter(Boolean).join('/');
  return (
    <>
      <header className="image-header">
        <div className="page-toolbar image-title-row">
          <BackButton onBack={onBack} />
          <h1 data-testid="image-title">{bare}</h1>
          <div className="page-actions" data-testid="image-actions">
            <ExportReportButton source={{ kind: 'registry', ref: bare }} />
          </div>
        </div>
        <dl className="facts-line">
          <div>
            <dt>Source</dt>
            <dd data-testid="image-source">registry {registry}</dd>
          </div>
          <IdentityFacts
            id={analysis.id}
            sizeBytes={analysis.sizeBytes}
            layers={analysis.layers.length}
            sizeTitle={`${analysis.sizeBytes.toLocaleString()} bytes: the layers’ files, as read from the registry`}
          />
          <div>
            <dt>Platform</dt>
            <dd>{platform}</dd>
          </div>
        </dl>
      </header>
      <RegistryNote registry={registry} />
      <BaseSplitLine split={split} />
      <HeadlineFigures analysis={analysis} />
      <Explorer analysis={analysis} split={split} state={explorer} />
      <section className="card" data-testid="layers-card">
        <h2>Layers</h2>
        <LayerList rows={rows} steps={[]} split={split} selected={view.kind === 'image' ? undefined : view.layer} onSelect={selectLayer} />
      </section>
    </>
  );
}

export function RegistryImagePage({ id, onBack }: Props) {
  const bare = bareRegistryRef(id);
  const registry = registryOf(id);
  const analysis = useOperation(id, (client, operationId) => client.analyzeImage({ kind: 'registry', ref: bare }, { operationId }));
  useNavigationKeys(onBack);
  const { state } = analysis;
  return (
    <div className="page image-page registry-image-page" data-testid="image-page" data-source="registry">
      {state.kind !== 'done' && (
        <div className="page-toolbar">
          <BackButton onBack={onBack} />
          <h1 data-testid="image-title">{bare}</h1>
        </div>
      )}
      {state.kind === 'running' && (
        <section className="card analysis-running" data-testid="analysis-running">
          <ProgressBar progress={state.progress} label={`Asking ${registry} for the manifest…`} onCancel={analysis.cancel} />
          <RegistryNote registry={registry} />
        </section>
      )}
      {state.kind === 'failed' && (
        <ErrorPanel
          title={failureTitle(state.error, registry)}
          message={state.error.code === 'CANCELLED' ? undefined : state.error.message}
          testId="image-error"
          alert={state.error.code !== 'CANCELLED'}
          actions={
            <>
              <button className="primary" onClick={analysis.retry}>
                {state.error.code === 'CANCELLED' ? 'Read again' : 'Try again'}
              </button>
              <button onClick={onBack}>Back to the images</button>
            </>
          }
        />
      )}
      {state.kind === 'done' && <Loaded analysis={state.result} imageRef={id} onBack={onBack} />}
    </div>
  );
}
