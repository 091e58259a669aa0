/**
 * Treemap rectangles from a view tree: at most `maxNodes`, the small children folded into one
 * "N more · X MB" rectangle whose bytes keep every parent's area exact (a parent's area is the sum of its
 * children's in the chart).
 */
import type { ByteStatus, TreemapNode } from '../../shared/explore';
import type { FindingCategory } from '../../shared/analysis';
import { formatBytes } from '../../shared/format';
import type { NodeId, ViewTree } from './view-tree';

export const defaultMaxNodes = 300;
export const maxMaxNodes = 2000;
/** Children under this share of their parent's bytes are folded (they would be slivers). */
const minShare = 0.002;

export interface TreemapContext {
  tree: ViewTree;
  imageBytes: number;
  /** Prefix of node ids, so the same path in two layers gives two ids. */
  idPrefix: string;
}

function share(bytes: number, context: TreemapContext): number {
  return context.imageBytes > 0 ? bytes / context.imageBytes : 0;
}

function dominant<K>(nodes: NodeId[], bytesOf: (node: NodeId) => number, pick: (node: NodeId) => K): K | undefined {
  const tally = new Map<K, number>();
  let best: K | undefined;
  let bestBytes = -1;
  for (const node of nodes) {
    const key = pick(node);
    const bytes = (tally.get(key) ?? 0) + bytesOf(node);
    tally.set(key, bytes);
    if (bytes > bestBytes) [best, bestBytes] = [key, bytes];
  }
  return best;
}

function foldedNode(parent: NodeId, rest: NodeId[], context: TreemapContext): TreemapNode {
  const { tree } = context;
  const bytesOf = (node: NodeId) => tree.bytes(node);
  const bytes = rest.reduce((sum, node) => sum + tree.bytes(node), 0);
  return {
    id: `${context.idPrefix}more:${tree.path(parent)}`,
    kind: 'more',
    name: `${rest.length} more · ${formatBytes(bytes)}`,
    path: tree.path(parent),
    layer: dominant(rest, bytesOf, (node) => tree.paintLayer(node)) ?? tree.paintLayer(parent),
    bytes,
    share: share(bytes, context),
    fileCount: rest.reduce((sum, node) => sum + tree.files(node), 0),
    status: dominant(rest, bytesOf, (node) => tree.paintStatus(node)) ?? ('unmodified' as ByteStatus),
    category: dominant<FindingCategory | undefined>(rest, bytesOf, (node) => tree.paintCategory(node)),
    drillable: false,
    foldedCount: rest.length,
  };
}

/** The visible, non-empty children of a node, largest first. */
export function drawable(tree: ViewTree, node: NodeId): NodeId[] {
  return Array.from(tree.children(node)).filter((child) => !tree.removed(child) && tree.bytes(child) > 0);
}

function leafOf(node: NodeId, context: TreemapContext): TreemapNode {
  const { tree } = context;
  const category = tree.paintCategory(node);
  return {
    id: `${context.idPrefix}${tree.path(node)}`,
    kind: tree.kind(node),
    name: tree.name(node),
    path: tree.path(node),
    layer: tree.paintLayer(node),
    bytes: tree.bytes(node),
    share: share(tree.bytes(node), context),
    fileCount: tree.files(node),
    status: tree.paintStatus(node),
    ...(category ? { category } : {}),
    drillable: tree.kind(node) === 'dir' && tree.children(node).some((child) => !tree.removed(child) && tree.bytes(child) > 0),
  };
}

/**
 * Picks at most `budget` children (a folded rectangle included) of `node`: largest first, none under
 * `minShare` of the parent, at least the 3 largest.
 */
function pick(tree: ViewTree, node: NodeId, budget: number): { shown: NodeId[]; rest: NodeId[] } {
  const children = drawable(tree, node);
  if (children.length <= budget) return { shown: children, rest: [] };
  const limit = Math.max(1, budget - 1);
  const shown: NodeId[] = [];
  for (const child of children) {
    if (shown.length >= limit) break;
    if (shown.length >= 3 && tree.bytes(child) < tree.bytes(node) * minShare) break;
    shown.push(child);
  }
  return { shown, rest: children.slice(shown.length) };
}

/** A node with up to `depth` levels of children and `budget` rectangles below it. */
export function treemapNode(node: NodeId, depth: number, budget: number, context: TreemapContext): TreemapNode {
  const result = leafOf(node, context);
  if (depth <= 0 || budget <= 0 || !result.drillable) return result;
  const { tree } = context;
  // The first level takes a sixth of the budget (at least 8), the second level shares the rest by bytes.
  const firstBudget = depth > 1 ? Math.min(budget, Math.max(8, Math.floor(budget / 6))) : budget;
  const { shown, rest } = pick(tree, node, firstBudget);
  const children: TreemapNode[] = [];
  let left = budget - shown.length - (rest.length > 0 ? 1 : 0);
  const shownBytes = shown.reduce((sum, child) => sum + tree.bytes(child), 0) || 1;
  const pool = left;
  for (const child of shown) {
    const childBudget = depth > 1 ? Math.min(left, Math.floor((pool * tree.bytes(child)) / shownBytes)) : 0;
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
