/**
 * The analysis explored: the view switch, then tabs for the treemap, the files, waste & findings and the
 * attack surface. Arrow keys move between the tabs.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Finding, ImageAnalysis } from '../../../../shared/analysis';
import { useClient } from '../../hooks/bridge-context';
import { AttackSurfacePanel } from '../AttackSurfacePanel';
import type { BaseSplit } from '../base-split';
import { colorByNames, type ColorBy } from '../colors';
import { FileTree } from './files/FileTree';
import { findingsOf } from './findings/findings-filter';
import { FindingsPanel } from './findings/FindingsPanel';
import { byLayer, statusColoursAgree, treeView } from './place';
import { ImageTreemap } from './treemap/ImageTreemap';
import type { ExplorerState, Tab } from './useExplorerState';
import { ViewSwitch } from './ViewSwitch';

const tabs: { id: Tab; label: string }[] = [
  { id: 'treemap', label: 'Treemap' },
  { id: 'files', label: 'Files' },
  { id: 'waste', label: 'Waste & findings' },
  { id: 'surface', label: 'Attack surface' },
];

interface Props {
  analysis: ImageAnalysis;
  split: BaseSplit;
  state: ExplorerState;
}

function ColorSelect({
  value,
  onChange,
  offerStatus,
  offerSplit,
}: {
  value: ColorBy;
  onChange: (value: ColorBy) => void;
  offerStatus: boolean;
  offerSplit: boolean;
}) {
  const options: ColorBy[] = ['split', 'category', 'status', 'layer'];
  return (
    <label className="inline-field">
      Colour by
      <select value={value} onChange={(event) => onChange(event.target.value as ColorBy)} data-testid="color-by">
        {options.map((option) => (
          <option
            key={option}
            value={option}
            disabled={(option === 'status' && !offerStatus) || (option === 'split' && !offerSplit)}
            title={option === 'status' && !offerStatus ? 'Pick a layer, or the whole image by layer: statuses are a layer’s changes' : undefined}
          >
            {colorByNames[option]}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Revealing a finding's file: where the final image shows it, else the layer that stores it. */
function useRevealFile(imageId: string, state: ExplorerState) {
  const client = useClient();
  const [reveal, setReveal] = useState<{ path: string; nonce: number }>();
  const nonce = useRef(0);
  const { move, setTab, wholeImage } = state;
  const revealFile = useCallback(
    async (path: string, finding?: Finding) => {
      const whole = { view: wholeImage.kind === 'image' ? wholeImage : ({ kind: 'image', by: 'folder' } as const), path: '/' };
      try {
        const where = await client.locateFile(imageId, path);
        if (where.visibleLayer !== undefined) move({ to: whole });
        else {
          const layers = where.storedIn.map((copy) => copy.layer);
          const layer = finding && layers.includes(finding.layerIndex) ? finding.layerIndex : (layers[layers.length - 1] ?? finding?.layerIndex ?? 0);
          move({
            to: { view: { kind: 'layer-only', layer }, path: '/' },
            announce: `Showing layer ${layer} only: the final image does not show ${path}; this layer stores it.`,
          });
        }
      } catch {
        move({ to: whole });
      }
      setTab('files');
      nonce.current += 1;
      setReveal({ path, nonce: nonce.current });
    },
    [client, imageId, move, setTab, wholeImage],
  );
  return { reveal, revealFile };
}

export function Explorer({ analysis, split, state }: Props) {
  const { place, part, tab, setTab, colorBy } = state;
  const { reveal, revealFile } = useRevealFile(analysis.id, state);
  const offerStatus = statusColoursAgree(place.view, part);
  const shownColor: ColorBy =
    (colorBy === 'status' && !offerStatus) || (colorBy === 'split' && !split.split) ? (split.split ? 'split' : 'category') : colorBy;

  useEffect(() => {
    performance.mark('layerlens:explorer-mounted');
  }, []);

  const onTabKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = tabs.findIndex((t) => t.id === tab);
    const next =
      event.key === 'ArrowRight' ? tabs[(at + 1) % tabs.length] : event.key === 'ArrowLeft' ? tabs[(at + tabs.length - 1) % tabs.length] : undefined;
    if (next) {
      event.preventDefault();
      setTab(next.id);
      document.getElementById(`tab-${next.id}`)?.focus();
    }
  };

  const findingCount = findingsOf(analysis.findings, part, split.baseLayers).shown.length;
  const statusesRelativeTo =
    place.view.kind === 'up-to' ? `statuses: what layer ${place.view.layer} did` : 'statuses: what the layer that wrote each path did';

  return (
    <section className="card explorer" data-testid="explorer" id="explorer">
      <ViewSwitch
        place={place}
        part={part}
        layers={analysis.layers}
        baseLayers={split.baseLayers}
        wholeImage={state.wholeImage}
        noSplitReason={split.split ? undefined : 'The base image’s layers are not known, so your build cannot be shown apart.'}
        onView={(view) => state.move({ to: { view, path: '/' } })}
        onPart={state.setPart}
      />
      {state.announcement && (
        <p className="note view-announcement" role="status" data-testid="view-announcement">
          {state.announcement}{' '}
          <button className="link-button" onClick={() => state.move({ to: { view: state.wholeImage, path: '/' } })}>
            Back to the whole image
          </button>
        </p>
      )}
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
            onClick={() => setTab(t.id)}
          >
            {t.label}
            {t.id === 'waste' && findingCount > 0 && <span className="tab-count">{findingCount}</span>}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'treemap' && (
          <ImageTreemap
            imageId={analysis.id}
            layers={analysis.layers}
            place={place}
            part={part}
            wholeImage={state.wholeImage}
            baseLayers={split.baseLayers}
            baseName={split.baseName}
            onNavigate={state.move}
            colorBy={shownColor}
            toolbar={<ColorSelect value={shownColor} onChange={state.setColorBy} offerStatus={offerStatus} offerSplit={split.split} />}
          />
        )}
        {tab === 'files' && <FileTree imageId={analysis.id} view={treeView(place.view)} statusesRelativeTo={statusesRelativeTo} reveal={reveal} />}
        {tab === 'waste' && (
          <FindingsPanel
            analysis={analysis}
            part={part}
            baseLayers={split.baseLayers}
            onSelectLayer={state.showLayer}
            onRevealFile={(path, finding) => void revealFile(path, finding)}
          />
        )}
        {tab === 'surface' && <AttackSurfacePanel surface={analysis.attackSurface} />}
      </div>
      {byLayer(place.view, part) && tab === 'files' && (
        <p className="muted small">The files of the whole image are its final filesystem, by folder.</p>
      )}
    </section>
  );
}
