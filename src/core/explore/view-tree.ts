/**
 * One view of an image as a tree with every directory's totals (bytes, files, changed entries) and the
 * layer / status / finding category that most of its bytes have, computed once so that a treemap, a
 * directory listing or a search is a lookup, not a walk of 100k entries.
 *
 * A node is a number (its id in a `PathIndex`), its fields are columns of typed arrays, its children a
 * range of one array, and its path is read from the row of the layer table that wrote it: an entry costs
 * ~35 bytes here (a directory ~30 more), where an object per node and a Map of paths cost about eight times
 * that per view.
 */
import type { ByteStatus, EntryKind } from '../../shared/explore';
import type { FileChange, FindingCategory } from '../../shared/analysis';
import type { EntryTable } from '../archive/entry-table';
import type { LayerEntry } from '../archive/model';
import { fileChanges } from '../analysis/file-status';
import { noId, PathIndex } from '../analysis/path-tree';
import { baseName, compareCodePoints } from '../analysis/paths';
import { categoryOf, unmodifiedCode } from './image-facts';

export type NodeId = number;
export const rootId: NodeId = 0;

export const kinds: readonly EntryKind[] = ['dir', 'file', 'symlink', 'hardlink', 'other'];
export const byteStatuses: readonly ByteStatus[] = ['added', 'modified', 'unmodified', 'wasted'];
export const removedCode = fileChanges.indexOf('removed');
export const wastedFlag = 1;
export const removedFlag = 2;

/** Bytes by key, and the key with most. */
export class Tally<K> {
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

/** The totals of the nodes with children (directories, and the root), by their slot: files need none. */
export class DirColumns {
  readonly bytes: Float64Array;
  readonly files: Uint32Array;
  readonly changed: Uint32Array;
  /** Children of the slot's node: `childList[childStart .. childStart + childCount]`. */
  readonly childStart: Uint32Array;
  readonly childCount: Uint32Array;
  readonly paintLayer: Int32Array;
  readonly paintStatus: Uint8Array;
  readonly paintCategory: Uint8Array;

  /** `from`: columns to share, all but those that follow from the statuses (`changed`, `paintStatus`). */
  constructor(count: number, from?: DirColumns) {
    this.bytes = from?.bytes ?? new Float64Array(count);
    this.files = from?.files ?? new Uint32Array(count);
    this.changed = new Uint32Array(count);
    this.childStart = from?.childStart ?? new Uint32Array(count);
    this.childCount = from?.childCount ?? new Uint32Array(count);
    this.paintLayer = from?.paintLayer ?? new Int32Array(count);
    this.paintStatus = new Uint8Array(count);
    this.paintCategory = from?.paintCategory ?? new Uint8Array(count);
  }
}

/**
 * A finished view: read-only columns by node id. A node without children keeps only its entry (layer, row)
 * and the facts of that row; its totals and paint follow from them.
 */
export class ViewTree {
  /** The layer whose entry the node is (the view's layer for a deletion); for an implied directory, its paint layer. */
  protected layers = new Int32Array(16);
  /** The node's row in that layer's table; -1 for an implied directory or a deletion. */
  protected rows = new Int32Array(16);
  protected statuses = new Uint8Array(16);
  protected flags = new Uint8Array(16);
  protected kindCodes = new Uint8Array(16);
  protected categoryCodes = new Uint8Array(16);
  /** Per node, its slot in `dirs`, or -1 for a node without children. */
  protected dirSlots = new Int32Array(0);
  protected dirs = new DirColumns(0);
  protected childList = new Int32Array(0);
  /** What each deletion removed. */
  protected removedBytes = new Map<NodeId, number>();
  protected index = new PathIndex((id) => this.tables[this.layers[id]].path(this.rows[id]));
  private readonly byName = new Map<NodeId, Int32Array>();
  private shared = false;

  constructor(protected readonly tables: readonly EntryTable[]) {}

