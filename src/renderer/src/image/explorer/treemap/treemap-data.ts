/** What the chart draws from a treemap answer: the groups (your build's only, when asked), layers named by their instruction. */
import type { AnalyzedLayer } from '../../../../../shared/analysis';
import type { Treemap, TreemapNode } from '../../../../../shared/explore';

export type NodeIndex = Map<string, { node: TreemapNode; parent?: TreemapNode }>;

export function indexNodes(groups: TreemapNode[]): NodeIndex {
  const index: NodeIndex = new Map();
  const visit = (node: TreemapNode, parent?: TreemapNode) => {
    index.set(node.id, { node, parent });
    for (const child of node.children ?? []) visit(child, node);
  };
  for (const group of groups) visit(group);
  return index;
}

/** "#3 RUN npm ci": a layer by its index and instruction, as the layer list names it. */
export function layerLabel(index: number, layers: AnalyzedLayer[]): string {
  const instruction = layers[index]?.instruction.replace(/\s+/g, ' ').trim();
  return instruction ? `#${index} ${instruction}` : `Layer ${index}`;
}

/** The rectangles' groups: with `fromLayer`, the layers below it (the base image's) are left out. */
export function chartGroups(answer: Treemap, layers: AnalyzedLayer[], fromLayer = 0): TreemapNode[] {
  return (answer.root.children ?? [])
    .filter((group) => group.kind !== 'layer' || group.layer >= fromLayer)
    .map((group) => (group.kind === 'layer' ? { ...group, name: layerLabel(group.layer, layers) } : group));
}
