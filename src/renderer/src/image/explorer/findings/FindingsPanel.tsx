/**
 * Waste and findings: the layers that store bytes the final image hides, then every finding largest first
 * with its fix; for the whole image or your build only.
 */
import type { AnalyzedLayer, Finding, ImageAnalysis } from '../../../../../shared/analysis';
import { formatBytes } from '../../../../../shared/format';
import { plural } from '../../../lib/plural';
import type { Part } from '../place';
import { FindingCard } from './FindingCard';
import { findingsOf } from './findings-filter';

interface Props {
  analysis: ImageAnalysis;
  part: Part;
  baseLayers: number;
  onSelectLayer: (layer: number) => void;
  onRevealFile: (path: string, finding: Finding) => void;
}

function WasteByLayer({ layers, onSelectLayer }: { layers: AnalyzedLayer[]; onSelectLayer: (layer: number) => void }) {
  if (layers.length === 0) return null;
  return (
    <div className="waste-layers" data-testid="waste-layers">
      <h3>Waste by layer</h3>
      <p className="muted small">Bytes each layer stores that a later layer overwrites or deletes: the image carries them, no container sees them.</p>
      <ul className="plain-list">
        {layers.map((layer) => (
          <li key={layer.index} className="waste-layer" data-testid="waste-layer">
            <button className="link-button" onClick={() => onSelectLayer(layer.index)}>
              Layer {layer.index}
            </button>
            <span className="numeric">{formatBytes(layer.wastedBytes)}</span>
            <code className="muted ellipsis">{layer.instruction}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}

function LeftOut({ inBase, imageWide }: { inBase: number; imageWide: number }) {
  if (inBase + imageWide === 0) return null;
  const parts = [
    inBase > 0 ? `${plural(inBase, 'finding')} in the base image` : '',
    imageWide > 0 ? `${plural(imageWide, 'finding')} across the whole image` : '',
  ].filter(Boolean);
  return (
    <p className="muted small" data-testid="findings-left-out">
      Not shown for your build: {parts.join(' and ')}.
    </p>
  );
}

export function FindingsPanel({ analysis, part, baseLayers, onSelectLayer, onRevealFile }: Props) {
  const { shown, inBase, imageWide } = findingsOf(analysis.findings, part, baseLayers);
  const from = part === 'own' ? baseLayers : 0;
  const wasteLayers = analysis.layers.filter((layer) => layer.index >= from && layer.wastedBytes > 0).sort((a, b) => b.wastedBytes - a.wastedBytes);
  return (
    <div className="findings-panel" data-testid="findings-panel" data-part={part}>
      <WasteByLayer layers={wasteLayers} onSelectLayer={onSelectLayer} />
      <LeftOut inBase={inBase} imageWide={imageWide} />
      {shown.length === 0 ? (
        <p className="muted" data-testid="no-findings">
          {part === 'own'
            ? 'No findings in your build’s layers.'
            : 'No findings: nothing in this image looks like waste LayerLens knows how to remove.'}
        </p>
      ) : (
        <ol className="findings">
          {shown.map((finding, index) => (
            <FindingCard
              key={`${finding.category}-${finding.layerIndex}-${index}`}
              finding={finding}
              index={index}
              imageBytes={analysis.sizeBytes}
              smallerBases={analysis.base.smaller}
              onSelectLayer={onSelectLayer}
              onRevealFile={onRevealFile}
            />
          ))}
        </ol>
      )}
    </div>
  );
}
