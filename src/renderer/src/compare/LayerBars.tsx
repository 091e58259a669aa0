/** Both images' layers on one scale, the layers they share in grey. */
import type { ImageAnalysis } from '../../../shared/analysis';
import type { ImageComparison } from '../../../shared/explore';
import { formatBytes } from '../../../shared/format';
import { layerColor } from '../image/colors';

export function LayerBars({ comparison }: { comparison: ImageComparison }) {
  const scale = Math.max(comparison.a.sizeBytes, comparison.b.sizeBytes, 1);
  const bar = (label: string, analysis: ImageAnalysis) => (
    <div className="layer-bar-row" data-testid={`layer-bar-${label}`}>
      <span className="layer-bar-label">
        {label} <span className="muted numeric">{formatBytes(analysis.sizeBytes)}</span>
      </span>
      <div className="layer-bar-track">
        {analysis.layers.map((layer) => {
          const shared = layer.index < comparison.sharedLayers;
          return (
            <span
              key={layer.index}
              className={shared ? 'layer-seg shared' : 'layer-seg'}
              data-testid="layer-seg"
              style={{ width: `${(layer.sizeBytes / scale) * 100}%`, background: shared ? undefined : layerColor(layer.index) }}
              title={`Layer ${layer.index}${shared ? ' (shared)' : ''} · ${formatBytes(layer.sizeBytes)}\n${layer.instruction}`}
            />
          );
        })}
      </div>
    </div>
  );
  return (
    <section className="card" data-testid="compare-layers">
      <h2>Layers on one scale</h2>
      {bar('A', comparison.a)}
      {bar('B', comparison.b)}
      <p className="muted small">Grey: layers both images share. Hover a segment for its instruction.</p>
    </section>
  );
}
