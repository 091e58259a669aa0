/**
 * Per-layer file sets and the stacked (merged) filesystem, with OCI whiteout semantics: a `.wh.name`
 * entry deletes `name` and its subtree from the layers below; a `.wh..wh..opq` entry hides every
 * lower-layer child of its directory. Whiteouts apply to lower layers only, so a layer's deletions are
 * applied before its own entries. Everything is keyed by path (Maps), linear in the number of entries.
 */
import type { LayerEntry, LoadedLayer } from '../archive/model';
import { parentOf } from './paths';

/** One layer's tar entries, split by role. */
export interface LayerChanges {
  index: number;
  /** Files, dirs and links in tar order (markers and the root entry "/" excluded). */
  entries: LayerEntry[];
  /** Paths deleted by `.wh.` entries. */
  whiteouts: string[];
  /** Directories made opaque by `.wh..wh..opq` entries. */
  opaques: string[];
}

export function layerChanges(layer: LoadedLayer, index: number): LayerChanges {
  const changes: LayerChanges = { index, entries: [], whiteouts: [], opaques: [] };
  for (const entry of layer.index.entries) {
    if (entry.opaque) changes.opaques.push(entry.path);
    else if (entry.whiteout) changes.whiteouts.push(entry.path);
    else if (entry.path !== '/') changes.entries.push(entry);
  }
  return changes;
}

/** A path of the merged filesystem and the layer whose entry is visible there. */
export interface FsNode {
  path: string;
  entry: LayerEntry;
  layer: number;
}

/**
 * Why a stored entry stopped being visible: `deleted` by a whiteout or an opaque directory,
 * `overwritten` by an entry at the same path, `replaced` because an ancestor became a non-directory.
 */
export type HideReason = 'deleted' | 'overwritten' | 'replaced';

export interface HideEvent {
  node: FsNode;
  /** The layer that hid it. */
  by: number;
  reason: HideReason;
  /** For `overwritten`: the entry that took its place. */
  upper?: LayerEntry;
}

export type HideListener = (event: HideEvent) => void;

export class MergedFs {
  /** Visible entries by path. Directories implied by deeper paths but never written have no node. */
  readonly nodes = new Map<string, FsNode>();
  /** Child paths of each directory (written or implied). */
  private readonly kids = new Map<string, Set<string>>();

  get(path: string): FsNode | undefined {
    return this.nodes.get(path);
  }

  /** True when the path is visible, as an entry or as a directory implied by deeper entries. */
  exists(path: string): boolean {
    return path === '/' || this.nodes.has(path) || this.kids.has(path);
  }

  childrenOf(path: string): string[] {
    return [...(this.kids.get(path) ?? [])];
  }

  /** The visible nodes at and below `path` (depth first). */
  *subtree(path: string, includeSelf = true): Generator<FsNode> {
    const stack = includeSelf ? [path] : [...(this.kids.get(path) ?? [])];
    while (stack.length > 0) {
      const current = stack.pop() as string;
      const node = this.nodes.get(current);
      if (node) yield node;
      const children = this.kids.get(current);
      if (children) for (const child of children) stack.push(child);
    }
  }

  /** Σ entry sizes at and below `path`. */
  subtreeBytes(path: string): number {
    let total = 0;
    for (const node of this.subtree(path)) total += node.entry.size;
    return total;
  }

  /** Stacks one layer on top: its whiteouts and opaque dirs first, then its entries in tar order. */
  apply(changes: LayerChanges, onHide?: HideListener): void {
    const by = changes.index;
    for (const dir of changes.opaques) this.remove(dir, false, by, 'deleted', onHide);
    for (const path of changes.whiteouts) this.remove(path, true, by, 'deleted', onHide);
    for (const entry of changes.entries) this.add(entry, by, onHide);
  }

  private add(entry: LayerEntry, by: number, onHide?: HideListener): void {
    const { path } = entry;
    this.ensureParent(path, by, onHide);
    // A non-directory over a directory (written or implied) drops the directory's contents.
    if (entry.type !== 'dir' && this.kids.has(path)) {
      this.remove(path, false, by, 'replaced', onHide);
      this.kids.delete(path);
    }
    const previous = this.nodes.get(path);
    if (previous) onHide?.({ node: previous, by, reason: 'overwritten', upper: entry });
    this.nodes.set(path, { path, entry, layer: by });
  }

  /** Registers `path` under its parent, creating implied directories and replacing non-dir ancestors. */
  private ensureParent(path: string, by: number, onHide?: HideListener): void {
    let child = path;
    let parent = parentOf(child);
    while (parent !== '') {
      const existing = this.nodes.get(parent);
      if (existing && existing.entry.type !== 'dir') {
        this.nodes.delete(parent);
        onHide?.({ node: existing, by, reason: 'replaced' });
      }
      let siblings = this.kids.get(parent);
      const known = siblings !== undefined || parent === '/';
      if (!siblings) {
        siblings = new Set();
        this.kids.set(parent, siblings);
      }
      siblings.add(child);
      if (known) return;
      child = parent;
      parent = parentOf(child);
    }
  }

  /**
   * Removes the subtree at `path` (without `path` itself unless `includeSelf`), children before their
   * parent. An explicit stack, not recursion: a layer can nest directories deeper than the call stack. Each
   * path leaves the child set its parent's frame holds: looking the parent up by a path made again would
   * compare the whole path, each time, down a deep chain.
   */
  private remove(path: string, includeSelf: boolean, by: number, reason: HideReason, onHide?: HideListener): void {
    const frame = (at: string) => {
      const children = this.kids.get(at);
      return { path: at, children, next: children?.values() };
    };
    const stack = [frame(path)];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const child = top.next?.next();
      if (child && !child.done) {
        stack.push(frame(child.value));
        continue;
      }
      stack.pop();
      const parent = stack[stack.length - 1];
      if (!parent && !includeSelf) {
        top.children?.clear();
        continue;
      }
      if (top.children) this.kids.delete(top.path);
      const node = this.nodes.get(top.path);
      if (node) {
        this.nodes.delete(top.path);
        onHide?.({ node, by, reason });
      }
      (parent ? parent.children : this.kids.get(parentOf(top.path)))?.delete(top.path);
    }
  }
}

/** The merged filesystem of layers 0..upTo (all layers by default). */
export function stackLayers(layers: LoadedLayer[], upTo = layers.length - 1, onHide?: HideListener): MergedFs {
  const fs = new MergedFs();
  for (let i = 0; i <= upTo && i < layers.length; i++) fs.apply(layerChanges(layers[i], i), onHide);
  return fs;
}

/** One layer on its own, as a tree (its markers ignored): what the layer's tar contains. */
export function layerFs(layer: LoadedLayer, index: number): MergedFs {
  const fs = new MergedFs();
  fs.apply({ ...layerChanges(layer, index), whiteouts: [], opaques: [] });
  return fs;
}
