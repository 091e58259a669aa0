/**
 * Per-layer file sets and the stacked (merged) filesystem, with OCI whiteout semantics: a `.wh.name`
 * entry deletes `name` and its subtree from the layers below; a `.wh..wh..opq` entry hides every
 * lower-layer child of its directory. Whiteouts apply to lower layers only, so a layer's deletions are
 * applied before its own entries. Everything is keyed by path (Maps), linear in the number of entries.
 */
import type { EntryTable } from '../archive/entry-table';
import type { EntryType, LayerEntry, LoadedLayer } from '../archive/model';
import { noId, PathTree } from './path-tree';
import { parentOf } from './paths';

/** Some rows of a layer's table, read as entries made on demand. */
export class EntryRows implements Iterable<LayerEntry> {
  constructor(
    readonly table: EntryTable,
    readonly rows: Int32Array,
  ) {}

  get length(): number {
    return this.rows.length;
  }

  *[Symbol.iterator](): Iterator<LayerEntry> {
    for (const row of this.rows) yield this.table.at(row);
  }

  *paths(): Generator<string> {
    for (const row of this.rows) yield this.table.path(row);
  }
}

/** One layer's tar entries, split by role. */
export interface LayerChanges {
  index: number;
  /** Files, dirs and links in tar order (markers and the root entry "/" excluded). */
  entries: EntryRows;
  /** Paths deleted by `.wh.` entries. */
  whiteouts: string[];
  /** Directories made opaque by `.wh..wh..opq` entries. */
  opaques: string[];
}

export function layerChanges(layer: LoadedLayer, index: number): LayerChanges {
  const table = layer.index.entries;
  const whiteouts: string[] = [];
  const opaques: string[] = [];
  const rows = new Int32Array(table.length);
  let count = 0;
  for (let row = 0; row < table.length; row++) {
    if (table.isOpaque(row)) opaques.push(table.path(row));
    else if (table.isWhiteout(row)) whiteouts.push(table.path(row));
    else if (table.path(row) !== '/') rows[count++] = row;
  }
  return { index, entries: new EntryRows(table, rows.slice(0, count)), whiteouts, opaques };
}

/** A path of the merged filesystem and the layer whose entry is visible there. */
export interface FsNode {
  path: string;
  entry: LayerEntry;
  layer: number;
  /** The entry's row in its layer's table. */
  row: number;
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

/** The visible entries by path, read like a Map; each node is made when asked for. */
export interface FsNodes extends Iterable<[string, FsNode]> {
  readonly size: number;
  get(path: string): FsNode | undefined;
  has(path: string): boolean;
  keys(): IterableIterator<string>;
  values(): IterableIterator<FsNode>;
}

/** The rows of one applied layer: a node's ref is `start` + its row. */
interface Source {
  table: EntryTable;
  layer: number;
  start: number;
}

/**
 * The stacked filesystem. A visible path maps to a number (its layer's table and row), not to an object,
 * and paths and their children live in a `PathTree`: a million files cost tens of bytes each, and their
 * nodes are made only when read.
 */
export class MergedFs {
  private readonly tree = new PathTree((ref) => this.pathOfRef(ref));
  /** How many paths have a visible entry. */
  private visible = 0;
  private readonly sources: Source[] = [];
  private nextRef = 0;

  readonly nodes: FsNodes = ((merged: MergedFs): FsNodes => ({
    get size() {
      return merged.visible;
    },
    get: (path) => merged.get(path),
    has: (path) => merged.refAt(path) !== undefined,
    keys: () => merged.keys(),
    values: () => merged.values(),
    [Symbol.iterator]: () => merged.pairs(),
  }))(this);

  private source(ref: number): Source {
    const { sources } = this;
    let low = 0;
    let high = sources.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (sources[mid].start <= ref) low = mid;
      else high = mid - 1;
    }
    return sources[low];
  }

  private node(path: string, ref: number): FsNode {
    const source = this.source(ref);
    const row = ref - source.start;
    return { path, entry: source.table.at(row), layer: source.layer, row };
  }

  private pathOfRef(ref: number): string {
    const source = this.source(ref);
    return source.table.path(ref - source.start);
  }

  private typeOf(ref: number): EntryType {
    const source = this.source(ref);
    return source.table.type(ref - source.start);
  }

  /** The ids of the visible paths, in the order their paths were first seen. */
  private *visibleIds(): Generator<number> {
    const { tree } = this;
    for (let id = 0; id < tree.count; id++) if (tree.value(id) !== noId) yield id;
  }

  private *keys(): IterableIterator<string> {
    for (const id of this.visibleIds()) yield this.tree.path(id);
  }

  private *values(): IterableIterator<FsNode> {
    for (const id of this.visibleIds()) yield this.node(this.tree.path(id), this.tree.value(id));
  }

  private *pairs(): IterableIterator<[string, FsNode]> {
    for (const node of this.values()) yield [node.path, node];
  }

  /**
   * Each visible entry as its table and row, without making a node: for passes over every file that keep
   * little of each (a million nodes made at once would be the million objects this class avoids). The
   * path is `table.path(row)`, made on each call: read it only where it is needed.
   */
  forEachRow(visit: (table: EntryTable, row: number, layer: number) => void): void {
    const { tree } = this;
    for (let id = 0; id < tree.count; id++) {
      const ref = tree.value(id);
      if (ref === noId) continue;
      const source = this.source(ref);
      visit(source.table, ref - source.start, source.layer);
    }
  }