  get count(): number {
    return this.index.count;
  }

  /** What the tree costs, in nodes: a tree that shares another's structure (`onlyLayer`) costs a byte a node. */
  get weight(): number {
    return this.shared ? Math.ceil(this.count / 32) : this.count;
  }

  /** The node at `path`, or undefined. */
  find(path: string): NodeId | undefined {
    const id = this.index.id(path);
    return id === noId ? undefined : id;
  }

  path(id: NodeId): string {
    return this.index.path(id);
  }

  name(id: NodeId): string {
    return id === rootId ? '/' : baseName(this.path(id));
  }

  kind(id: NodeId): EntryKind {
    return kinds[this.kindCodes[id]];
  }

  /** Visible bytes at and below; for a deletion, what it removed (not counted in its parent). */
  bytes(id: NodeId): number {
    const slot = this.dirSlots[id];
    if (slot >= 0) return this.dirs.bytes[slot];
    if (this.removed(id)) return this.removedBytes.get(id) ?? 0;
    return this.kindCodes[id] === 0 ? 0 : this.tables[this.layers[id]].size(this.rows[id]);
  }

  files(id: NodeId): number {
    const slot = this.dirSlots[id];
    if (slot >= 0) return this.dirs.files[slot];
    return this.removed(id) || this.kindCodes[id] === 0 ? 0 : 1;
  }

  /** The layer that wrote the entry (for a directory only implied by deeper paths, its paint layer). */
  layer(id: NodeId): number {
    return this.layers[id];
  }

  status(id: NodeId): FileChange {
    return fileChanges[this.statuses[id]];
  }

  wasted(id: NodeId): boolean {
    return (this.flags[id] & wastedFlag) !== 0;
  }

  /** A deletion made by the view's layer, shown with a D badge. */
  removed(id: NodeId): boolean {
    return (this.flags[id] & removedFlag) !== 0;
  }

  /** Entries at and below whose status is not `unmodified`. */
  changed(id: NodeId): number {
    const slot = this.dirSlots[id];
    if (slot >= 0) return this.dirs.changed[slot];
    return this.statuses[id] === unmodifiedCode ? 0 : 1;
  }

  linkTarget(id: NodeId): string | undefined {
    const row = this.rows[id];
    return row < 0 ? undefined : this.tables[this.layers[id]].at(row).linkTarget;
  }

  paintLayer(id: NodeId): number {
    const slot = this.dirSlots[id];
    return slot >= 0 ? this.dirs.paintLayer[slot] : this.layers[id];
  }

  paintStatus(id: NodeId): ByteStatus {
    const slot = this.dirSlots[id];
    return slot >= 0 ? byteStatuses[this.dirs.paintStatus[slot]] : this.leafStatus(id);
  }

  paintCategory(id: NodeId): FindingCategory | undefined {
    const slot = this.dirSlots[id];
    return categoryOf(slot >= 0 ? this.dirs.paintCategory[slot] : this.categoryCodes[id]);
  }

  /** The status a node paints by its own entry. */
  protected leafStatus(id: NodeId): ByteStatus {
    if (this.flags[id] & wastedFlag) return 'wasted';
    return this.statuses[id] === removedCode ? 'unmodified' : (fileChanges[this.statuses[id]] as ByteStatus);
  }

  childCount(id: NodeId): number {
    const slot = this.dirSlots[id];
    return slot >= 0 ? this.dirs.childCount[slot] : 0;
  }

  /** The entry of a node, when it has one (not an implied directory nor a deletion). */
  private entryOf(id: NodeId): { table: EntryTable; row: number } | undefined {
    const row = this.rows[id];
    return row < 0 || this.removed(id) ? undefined : { table: this.tables[this.layers[id]], row };
  }

  /** Every node with an entry, in the order the nodes were made (the order of the rows the view was built from). */
  forEachRow(visit: (table: EntryTable, row: number, layer: number) => void): void {
    for (let id = 0; id < this.count; id++) {
      const source = this.entryOf(id);
      if (source) visit(source.table, source.row, this.layers[id]);
    }
  }

