/** The image page once inspect has answered: everything from the engine at once, the analysis's views as they arrive. */
import { useCallback, useEffect, useMemo } from 'react';
import type { ImageDetail, ImageSummary } from '../../../shared/contract';
import { shortId } from '../../../shared/format';
import { useOperation } from '../hooks/useOperation';
import { AnalysisStatus } from './AnalysisStatus';
import { baseSplit } from './base-split';
import { BaseSplitLine } from './BaseSplitLine';
import { ConfigSummary } from './ConfigSummary';
import { Explorer } from './explorer/Explorer';
import { useExplorerState } from './explorer/useExplorerState';
import { HeadlineFigures } from './figures/HeadlineFigures';
import { ImageGoneBanner } from './ImageGoneBanner';
import { ImageHeader } from './ImageHeader';
import { BackButton, ImageActions } from './ImageActions';
import { layerRows } from './layers/layer-rows';
import { LayerList } from './layers/LayerList';
import { useImageGone } from './useImageGone';

interface Props {
  detail: ImageDetail;
  imageRef: string;
  images?: ImageSummary[];
  onBack: () => void;
  onCompare: (a: string, b: string) => void;
  onOpen: (id: string) => void;
}

/** The explorer is above the layer list: a layer picked down there shows up there, so bring it into view. */
function bringExplorerIntoView(): void {
  const explorer = document.getElementById('explorer');
  if (explorer && explorer.getBoundingClientRect().top < 0) explorer.scrollIntoView({ block: 'start' });
}

export function LoadedImage({ detail, imageRef, images, onBack, onCompare, onOpen }: Props) {
  const split = useMemo(() => baseSplit(detail), [detail]);
  const analysis = useOperation(imageRef, (client, operationId) => client.analyzeImage({ kind: 'engine', ref: imageRef }, { operationId }));
  const result = analysis.state.kind === 'done' ? analysis.state.result : undefined;
  const gone = useImageGone(imageRef, detail.id);
  const explorer = useExplorerState(split.split);
  const rows = useMemo(() => layerRows(detail, split.baseLayers, result), [detail, split.baseLayers, result]);
  const view = explorer.place.view;
  const toggleLayer = explorer.toggleLayer;
  const selectLayer = useCallback(
    (index: number) => {
      toggleLayer(index);
      bringExplorerIntoView();
    },
    [toggleLayer],
  );

  useEffect(() => {
    if (result) performance.mark('layerlens:analysis-received');
  }, [result]);

  return (
    <>
      <ImageHeader
        detail={detail}
        back={<BackButton onBack={onBack} />}
        actions={gone ? undefined : <ImageActions detail={detail} imageRef={imageRef} images={images} onCompare={onCompare} />}
      />
      {gone && <ImageGoneBanner gone={gone} name={detail.repoTags[0] ?? shortId(detail.id)} onOpen={onOpen} onBack={onBack} />}
      <BaseSplitLine split={split} />
      {analysis.state.kind === 'done' ? (
        <>
          <HeadlineFigures analysis={analysis.state.result} />
          <Explorer analysis={analysis.state.result} split={split} state={explorer} />
        </>
      ) : (
        <AnalysisStatus state={analysis.state} onCancel={analysis.cancel} onRetry={analysis.retry} />
      )}
      <section className="card" data-testid="layers-card">
        <h2>Layers</h2>
        {!detail.historyExact && !result && (
          <p className="note" data-testid="history-approximate">
            The engine’s history could not be matched to every layer for sure: instructions marked “approximate” may be off by a step until the
            analysis has read the image’s own record. Sizes are exact.
          </p>
        )}
        {!detail.historyExact && result && detail.metadataSteps.length > 0 && (
          <p className="muted small" data-testid="steps-approximate">
            The instructions are exact; the metadata steps (ENV, CMD, …) between them are placed as the engine’s history suggests.
          </p>
        )}
        <LayerList
          rows={rows}
          steps={detail.metadataSteps}
          split={split}
          selected={view.kind === 'image' ? undefined : view.layer}
          onSelect={result ? selectLayer : undefined}
        />
      </section>
      <section className="card">
        <h2>Config</h2>
        <ConfigSummary config={detail.config} />
      </section>
    </>
  );
}
