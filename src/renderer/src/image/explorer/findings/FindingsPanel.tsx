/**
 * Waste and findings: the headline figures, then every finding largest first with its layer (a link that
 * selects it), its files (a link that reveals the file in the tree) and the fix.
 */
import type { Finding, ImageAnalysis } from '../../../shared/analysis';
import { formatBytes, formatPercent } from '../../../shared/format';
import { categoryColors, categoryNames } from '../model/explore-colors';
import { plural } from '../model/plural';
import { shareText } from '../model/share';

interface Props {
  analysis: ImageAnalysis;
  onSelectLayer: (layer: number) => void;
  onRevealFile: (path: string, finding: Finding) => void;
}

function FindingCard({ finding, index, analysis, onSelectLayer, onRevealFile }: Props & { finding: Finding; index: number }) {
  const more = finding.fileCount - finding.files.length;
  return (
    <li className="finding" data-testid="finding" data-category={finding.category}>
      <div className="finding-head">
        <span className="category-chip" style={{ background: categoryColors[finding.category] }}>
          {categoryNames[finding.category]}
        </span>
        <h3 className="finding-title">{finding.title}</h3>
        <span className="finding-bytes numeric" data-testid="finding-bytes">
          {formatBytes(finding.bytes)}
          <span className="muted small"> · {shareText(finding.bytes, analysis.sizeBytes)}</span>
        </span>
      </div>
      {finding.layerIndex >= 0 && (
        <button className="link-button finding-layer" data-testid="finding-layer" onClick={() => onSelectLayer(finding.layerIndex)}>
          Layer {finding.layerIndex}: <code>{finding.instruction.length > 140 ? `${finding.instruction.slice(0, 139)}…` : finding.instruction}</code>
        </button>
      )}
      {finding.files.length > 0 && (
        <ul className="finding-files" aria-label={`Files of finding ${index + 1}`}>
          {finding.files.map((file) => (
            <li key={file.path}>
              <button className="link-button mono finding-file" data-testid="finding-file" title="Show in the file tree" onClick={() => onRevealFile(file.path, finding)}>
                {file.path}
              </button>
              <span className="numeric muted">{formatBytes(file.bytes)}</span>
            </li>
          ))}
          {more > 0 && <li className="muted small">and {plural(more, 'more file')}</li>}
        </ul>
      )}
      <p className="finding-fix">
        <strong>Fix:</strong> {finding.fix}
      </p>
    </li>
  );
}

export function Headline({ analysis }: { analysis: ImageAnalysis }) {
  const figures = [
    { label: 'Size', value: formatBytes(analysis.sizeBytes), detail: plural(analysis.layers.length, 'layer'), id: 'size' },
    {
      label: 'True waste',
      value: formatBytes(analysis.wastedBytes),
      detail: `${shareText(analysis.wastedBytes, analysis.sizeBytes)} stored but not visible`,
      id: 'waste',
    },
    { label: 'Efficiency', value: formatPercent(analysis.efficiency), detail: `dive's score · ${formatBytes(analysis.dive.wastedBytes)} by dive`, id: 'efficiency' },
    {
      label: 'Potential saving',
      value: formatBytes(analysis.potentialSavingBytes),
      detail: `${plural(analysis.findings.length, 'finding')} · ${shareText(analysis.potentialSavingBytes, analysis.sizeBytes)}`,
      id: 'saving',
    },
  ];
  return (
    <dl className="headline" data-testid="headline">
      {figures.map((figure) => (
        <div key={figure.id} className="headline-figure" data-testid={`headline-${figure.id}`}>
          <dt>{figure.label}</dt>
          <dd className="headline-value">{figure.value}</dd>
          <dd className="muted small">{figure.detail}</dd>
        </div>
      ))}
    </dl>
  );
}

export function FindingsPanel(props: Props) {
  const { analysis } = props;
  const wasteLayers = analysis.layers.filter((layer) => layer.wastedBytes > 0).sort((a, b) => b.wastedBytes - a.wastedBytes);
  return (
    <div className="findings-panel" data-testid="findings-panel">
      {wasteLayers.length > 0 && (
        <div className="waste-layers">
          <h3>Waste by layer</h3>
          <ul className="plain-list">
            {wasteLayers.map((layer) => (
              <li key={layer.index} className="waste-layer">
                <button className="link-button" onClick={() => props.onSelectLayer(layer.index)}>
                  Layer {layer.index}
                </button>
                <span className="numeric">{formatBytes(layer.wastedBytes)}</span>
                <code className="muted ellipsis">{layer.instruction}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {analysis.findings.length === 0 ? (
        <p className="muted" data-testid="no-findings">
          No findings: nothing in this image looks like waste LayerLens knows how to remove.
        </p>
      ) : (
        <ol className="findings">
          {analysis.findings.map((finding, index) => (
            <FindingCard key={`${finding.category}-${finding.layerIndex}-${index}`} {...props} finding={finding} index={index} />
          ))}
        </ol>
      )}
    </div>
  );
}