  /** The entry at `path` and its layer, when the view has one there. */
  get(path: string): { entry: LayerEntry; layer: number } | undefined {
    const id = this.find(path);
    const source = id === undefined ? undefined : this.entryOf(id);
    return source && { entry: source.table.at(source.row), layer: this.layers[id!] };
  }

  /** The children, by bytes (largest first, then by name): a view of the tree's own array, not a copy. */
  children(id: NodeId): Int32Array {
    const slot = this.dirSlots[id];
    if (slot < 0) return this.childList.subarray(0, 0);
    const start = this.dirs.childStart[slot];
    return this.childList.subarray(start, start + this.dirs.childCount[slot]);
  }

  /**
   * This tree with only `layer`'s changes as statuses (other entries unmodified): the stack up to the top
   * layer when that layer deletes nothing, which is the final filesystem seen as that layer's doing. It
   * shares everything but the statuses and what follows from them (changed counts, status paint).
   */
  onlyLayer(layer: number): ViewTree {
    const view = new ViewTree(this.tables);
    view.shared = true;
    view.index = this.index;
    view.layers = this.layers;
    view.rows = this.rows;
    view.flags = this.flags;
    view.kindCodes = this.kindCodes;
    view.categoryCodes = this.categoryCodes;
    view.dirSlots = this.dirSlots;
    view.childList = this.childList;
    view.removedBytes = this.removedBytes;
    view.statuses = new Uint8Array(this.count);
    for (let id = 0; id < this.count; id++) view.statuses[id] = this.rows[id] >= 0 && this.layers[id] === layer ? this.statuses[id] : unmodifiedCode;
    view.dirs = new DirColumns(this.dirs.bytes.length, this.dirs);
    view.paintStatuses();
    return view;
  }

  /**
   * The directories' changed counts and status paint from the statuses, bottom-up, each directory's children
   * in the order they were added (the order of their ids, as when it was built: ties in a tally go to the
   * first seen). An explicit stack: directories may nest deeper than the call stack.
   */
  private paintStatuses(): void {
    const { dirs } = this;
    const stack: { id: NodeId; children: Int32Array; tally: Tally<ByteStatus>; changed: number; next: number }[] = [];
    const open = (id: NodeId) =>
      stack.push({
        id,
        children: this.children(id).slice().sort(),
        tally: new Tally(),
        changed: this.statuses[id] === unmodifiedCode ? 0 : 1,
        next: 0,
      });
    open(rootId);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next < top.children.length) {
        const child = top.children[top.next++];
        if (this.dirSlots[child] >= 0) {
          open(child);
          continue;
        }
        top.changed += this.changed(child);
        if (!this.removed(child) && this.bytes(child) > 0) top.tally.add(this.leafStatus(child), this.bytes(child));
        continue;
      }
      stack.pop();
      const slot = this.dirSlots[top.id];
      dirs.changed[slot] = top.changed;
      const status = top.tally.top() ?? this.leafStatus(top.id);
      dirs.paintStatus[slot] = byteStatuses.indexOf(status);
      const parent = stack[stack.length - 1];
      if (parent) {
        parent.changed += top.changed;
        if (dirs.bytes[slot] > 0) parent.tally.add(status, dirs.bytes[slot]);
      }
    }
  }

  /** The children by name; the last few directories asked for are kept. */
  childrenByName(id: NodeId): Int32Array {
    let sorted = this.byName.get(id);
    if (!sorted) {
      sorted = this.children(id)
        .slice()
        .sort((a, b) => compareCodePoints(this.path(a), this.path(b)));
      if (this.byName.size >= 4) this.byName.delete(this.byName.keys().next().value as NodeId);
    }
    this.byName.set(id, sorted);
    return sorted;
  }
}
