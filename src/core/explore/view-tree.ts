/**
 * One view of an image as a tree with every directory's totals (bytes, files, changed entries) and the
 * layer / status / finding category that most of its bytes have, computed once so that a treemap, a
 * directory listing or a search is a lookup, not a walk of 100k entries.
 */
import type { ByteStatus, EntryKind } from '../../shared/explore';
import type { FileChange, FindingCategory } from '../../shared/analysis';
import type { LayerEntry } from '../archive/model';
import { stackLayers } from '../analysis/file-tree';
import { baseName, compareCodePoints, parentOf } from '../analysis/paths';
import type { ImageFacts, RemovedEntry } from './image-facts';

export interface TNode {
  name: string;
  path: string;
  kind: EntryKind;
  /** Visible bytes at and below; for a removed entry, what it removed (not counted in its parent). */
  bytes: number;
  files: number;
  /** The layer that wrote the entry; -1 for a directory only implied by deeper paths. */
  layer: number;
  status: FileChange;
  wasted: boolean;
  category?: FindingCategory;
  /** Entries at and below whose status is not `unmodified`. */
  changed: number;
  /** A deletion made by the view's layer, shown with a D badge. */
  removed?: true;
  linkTarget?: string;
  /** By bytes, largest first (then by name). */
  children?: TNode[];
  byName?: TNode[];
  paintLayer: number;
  paintStatus: ByteStatus;
  paintCategory?: FindingCategory;
}

export interface ViewTree {
  root: TNode;
  index: Map<string, TNode>;
}

function newNode(path: string): TNode {
  return {
    name: path === '/' ? '/' : baseName(path),
    path,
    kind: 'dir',
    bytes: 0,
    files: 0,
    layer: -1,
    status: 'unmodified',
    wasted: false,
    changed: 0,
    paintLayer: -1,
    paintStatus: 'unmodified',
  };
}

function leafStatus(node: TNode): ByteStatus {
  if (node.wasted) return 'wasted';
  return node.status === 'removed' ? 'unmodified' : node.status;
}

class Tally<K> {
  private readonly bytes = new Map<K, number>();
  add(key: K, value: number): void {
    this.bytes.set(key, (this.bytes.get(key) ?? 0) + value);
  }
  /** The key with most bytes (undefined when every value is 0 or nothing was added). */
  top(): K | undefined {
    let best: K | undefined;
    let bestBytes = 0;
    for (const [key, value] of this.bytes) if (value > bestBytes) [best, bestBytes] = [key, value];
    return best;
  }
}

interface Tallies {
  layer: Tally<number>;
  status: Tally<ByteStatus>;
  category: Tally<FindingCategory | undefined>;
}

export function byBytes(a: TNode, b: TNode): number {
  return b.bytes - a.bytes || compareCodePoints(a.name, b.name);
}

function newTallies(): Tallies {
  return { layer: new Tally(), status: new Tally(), category: new Tally() };
}

/** A leaf's own totals and paint, added to its parent's tallies. */
function finishLeaf(node: TNode, into?: Tallies): void {
  node.paintLayer = node.layer;
  node.paintStatus = leafStatus(node);
  node.paintCategory = node.category;
  if (!node.removed) {
    node.files = node.kind === 'dir' ? 0 : 1;
    if (into && node.bytes > 0) {
      into.layer.add(node.layer, node.bytes);
      into.status.add(node.paintStatus, node.bytes);
      into.category.add(node.paintCategory, node.bytes);
    }
  }
  node.changed = node.status === 'unmodified' ? 0 : 1;
}

/** A directory's totals and paint once its children are finished (`own`: their tallies). */
function finishDir(node: TNode, children: TNode[], own: Tallies, into?: Tallies): void {
  let bytes = 0;
  let files = 0;
  let changed = node.status === 'unmodified' ? 0 : 1;
  for (const child of children) {
    changed += child.changed;
    if (child.removed) continue;
    bytes += child.bytes;
    files += child.files;
  }
  node.bytes = bytes;
  node.files = files;
  node.changed = changed;
  children.sort(byBytes);
  node.paintLayer = own.layer.top() ?? (node.layer >= 0 ? node.layer : (children[0]?.paintLayer ?? 0));
  if (node.layer < 0) node.layer = node.paintLayer;
  node.paintStatus = own.status.top() ?? leafStatus(node);
  node.paintCategory = own.category.top();
  if (into && bytes > 0) {
    // A directory passes its own dominant values up, weighted by all its bytes: cheap and close enough.
    into.layer.add(node.paintLayer, bytes);
    into.status.add(node.paintStatus, bytes);
    into.category.add(node.paintCategory, bytes);
  }
}

