/** The layers in build order with the metadata-only steps (ENV, CMD, …) greyed in between. */
import { useState, type KeyboardEvent } from 'react';
import type { AnalyzedLayer } from '../../../shared/analysis';
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

interface RowProps {
  layer: LayerInfo;
  totalBytes: number;
  highlighted: boolean;
  analysed?: AnalyzedLayer;
  selected: boolean;
  onSelect?: (index: number) => void;
}

/** Arrows move between layer rows, Enter or Space selects. */
function onRowKey(event: KeyboardEvent<HTMLLIElement>, select: () => void) {
  if (event.target !== event.currentTarget) return;
  const rows = [...(event.currentTarget.parentElement?.querySelectorAll<HTMLElement>('[data-testid="layer-row"]') ?? [])];
  const at = rows.indexOf(event.currentTarget);
  const target = event.key === 'ArrowDown' ? rows[at + 1] : event.key === 'ArrowUp' ? rows[at - 1] : undefined;
  if (target) {
    event.preventDefault();
    target.focus();
  } else if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    select();
  }
}

function LayerRow({ layer, totalBytes, highlighted, analysed, selected, onSelect }: RowProps) {
  const [expanded, setExpanded] = useState(false);
  const share = totalBytes > 0 ? layer.sizeBytes / totalBytes : 0;
  const instruction = layer.instruction || '(no instruction recorded)';
  return (
    <li
      className={`layer-row${highlighted ? ' highlighted' : ''}${selected ? ' selected' : ''}${onSelect ? ' selectable-row' : ''}`}
      data-testid="layer-row"
      data-layer={layer.index}
      aria-current={selected ? 'true' : undefined}
      title={onSelect ? 'Select to filter the treemap and the files (click again for the whole image)' : undefined}
      id={layerElementId(layer.index)}
      tabIndex={onSelect ? 0 : -1}
      onClick={onSelect ? () => onSelect(layer.index) : undefined}
      onKeyDown={onSelect ? (event) => onRowKey(event, () => onSelect(layer.index)) : undefined}
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
        <span className="layer-waste numeric" data-testid="layer-waste" title="Bytes this layer stores that the final image does not show">
          {analysed ? (analysed.wastedBytes > 0 ? `${formatBytes(analysed.wastedBytes)} waste` : '') : ''}
        </span>
        <code className="layer-instruction" data-testid="layer-instruction" title={instruction}>
          {instruction}
        </code>
        <button
          className="link-button"
          data-testid="layer-expand"
          aria-expanded={expanded}
          aria-controls={`${layerElementId(layer.index)}-full`}
          onClick={(event) => {
            event.stopPropagation();
            setExpanded((open) => !open);
          }}
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
  /** The analysis's view of the layers (waste), once it has arrived. */
  analysed?: AnalyzedLayer[];
  selected?: number;
  onSelect?: (index: number) => void;
}

export function LayerList({ layers, steps, highlighted, analysed, selected, onSelect }: Props) {
  const totalBytes = layers.reduce((sum, layer) => sum + layer.sizeBytes, 0);
  return (
    <ol className="layer-list" data-testid="layer-list" aria-label="Layers">
      {interleave(layers, steps).map((entry) =>
        entry.kind === 'layer' ? (
          <LayerRow
            key={entry.layer.index}
            layer={entry.layer}
            totalBytes={totalBytes}
            highlighted={highlighted === entry.layer.index}
            analysed={analysed?.[entry.layer.index]}
            selected={selected === entry.layer.index}
            onSelect={onSelect}
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
