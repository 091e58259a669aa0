/**
 * What the treemap and the files show: the whole image (by folder or by layer), everything up to a layer,
 * or one layer only, each said in a sentence; and the whole image or your build only.
 */
import type { ReactNode } from 'react';
import type { AnalyzedLayer } from '../../../../shared/analysis';
import { layerLabel } from './treemap/treemap-data';
import { viewMeaning, type Part, type Place, type View } from './place';

interface Props {
  place: Place;
  part: Part;
  layers: AnalyzedLayer[];
  baseLayers: number;
  /** Why "your build only" is not offered, when it is not. */
  noSplitReason?: string;
  wholeImage: View;
  onView: (view: View) => void;
  onPart: (part: Part) => void;
}

function Radio({ on, onClick, testId, title, children }: { on: boolean; onClick: () => void; testId: string; title: string; children: ReactNode }) {
  return (
    <button role="radio" aria-checked={on} className={on ? 'on' : ''} onClick={onClick} data-testid={testId} title={title}>
      {children}
    </button>
  );
}

export function ViewSwitch({ place, part, layers, baseLayers, noSplitReason, wholeImage, onView, onPart }: Props) {
  const view = place.view;
  const layer = view.kind === 'image' ? layers.length - 1 : view.layer;
  return (
    <div className="view-switch" data-testid="view-switch">
      <div className="view-switch-row">
        <div className="segmented" role="radiogroup" aria-label="What to show">
          <Radio on={view.kind === 'image'} onClick={() => onView(wholeImage)} testId="view-image" title={viewMeaning('image')}>
            Whole image
          </Radio>
          <Radio
            on={view.kind === 'up-to'}
            onClick={() => onView({ kind: 'up-to', layer })}
            testId="view-aggregated"
            title={viewMeaning({ kind: 'up-to', layer })}
          >
            Up to layer {layer}
          </Radio>
          <Radio
            on={view.kind === 'layer-only'}
            onClick={() => onView({ kind: 'layer-only', layer })}
            testId="view-layer-only"
            title={viewMeaning({ kind: 'layer-only', layer })}
          >
            Layer {layer} only
          </Radio>
        </div>
        {view.kind === 'image' ? (
          part === 'all' && (
            <div className="segmented small" role="radiogroup" aria-label="Whole image by">
              <Radio
                on={view.by === 'folder'}
                onClick={() => onView({ kind: 'image', by: 'folder' })}
                testId="by-folder"
                title={viewMeaning({ kind: 'image', by: 'folder' })}
              >
                by folder
              </Radio>
              <Radio
                on={view.by === 'layer'}
                onClick={() => onView({ kind: 'image', by: 'layer' })}
                testId="by-layer"
                title={viewMeaning({ kind: 'image', by: 'layer' })}
              >
                by layer
              </Radio>
            </div>
          )
        ) : (
          <label className="inline-field">
            Layer
            <select value={layer} onChange={(event) => onView({ ...view, layer: Number(event.target.value) })} data-testid="view-layer">
              {layers.map((l) => (
                <option key={l.index} value={l.index}>
                  {layerLabel(l.index, layers).slice(0, 70)}
                  {l.index < baseLayers ? ' (base)' : ''}
                </option>
              ))}
            </select>
          </label>
        )}
        <div className="segmented part-switch" role="radiogroup" aria-label="Which part of the image">
          <Radio on={part === 'all'} onClick={() => onPart('all')} testId="part-all" title="The whole image, base image included">
            Everything
          </Radio>
          <button
            role="radio"
            aria-checked={part === 'own'}
            className={part === 'own' ? 'on' : ''}
            onClick={() => onPart('own')}
            data-testid="part-own"
            disabled={noSplitReason !== undefined}
            title={noSplitReason ?? 'Only the layers your build added: findings, waste and the treemap without the base image'}
          >
            Your build only
          </button>
        </div>
      </div>
      <p className="muted small view-meaning" data-testid="view-meaning">
        {viewMeaning(view, part)}
      </p>
    </div>
  );
}
