/**
 * dive's efficiency score and inefficient paths, reproduced exactly (dive/filetree/efficiency.go,
 * file_tree.go, file_node.go and dive/image/analysis.go), quirks included:
 *
 * - Each layer is a tree built from its tar entries in order; parents that have no entry of their own
 *   are created with an empty payload (size 0, not a directory). A whiteout is a node named `.wh.<name>`;
 *   the opaque marker `.wh..wh..opq` is never added (its missing parents are).
 * - Every layer tree is walked depth first, children in byte order, visiting LEAVES only: a directory
 *   that has children in that layer is not visited; an empty directory is, with size 0.
 * - A visited path (the `.wh.` prefix stripped from a whiteout leaf) adds its size to the path's cumulative
 *   size and keeps the smallest size seen. A whiteout is sized from the stack of the layers below (for
 *   layer 0: layer 0 itself): the deleted subtree's Σ sizes if that node is a directory, else 0. dive's
 *   stack ignores opaque markers, and a parent implied in a later layer overwrites a directory's payload
 *   (so it is no longer a directory there).
 * - A whiteout whose path is not in that stack is an error that aborts the rest of that layer's walk; the
 *   path is still recorded with a minimum of -1, which then counts in the score.
 * - score = Σ minimum sizes / Σ cumulative sizes (1 when nothing was seen); a path seen twice or more is
 *   inefficient, and dive's wasted bytes are Σ their cumulative sizes (which double counts, dive #684).
 */
import type { LoadedImage, LoadedLayer } from '../archive/model';
import type { InefficientFile } from '../../shared/analysis';
import { compareCodePoints, segments } from './paths';

const whiteoutPrefix = '.wh.';
const doubleWhiteoutPrefix = '.wh..wh..';

interface DiveNode {
  name: string;
  children: Map<string, DiveNode>;
  size: number;
  isDir: boolean;
}

const newNode = (name: string): DiveNode => ({ name, children: new Map(), size: 0, isDir: false });

/** dive's FileTree.AddPath. */
function addPath(root: DiveNode, names: string[], size: number, isDir: boolean): void {
  let node = root;
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    let child = node.children.get(name);
    if (!child) {
      if (name.startsWith(doubleWhiteoutPrefix)) return;
      child = newNode(name);
      node.children.set(name, child);
    }
    node = child;
    if (i === names.length - 1) {
      node.size = size;
      node.isDir = isDir;
    }
  }
}

/** The tree dive builds from one layer tar. */
export function diveLayerTree(layer: LoadedLayer): DiveNode {
  const root = newNode('');
  for (const entry of layer.index.entries) {
    const names = segments(entry.path);
    if (entry.opaque) names.push(`${doubleWhiteoutPrefix}.opq`);
    else if (entry.whiteout) {
      if (names.length === 0) continue;
      names[names.length - 1] = whiteoutPrefix + names[names.length - 1];
    }
    if (names.length === 0) continue;
    addPath(root, names, entry.size, entry.type === 'dir' && !entry.whiteout && !entry.opaque);
  }
  return root;
}

function sortedChildren(node: DiveNode): DiveNode[] {
  return [...node.children.keys()].sort(compareCodePoints).map((name) => node.children.get(name) as DiveNode);
}

/**
 * Depth first, children before parents, children in name order; the root is not visited. A visitor that
 * returns false stops the whole walk (dive's visitor error).
 */
function visitChildFirst(
  root: DiveNode,
  visit: (node: DiveNode, names: string[]) => boolean,
  evaluate: (node: DiveNode) => boolean = () => true,
): boolean {
  const names: string[] = [];
  const walk = (node: DiveNode): boolean => {
    for (const child of sortedChildren(node)) {
      names.push(child.name);
      const ok = walk(child);
      names.pop();
      if (!ok) return false;
    }
    if (node === root || !evaluate(node)) return true;
    return visit(node, names);
  };
  return walk(root);
}

/** dive's Path(): the `.wh.` prefix is dropped from the last name only. */
function strippedNames(names: string[]): string[] {
  const last = names[names.length - 1];
  return last.startsWith(whiteoutPrefix) ? [...names.slice(0, -1), last.slice(whiteoutPrefix.length)] : names;
}

function getNode(root: DiveNode, names: string[]): DiveNode | undefined {
  let node: DiveNode | undefined = root;
  for (const name of names) {
    if (name === '') continue;
    node = node.children.get(name);
    if (!node) return undefined;
  }
  return node;
}