/**
 * Totals and paints bottom-up, children in their order (ties in a tally go to the first seen); sorts every
 * directory's children by bytes. An explicit stack: directories may nest deeper than the call stack.
 */
function finish(root: TNode): void {
  const stack: { node: TNode; children: TNode[]; own: Tallies; next: number }[] = [];
  const open = (node: TNode, into?: Tallies) => {
    if (node.children) stack.push({ node, children: node.children, own: newTallies(), next: 0 });
    else finishLeaf(node, into);
  };
  open(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.next < top.children.length) {
      open(top.children[top.next++], top.own);
      continue;
    }
    stack.pop();
    finishDir(top.node, top.children, top.own, stack[stack.length - 1]?.own);
  }
}

/** Builds a view tree entry by entry; `finish()` computes the totals. */
export class ViewTreeBuilder {
  readonly root = newNode('/');
  readonly index = new Map<string, TNode>([['/', this.root]]);

  /** The node at `path`, made with its missing ancestors (a loop: paths may be deeper than the call stack). */
  private ensure(path: string): TNode {
    const existing = this.index.get(path);
    if (existing) return existing;
    const node = newNode(path);
    this.index.set(path, node);
    let child = node;
    for (;;) {
      const parentPath = parentOf(child.path) || '/';
      const parent = this.index.get(parentPath);
      if (parent) {
        (parent.children ??= []).push(child);
        return node;
      }
      const made = newNode(parentPath);
      this.index.set(parentPath, made);
      made.children = [child];
      child = made;
    }
  }

  add(entry: LayerEntry, layer: number, status: FileChange, wasted: boolean, category?: FindingCategory): void {
    if (entry.path === '/') return;
    const node = this.ensure(entry.path);
    node.kind = entry.type;
    node.layer = layer;
    node.status = status;
    node.wasted = wasted;
    node.category = category;
    if (entry.linkTarget !== undefined) node.linkTarget = entry.linkTarget;
    if (entry.type !== 'dir') node.bytes = entry.size;
  }

  /** A path the view's layer deleted, shown with the bytes it removed (not counted in its parent). */
  addRemoved(gone: RemovedEntry, layer: number): void {
    if (gone.path === '/' || this.index.has(gone.path)) return;
    const node = this.ensure(gone.path);
    node.kind = gone.entry.type;
    node.layer = layer;
    node.status = 'removed';
    node.removed = true;
    node.bytes = gone.bytes;
  }

  finish(): ViewTree {
    this.root.children ??= [];
    finish(this.root);
    return { root: this.root, index: this.index };
  }
}

/** What one layer's tar stores, with its deletions. */
export function layerViewTree(facts: ImageFacts, layer: number): ViewTree {
  const statuses = facts.statuses[layer];
  const hidden = facts.hidden[layer];
  const categories = facts.categories[layer];
  const builder = new ViewTreeBuilder();
  // A path written twice in one tar: the last entry is the one the layer keeps.
  for (const entry of facts.layerChanges[layer].entries) {
    builder.add(entry, layer, statuses.get(entry.path) ?? 'added', hidden.has(entry.path), categories.get(entry.path));
  }
  for (const gone of facts.removed[layer]) builder.addRemoved(gone, layer);
  return builder.finish();
}

/**
 * The filesystem after `layer` (the final one when `layer` is the top layer or undefined). With a layer,
 * statuses are what that layer did (others are unmodified); without, what the writing layer did.
 */
export function aggregatedViewTree(facts: ImageFacts, layer?: number): ViewTree {
  const top = facts.image.layers.length - 1;
  const fs = layer === undefined || layer >= top ? facts.final : stackLayers(facts.image.layers, layer);
  const builder = new ViewTreeBuilder();
  for (const node of fs.nodes.values()) {
    const status = layer === undefined || node.layer === layer ? (facts.statuses[node.layer].get(node.path) ?? 'unmodified') : 'unmodified';
    builder.add(node.entry, node.layer, status, facts.hidden[node.layer].has(node.path), facts.categories[node.layer].get(node.path));
  }
  if (layer !== undefined) for (const gone of facts.removed[layer]) builder.addRemoved(gone, layer);
  return builder.finish();
}

export function childrenByName(node: TNode): TNode[] {
  if (!node.children) return [];
  node.byName ??= [...node.children].sort((a, b) => compareCodePoints(a.name, b.name));
  return node.byName;
}
