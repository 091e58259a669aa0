/**
 * Treemap rectangles from a view tree: at most `maxNodes`, the small children folded into one
 * "N more · X MB" rectangle whose bytes keep every parent's area exact (a parent's area is the sum of its
 * children's in the chart).
 */
import type { ByteStatus, TreemapNode } from '../../shared/explore';
import type { FindingCategory } from '../../shared/analysis';
import { formatBytes } from '../../shared/format';
import type { TNode } from './view-tree';

export const defaultMaxNodes = 300;
export const maxMaxNodes = 2000;
/** Children under this share of their parent's bytes are folded (they would be slivers). */
const minShare = 0.002;

export interface TreemapContext {
  imageBytes: number;
  /** Prefix of node ids, so the same path in two layers gives two ids. */
  idPrefix: string;
}

function share(bytes: number, context: TreemapContext): number {
  return context.imageBytes > 0 ? bytes / context.imageBytes : 0;
}

function dominant<K>(nodes: TNode[], pick: (node: TNode) => K): K | undefined {
  const tally = new Map<K, number>();
  let best: K | undefined;
  let bestBytes = -1;
  for (const node of nodes) {
    const bytes = (tally.get(pick(node)) ?? 0) + node.bytes;
    tally.set(pick(node), bytes);
    if (bytes > bestBytes) [best, bestBytes] = [pick(node), bytes];
  }
  return best;
}

function foldedNode(parent: TNode, rest: TNode[], context: TreemapContext): TreemapNode {
  const bytes = rest.reduce((sum, node) => sum + node.bytes, 0);
  return {
    id: `${context.idPrefix}more:${parent.path}`,
    kind: 'more',
    name: `${rest.length} more · ${formatBytes(bytes)}`,
    path: parent.path,
    layer: dominant(rest, (node) => node.paintLayer) ?? parent.paintLayer,
    bytes,
    share: share(bytes, context),
    fileCount: rest.reduce((sum, node) => sum + node.files, 0),
    status: dominant(rest, (node) => node.paintStatus) ?? ('unmodified' as ByteStatus),
    category: dominant<FindingCategory | undefined>(rest, (node) => node.paintCategory),
    drillable: false,
    foldedCount: rest.length,
  };
}

function leafOf(node: TNode, context: TreemapContext): TreemapNode {
  return {
    id: `${context.idPrefix}${node.path}`,
    kind: node.kind,
    name: node.name,
    path: node.path,
    layer: node.paintLayer,
    bytes: node.bytes,
    share: share(node.bytes, context),
    fileCount: node.files,
    status: node.paintStatus,
    ...(node.paintCategory ? { category: node.paintCategory } : {}),
    drillable: node.kind === 'dir' && (node.children?.some((child) => !child.removed && child.bytes > 0) ?? false),
  };
}

/** The visible, non-empty children of a node, largest first. */
function drawable(node: TNode): TNode[] {
  return (node.children ?? []).filter((child) => !child.removed && child.bytes > 0);
}

/**
 * Picks at most `budget` children (a folded rectangle included) of `node`: largest first, none under
 * `minShare` of the parent, at least the 3 largest.
 */
function pick(node: TNode, budget: number): { shown: TNode[]; rest: TNode[] } {
  const children = drawable(node);
  if (children.length <= budget) return { shown: children, rest: [] };
  const limit = Math.max(1, budget - 1);
  const shown: TNode[] = [];
  for (const child of children) {
    if (shown.length >= limit) break;
    if (shown.length >= 3 && child.bytes < node.bytes * minShare) break;
    shown.push(child);
  }
  return { shown, rest: children.slice(shown.length) };
}

/** A node with up to `depth` levels of children and `budget` rectangles below it. */
export function treemapNode(node: TNode, depth: number, budget: number, context: TreemapContext): TreemapNode {
  const result = leafOf(node, context);
  if (depth <= 0 || budget <= 0 || !result.drillable) return result;
  // The first level takes a sixth of the budget (at least 8), the second level shares the rest by bytes.
  const firstBudget = depth > 1 ? Math.min(budget, Math.max(8, Math.floor(budget / 6))) : budget;
  const { shown, rest } = pick(node, firstBudget);
  const children: TreemapNode[] = [];
  let left = budget - shown.length - (rest.length > 0 ? 1 : 0);
  const shownBytes = shown.reduce((sum, child) => sum + child.bytes, 0) || 1;
  const pool = left;
  for (const child of shown) {
    const childBudget = depth > 1 ? Math.min(left, Math.floor((pool * child.bytes) / shownBytes)) : 0;
    const built = treemapNode(child, depth - 1, childBudget, context);
    left -= countNodes(built);
    children.push(built);
  }
  if (rest.length > 0) children.push(foldedNode(node, rest, context));
  result.children = children;
  return result;
}

export function countNodes(node: TreemapNode): number {
  let count = 0;
  for (const child of node.children ?? []) count += 1 + countNodes(child);
  return count;
}