function removePath(root: DiveNode, names: string[]): void {
  const parent = getNode(root, names.slice(0, -1));
  if (parent && names.length > 0) parent.children.delete(names[names.length - 1]);
}

/** dive's FileTree.Stack: the upper tree's nodes, children first, as adds or (whiteouts) removes. */
function stack(lower: DiveNode, upper: DiveNode): void {
  visitChildFirst(upper, (node, names) => {
    if (node.name.startsWith(whiteoutPrefix)) removePath(lower, strippedNames(names));
    else addPath(lower, names.slice(), node.size, node.isDir);
    return true;
  });
}

function subtreeBytes(node: DiveNode): number {
  let total = node.size;
  for (const child of node.children.values()) total += subtreeBytes(child);
  return total;
}

export interface DiveEfficiency {
  efficiency: number;
  /** dive's inefficient paths, largest cumulative size first. */
  inefficientFiles: InefficientFile[];
  /** Σ cumulative sizes of the inefficient paths. */
  wastedBytes: number;
}

interface PathData {
  path: string;
  cumulative: number;
  minimum: number;
  layers: number[];
}

/** dive's filetree.Efficiency over the layers of an image. */
export function diveEfficiency(layers: LoadedLayer[]): DiveEfficiency {
  const trees = layers.map(diveLayerTree);
  const byPath = new Map<string, PathData>();
  const inefficient: PathData[] = [];
  // The stack of layers 0..i-1 (for i = 0: layer 0), kept incrementally instead of rebuilt per whiteout.
  const lower = newNode('');
  trees.forEach((tree, current) => {
    if (current <= 1) {
      if (current === 0) stack(lower, trees[0]);
    } else stack(lower, trees[current - 1]);

    visitChildFirst(
      tree,
      (node, names) => {
        const isWhiteout = node.name.startsWith(whiteoutPrefix);
        const pathNames = isWhiteout ? strippedNames(names) : names;
        const path = `/${pathNames.join('/')}`.replaceAll('//', '/');
        let data = byPath.get(path);
        if (!data) {
          data = { path, cumulative: 0, minimum: -1, layers: [] };
          byPath.set(path, data);
        }
        let size: number;
        if (isWhiteout) {
          const previous = getNode(lower, pathNames);
          if (!previous) return false;
          size = previous.isDir ? subtreeBytes(previous) : 0;
        } else size = node.size;
        data.cumulative += size;
        if (data.minimum < 0 || size < data.minimum) data.minimum = size;
        data.layers.push(current);
        if (data.layers.length === 2) inefficient.push(data);
        return true;
      },
      (node) => node.children.size === 0,
    );
  });

  let minimumSizes = 0;
  let discoveredSizes = 0;
  for (const data of byPath.values()) {
    minimumSizes += data.minimum;
    discoveredSizes += data.cumulative;
  }
  const efficiency = discoveredSizes === 0 ? 1 : minimumSizes / discoveredSizes;
  inefficient.sort((a, b) => b.cumulative - a.cumulative || compareCodePoints(a.path, b.path));
  return {
    efficiency,
    inefficientFiles: inefficient.map((data) => ({ path: data.path, cumulativeBytes: data.cumulative, layers: data.layers })),
    wastedBytes: inefficient.reduce((sum, data) => sum + data.cumulative, 0),
  };
}

export interface DiveFigures extends DiveEfficiency {
  /** Σ layer sizes. */
  sizeBytes: number;
  /** Σ sizes of the layers after the first. */
  userSizeBytes: number;
  /** wastedBytes / userSizeBytes (0 when the image has no user layers; dive would give NaN or +Inf). */
  userWastedPercent: number;
}

/** dive's image.Analyze. */
export function diveAnalysis(image: LoadedImage): DiveFigures {
  const sizes = image.layers.map((layer) => layer.index.sizeBytes);
  const sizeBytes = sizes.reduce((sum, size) => sum + size, 0);
  const userSizeBytes = sizeBytes - (sizes[0] ?? 0);
  const result = diveEfficiency(image.layers);
  return {
    ...result,
    sizeBytes,
    userSizeBytes,
    userWastedPercent: userSizeBytes > 0 ? result.wastedBytes / userSizeBytes : 0,
  };
}