  get(path: string): FsNode | undefined {
    const ref = this.refAt(path);
    return ref === undefined ? undefined : this.node(path, ref);
  }

  /** What identifies the entry visible at `path` (see `apply`). */
  refAt(path: string): number | undefined {
    const id = this.tree.id(path);
    const ref = id === noId ? noId : this.tree.value(id);
    return ref === noId ? undefined : ref;
  }

  /** True when the path is visible, as an entry or as a directory implied by deeper entries. */
  exists(path: string): boolean {
    if (path === '/') return true;
    const id = this.tree.id(path);
    return id !== noId && (this.tree.value(id) !== noId || this.tree.isDir(id));
  }

  childrenOf(path: string): string[] {
    const id = this.tree.id(path);
    return id === noId ? [] : [...this.tree.children(id)].map((child) => this.tree.path(child));
  }

  /** The visible nodes at and below `path` (depth first). */
  *subtree(path: string, includeSelf = true): Generator<FsNode> {
    const { tree } = this;
    const top = tree.id(path);
    if (top === noId) return;
    const stack = includeSelf ? [top] : [...tree.children(top)];
    while (stack.length > 0) {
      const id = stack.pop() as number;
      const ref = tree.value(id);
      if (ref !== noId) yield this.node(tree.path(id), ref);
      for (let child = tree.firstChildOf(id); child !== noId; child = tree.nextSiblingOf(child)) stack.push(child);
    }
  }

  /** Σ entry sizes at and below `path` (rows read in place: a deleted directory can hold a million files). */
  subtreeBytes(path: string): number {
    const { tree } = this;
    const top = tree.id(path);
    let total = 0;
    for (const stack = top === noId ? [] : [top]; stack.length > 0;) {
      const id = stack.pop() as number;
      const ref = tree.value(id);
      if (ref !== noId) {
        const source = this.source(ref);
        total += source.table.size(ref - source.start);
      }
      for (let child = tree.firstChildOf(id); child !== noId; child = tree.nextSiblingOf(child)) stack.push(child);
    }
    return total;
  }

  /**
   * Stacks one layer on top: its whiteouts and opaque dirs first, then its entries in tar order. Returns the
   * ref of the layer's row 0: the row at a path is `refAt(path)` minus it.
   */
  apply(changes: LayerChanges, onHide?: HideListener): number {
    const by = changes.index;
    for (const dir of changes.opaques) this.remove(dir, false, by, 'deleted', onHide);
    for (const path of changes.whiteouts) this.remove(path, true, by, 'deleted', onHide);
    const { table, rows } = changes.entries;
    const start = this.nextRef;
    this.sources.push({ table, layer: by, start });
    this.nextRef += table.length;
    this.tree.reserve(rows.length);
    for (const row of rows) this.add(table, row, start + row, by, onHide);
    return start;
  }

  private add(table: EntryTable, row: number, ref: number, by: number, onHide?: HideListener): void {
    const { tree } = this;
    const path = table.path(row);
    const id = tree.idOrAdd(path, ref);
    this.ensureParent(id, by, onHide);
    // A non-directory over a directory (written or implied) drops the directory's contents.
    if (table.type(row) !== 'dir' && tree.isDir(id)) {
      this.remove(path, false, by, 'replaced', onHide);
      tree.setDir(id, false);
    }
    const previous = tree.value(id);
    if (previous === noId) this.visible++;
    else onHide?.({ node: this.node(path, previous), by, reason: 'overwritten', upper: table.at(row) });
    tree.setValue(id, ref);
  }

  /** Links `id` under its parent, creating implied directories and replacing non-dir ancestors. */
  private ensureParent(id: number, by: number, onHide?: HideListener): void {
    const { tree } = this;
    let child = id;
    let parentPath = parentOf(tree.path(child));
    while (parentPath !== '') {
      const parent = tree.idOrAdd(parentPath);
      const existing = tree.value(parent);
      if (existing !== noId && this.typeOf(existing) !== 'dir') {
        tree.setValue(parent, noId);
        this.visible--;
        onHide?.({ node: this.node(parentPath, existing), by, reason: 'replaced' });
      }
      const known = tree.isDir(parent) || parentPath === '/';
      tree.setDir(parent, true);
      tree.link(child, parent);
      if (known) return;
      child = parent;
      parentPath = parentOf(parentPath);
    }
  }

  /**
   * Removes the subtree at `path` (without `path` itself unless `includeSelf`), children before their
   * parent. An explicit stack, not recursion: a layer can nest directories deeper than the call stack. A
   * removed child leaves its parent's list, so the parent's first child is always the next to visit.
   */
  private remove(path: string, includeSelf: boolean, by: number, reason: HideReason, onHide?: HideListener): void {
    const { tree } = this;
    const top = tree.id(path);
    if (top === noId) return;
    const stack = [top];
    while (stack.length > 0) {
      const id = stack[stack.length - 1];
      const child = tree.firstChildOf(id);
      if (child !== noId) {
        stack.push(child);
        continue;
      }
      stack.pop();
      if (stack.length === 0 && !includeSelf) continue;
      tree.setDir(id, false);
      const ref = tree.value(id);
      if (ref !== noId) {
        tree.setValue(id, noId);
        this.visible--;
        onHide?.({ node: this.node(tree.path(id), ref), by, reason });
      }
      tree.unlink(id);
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
