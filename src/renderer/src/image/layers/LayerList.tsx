/**
 * The layers in build order, the base image's apart from your build's, with the metadata-only steps
 * (ENV, CMD, …) greyed in between. A row selects its layer for the explorer (click again: whole image).
 */
import { useState, type KeyboardEvent } from 'react';
import type { MetadataStep } from '../../../../shared/contract';
import { formatBytes } from '../../../../shared/format';
import { ShareBar } from '../../components/ShareBar';
import { shareText } from '../../lib/share';
import { bytesInLayers, type BaseSplit } from '../base-split';
import type { LayerRow as Row } from './layer-rows';

function layerElementId(index: number): string {
  return `layer-${index}`;
}

type Entry =
  { kind: 'layer'; row: Row } | { kind: 'step'; step: MetadataStep; key: string } | { kind: 'group'; key: string; title: string; detail: string };

function entries(rows: Row[], steps: MetadataStep[], split: BaseSplit): Entry[] {
  const stepsAfter = (index: number): Entry[] =>
    steps.filter((step) => step.afterLayer === index).map((step, n) => ({ kind: 'step', step, key: `step-${index}-${n}` }));
  const group = (index: number): Entry[] => {
    if (!split.split) return [];
    if (index === 0)
      return [{ kind: 'group', key: 'base', title: `Base image ${split.baseName ?? ''}`, detail: bytesInLayers(split.baseBytes, split.baseLayers) }];
    if (index === split.baseLayers)
      return [{ kind: 'group', key: 'own', title: 'Your build', detail: bytesInLayers(split.ownBytes, split.ownLayers) }];
    return [];
  };
  return [...stepsAfter(-1), ...rows.flatMap((row) => [...group(row.index), { kind: 'layer', row } as Entry, ...stepsAfter(row.index)])];
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

interface RowProps {
  row: Row;
  totalBytes: number;
  selected: boolean;
  onSelect?: (index: number) => void;
}

function LayerRow({ row, totalBytes, selected, onSelect }: RowProps) {
  const [expanded, setExpanded] = useState(false);
  const instruction = row.instruction || '(no instruction recorded)';
  const select = onSelect ? () => onSelect(row.index) : undefined;
  return (
    <li
      className={`layer-row${selected ? ' selected' : ''}${select ? ' selectable-row' : ''}${row.inBase ? ' in-base' : ''}`}
      data-testid="layer-row"
      data-layer={row.index}
      data-in-base={row.inBase ? 'true' : 'false'}
      aria-current={selected ? 'true' : undefined}
      title={select ? 'Select to show this layer in the treemap and the files (again: the whole image)' : undefined}
      id={layerElementId(row.index)}
      tabIndex={select ? 0 : -1}
      onClick={select}
      onKeyDown={select ? (event) => onRowKey(event, select) : undefined}
    >
      <div className="layer-line">
        <span className="layer-index">#{row.index}</span>
        <span className="layer-size numeric" data-testid="layer-size">
          {formatBytes(row.sizeBytes)}
        </span>
        <span className="layer-share numeric" title="Share of the image size">
          {shareText(row.sizeBytes, totalBytes)}
          <ShareBar part={row.sizeBytes} whole={totalBytes} />
        </span>
        <span className="layer-waste numeric" data-testid="layer-waste" title="Bytes this layer stores that the final image does not show">
          {row.wastedBytes ? `${formatBytes(row.wastedBytes)} waste` : ''}
        </span>
        <code className="layer-instruction" data-testid="layer-instruction" title={instruction}>
          {instruction}
        </code>
        {!row.exact && (
          <span
            className="badge badge-warn"
            data-testid="layer-approximate"
            title="Matched from the engine’s history by guess; the analysis reads the exact instruction"
          >
            approximate
          </span>
        )}
        <button
          className="link-button"
          data-testid="layer-expand"
          aria-expanded={expanded}
          aria-controls={`${layerElementId(row.index)}-full`}
          onClick={(event) => {
            event.stopPropagation();
            setExpanded((open) => !open);
          }}
        >
          {expanded ? 'Hide' : 'Show full'}
        </button>
      </div>
      {expanded && (
        <div className="layer-full" id={`${layerElementId(row.index)}-full`}>
          <pre data-testid="layer-instruction-full">{instruction}</pre>
          <p className="muted mono small">
            {row.digest}
            {row.created && ` · ${new Date(row.created).toLocaleString()}`}
            {row.comment && ` · ${row.comment}`}
          </p>
        </div>
      )}
    </li>
  );
}

interface Props {
  rows: Row[];
  steps: MetadataStep[];
  split: BaseSplit;
  selected?: number;
  /** Absent until the analysis has arrived (the explorer needs it). */
  onSelect?: (index: number) => void;
}

export function LayerList({ rows, steps, split, selected, onSelect }: Props) {
  return (
    <ol className="layer-list" data-testid="layer-list" aria-label="Layers">
      {entries(rows, steps, split).map((entry) => {
        if (entry.kind === 'layer')
          return (
            <LayerRow
              key={entry.row.index}
              row={entry.row}
              totalBytes={split.totalBytes}
              selected={selected === entry.row.index}
              onSelect={onSelect}
            />
          );
        if (entry.kind === 'group')
          return (
            <li key={entry.key} className={`layer-group layer-group-${entry.key}`} data-testid={`layer-group-${entry.key}`}>
              <strong>{entry.title}</strong> <span className="muted">{entry.detail}</span>
            </li>
          );
        return (
          <li key={entry.key} className="meta-step" data-testid="metadata-step" title="Metadata only: adds no bytes">
            <code>{entry.step.instruction}</code>
          </li>
        );
      })}
    </ol>
  );
}
