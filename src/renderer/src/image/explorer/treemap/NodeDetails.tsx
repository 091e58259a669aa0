/** One rectangle explained (tooltip and the line under the treemap): size, share, who wrote it, its status and finding. */
import type { AnalyzedLayer } from '../../../../../shared/analysis';
import type { TreemapNode } from '../../../../../shared/explore';
import { formatBytes } from '../../../../../shared/format';
import { plural } from '../../../lib/plural';
import { shareText } from '../../../lib/share';
import { categoryNames } from '../../colors';
import { statusPhrase, type StatusFrame } from '../../status';

interface Props {
  node: TreemapNode;
  layers: AnalyzedLayer[];
  imageBytes: number;
  baseLayers: number;
  frame: StatusFrame;
  /** What a click does here, when it does something. */
  clickHint?: string;
}

export function nodeTitle(node: TreemapNode): string {
  if (node.kind === 'layer') return node.name;
  if (node.kind === 'more') return `${node.path} · ${node.name}`;
  return node.path;
}

/** "in the base image" / "in your build", when the base is known. */
function partOf(layer: number, baseLayers: number): string {
  if (baseLayers <= 0) return '';
  return layer < baseLayers ? ' (base image)' : ' (your build)';
}

export function NodeDetails({ node, layers, imageBytes, baseLayers, frame, clickHint }: Props) {
  const layer = layers[node.layer];
  const many = node.kind === 'dir' || node.kind === 'more' || node.kind === 'layer';
  const instruction = layer?.instruction ?? '';
  return (
    <>
      <div className="chart-tooltip-title">{nodeTitle(node)}</div>
      <div>
        {formatBytes(node.bytes)} · {shareText(node.bytes, imageBytes)} of the image
        {node.fileCount > 1 && ` · ${plural(node.fileCount, 'file')}`}
      </div>
      <div data-testid="node-status">
        {many && node.kind !== 'layer' ? 'Most of its bytes: ' : ''}
        {statusPhrase(node.status, node.layer, frame)}
        {partOf(node.layer, baseLayers)}
        {node.category && ` · ${categoryNames[node.category]}`}
      </div>
      {layer && node.kind !== 'layer' && (
        <div className="muted">
          Layer {layer.index}: <code>{instruction.length > 160 ? `${instruction.slice(0, 159)}…` : instruction}</code>
        </div>
      )}
      {clickHint && <div className="muted small">{clickHint}</div>}
    </>
  );
}
