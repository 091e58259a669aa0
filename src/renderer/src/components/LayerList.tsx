/** The layers in build order with the metadata-only steps (ENV, CMD, …) greyed in between. */
import { useState } from 'react';
import type { LayerInfo, MetadataStep } from '../../../shared/contract';
import { formatBytes } from '../../../shared/format';
import { shareText } from '../model/share';

type Entry = { kind: 'layer'; layer: LayerInfo } | { kind: 'step'; step: MetadataStep; key: string };

function interleave(layers: LayerInfo[], steps: MetadataStep[]): Entry[] {
  const stepsAfter = (index: number): Entry[] =>
    steps
      .filter((step) => step.afterLayer === index)
      .map((step, n) => ({ kind: 'step', step, key: `step-${index}-${n}` }));
  return [...stepsAfter(-1), ...layers.flatMap((layer) => [{ kind: 'layer', layer } as Entry, ...stepsAfter(layer.index)])];
}

export function layerElementId(index: number): string {
  return `layer-${index}`;
}

function LayerRow({ layer, totalBytes, highlighted }: { layer: LayerInfo; totalBytes: number; highlighted: boolean }) {
  const [expanded, setExpanded] = useState(false);
  const share = totalBytes > 0 ? layer.sizeBytes / totalBytes : 0;
  const instruction = layer.instruction || '(no instruction recorded)';
  return (
    <li
      className={highlighted ? 'layer-row highlighted' : 'layer-row'}
      data-testid="layer-row"
      id={layerElementId(layer.index)}
      tabIndex={-1}
    >
      <div className="layer-line">
        <span className="layer-index">#{layer.index}</span>
        <span className="layer-size numeric" data-testid="layer-size">
          {formatBytes(layer.sizeBytes)}
        </span>
        <span className="layer-share numeric" title="Share of the image size">
          {shareText(layer.sizeBytes, totalBytes)}
          <span className="share-track" aria-hidden="true">
            <span className="share-fill" style={{ width: `${Math.min(100, share * 100)}%` }} />
          </span>
        </span>
        <code className="layer-instruction" data-testid="layer-instruction" title={instruction}>
          {instruction}
        </code>
        <button
          className="link-button"
          data-testid="layer-expand"
          aria-expanded={expanded}
          aria-controls={`${layerElementId(layer.index)}-full`}
          onClick={() => setExpanded((open) => !open)}
        >
          {expanded ? 'Hide' : 'Show full'}
        </button>
      </div>
      {expanded && (
        <div className="layer-full" id={`${layerElementId(layer.index)}-full`}>
          <pre data-testid="layer-instruction-full">{instruction}</pre>
          <p className="muted mono small">
            {layer.digest}
            {layer.created && ` · ${new Date(layer.created).toLocaleString()}`}
            {layer.comment && ` · ${layer.comment}`}
          </p>
        </div>
      )}
    </li>
  );
}

interface Props {
  layers: LayerInfo[];
  steps: MetadataStep[];
  highlighted?: number;
}

export function LayerList({ layers, steps, highlighted }: Props) {
  const totalBytes = layers.reduce((sum, layer) => sum + layer.sizeBytes, 0);
  return (
    <ol className="layer-list" data-testid="layer-list">
      {interleave(layers, steps).map((entry) =>
        entry.kind === 'layer' ? (
          <LayerRow
            key={entry.layer.index}
            layer={entry.layer}
            totalBytes={totalBytes}
            highlighted={highlighted === entry.layer.index}
          />
        ) : (
          <li key={entry.key} className="meta-step" data-testid="metadata-step" title="Metadata only: adds no bytes">
            <code>{entry.step.instruction}</code>
          </li>
        ),
      )}
    </ol>
  );
}
