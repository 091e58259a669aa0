/**
 * Building view trees: a layer's own tar, the final filesystem, or the stack up to a layer, entry by entry,
 * then every directory's totals and paint bottom-up (see `ViewTree`).
 */
import type { ByteStatus } from '../../shared/explore';
import { findingCategories, type FindingCategory } from '../../shared/analysis';
import type { EntryTable } from '../archive/entry-table';
import { doubledTo, grown, noId } from '../analysis/path-tree';
import { compareCodePoints, parentOf } from '../analysis/paths';
import type { VisibleFiles } from './compare';
import { categoryOf, unmodifiedCode, type ImageFacts, type RemovedEntry } from './image-facts';
import { byteStatuses, DirColumns, kinds, removedCode, removedFlag, rootId, Tally, ViewTree, wastedFlag, type NodeId } from './view-tree';

interface Tallies {
  layer: Tally<number>;
  status: Tally<ByteStatus>;
  category: Tally<FindingCategory | undefined>;
}

function newTallies(): Tallies {
  return { layer: new Tally(), status: new Tally(), category: new Tally() };
}

/** Builds a view tree entry by entry; `finish()` computes the totals. */
export class ViewTreeBuilder extends ViewTree {
  /** Each node's parent and number of children, while building. */
  private parents = new Int32Array(16);
  private childCounts = new Uint32Array(16);
  /** The parent of the last node made, and its path. */
  private lastParent: NodeId = rootId;
  private lastParentPath = '/';

  constructor(tables: readonly EntryTable[], expected = 0) {
    super(tables);
    this.index.reserve(expected + 1);
    this.ensureCapacity(expected + 1);
    this.index.idOrAdd('/');
    this.layers[rootId] = -1;
    this.rows[rootId] = -1;
    this.statuses[rootId] = unmodifiedCode;
  }

  private ensureCapacity(needed: number): void {
    if (needed <= this.rows.length) return;
    const capacity = doubledTo(this.rows.length, needed);
    this.parents = grown(this.parents, capacity);
    this.childCounts = grown(this.childCounts, capacity);
    this.layers = grown(this.layers, capacity);
    this.rows = grown(this.rows, capacity);
    this.statuses = grown(this.statuses, capacity);
    this.flags = grown(this.flags, capacity);
    this.kindCodes = grown(this.kindCodes, capacity);
    this.categoryCodes = grown(this.categoryCodes, capacity);
  }

  /**
   * The node at `path`, made with its missing ancestors (a loop: paths may be deeper than the call stack).
   * A new node with a row (`row` >= 0) reads its path from that row.
   */
  private ensure(path: string, layer: number, row: number): NodeId {
    const fresh = this.index.count;
    this.ensureCapacity(fresh + 1);
    // Set before the id exists: the index reads the new node's path from them.
    this.layers[fresh] = layer;
    this.rows[fresh] = row;
    const id = this.index.idOrAdd(path, row >= 0 ? fresh : noId);
    if (id !== fresh) return id;
    this.statuses[id] = unmodifiedCode;
    // Entries come directory by directory: a sibling of the last new node needs no lookup of its parent.
    const cut = path.lastIndexOf('/');
    if (cut > 0 && cut === this.lastParentPath.length && path.startsWith(this.lastParentPath)) {
      this.parents[id] = this.lastParent;
      this.childCounts[this.lastParent] += 1;
      return id;
    }
    for (let child = id, parentPath = parentOf(path) || '/'; ; parentPath = parentOf(parentPath) || '/') {
      const known = this.index.id(parentPath);
      const parent = known !== noId ? known : this.implied(parentPath);
      if (child === id) [this.lastParent, this.lastParentPath] = [parent, parentPath];
      this.parents[child] = parent;
      this.childCounts[parent] += 1;
      if (known !== noId) return id;
      child = parent;
    }
  }

  private implied(path: string): NodeId {
    const id = this.index.count;
    this.ensureCapacity(id + 1);
    this.index.idOrAdd(path);
    this.layers[id] = -1;
    this.rows[id] = -1;
    this.statuses[id] = unmodifiedCode;
    return id;
  }

  /** Row `row` of layer `layer`'s table, with its change code, whether its copy is hidden, and its category code. */
  add(layer: number, row: number, status: number, wasted: boolean, category: number): void {
    const table = this.tables[layer];
    const path = table.path(row);
    if (path === '/') return;
    const id = this.ensure(path, layer, row);
    this.layers[id] = layer;
    this.rows[id] = row;
    this.kindCodes[id] = kinds.indexOf(table.type(row));
    this.statuses[id] = status;
    this.flags[id] = wasted ? wastedFlag : 0;
    this.categoryCodes[id] = category;
  }

  /** A path the view's layer deleted, shown with the bytes it removed (not counted in its parent). */
  addRemoved(gone: RemovedEntry, layer: number): void {
    if (gone.path === '/' || this.index.id(gone.path) !== noId) return;
    const id = this.ensure(gone.path, layer, -1);
    this.kindCodes[id] = kinds.indexOf(gone.entry.type);
    this.statuses[id] = removedCode;
    this.flags[id] = removedFlag;
    this.removedBytes.set(id, gone.bytes);
  }

  /** A leaf's bytes, paint layer, status and category, added to its parent's tallies. */
  private tallyLeaf(id: NodeId, into: Tallies): void {
    const bytes = this.bytes(id);
    if (this.removed(id) || bytes <= 0) return;
    into.layer.add(this.layers[id], bytes);
    into.status.add(this.leafStatus(id), bytes);
    into.category.add(categoryOf(this.categoryCodes[id]), bytes);
  }

  /** A directory's totals and paint once its children are finished (`own`: their tallies); sorts its children. */
  private finishDir(id: NodeId, own: Tallies, into?: Tallies): void {
    const slot = this.dirSlots[id];
    const children = this.children(id);
    let bytes = 0;
    let files = 0;
    let changed = this.statuses[id] === unmodifiedCode ? 0 : 1;
    for (const child of children) {
      changed += this.changed(child);
      if (this.removed(child)) continue;
      bytes += this.bytes(child);
      files += this.files(child);
    }
    const { dirs } = this;
    dirs.bytes[slot] = bytes;
    dirs.files[slot] = files;
    dirs.changed[slot] = changed;
    this.sortChildren(children);
    const layer = this.layers[id];
    const paintLayer = own.layer.top() ?? (layer >= 0 ? layer : children.length > 0 ? this.paintLayer(children[0]) : 0);
    if (layer < 0) this.layers[id] = paintLayer;
    const status = own.status.top() ?? this.leafStatus(id);
    const category = own.category.top();
    dirs.paintLayer[slot] = paintLayer;
    dirs.paintStatus[slot] = byteStatuses.indexOf(status);
    dirs.paintCategory[slot] = category === undefined ? 0 : findingCategories.indexOf(category) + 1;
    if (into && bytes > 0) {
      // A directory passes its own dominant values up, weighted by all its bytes: cheap and close enough.
      into.layer.add(paintLayer, bytes);
      into.status.add(status, bytes);
      into.category.add(category, bytes);
    }
  }

  /**
   * Largest first, then by name (siblings share their parent's path: comparing paths compares names). A
   * path is made anew on each read, so a directory's paths are read once each, kept only for this sort
   * unless the directory is huge.
   */
  private sortChildren(children: Int32Array): void {
    if (children.length < 2) return;
    const paths = children.length <= sortKeptPaths ? new Map<NodeId, string>() : undefined;
    const path = (id: NodeId): string => {
      const known = paths?.get(id);
      if (known !== undefined) return known;
      const made = this.path(id);
      paths?.set(id, made);
      return made;
    };
    children.sort((a, b) => this.bytes(b) - this.bytes(a) || compareCodePoints(path(a), path(b)));
  }

  /**
   * Gives the nodes with children (and the root) a slot of totals, and lays the children out in one array,
   * each node's in the order they were added (the order of their ids).
   */
  private layOutChildren(): void {
    const count = this.count;
    this.dirSlots = new Int32Array(count).fill(-1);
    let slots = 0;
    for (let id = 0; id < count; id++) if (id === rootId || this.childCounts[id] > 0) this.dirSlots[id] = slots++;
    const dirs = new DirColumns(slots);
    let start = 0;
    for (let id = 0; id < count; id++) {
      const slot = this.dirSlots[id];
      if (slot < 0) continue;
      dirs.childStart[slot] = start;
      start += this.childCounts[id];
    }
    this.dirs = dirs;
    this.childList = new Int32Array(Math.max(0, count - 1));
    for (let id = 1; id < count; id++) {
      const slot = this.dirSlots[this.parents[id]];
      this.childList[dirs.childStart[slot] + dirs.childCount[slot]++] = id;
    }
    this.parents = new Int32Array(0);
    this.childCounts = new Uint32Array(0);
  }

  /**
   * Totals and paints bottom-up, children in the order they were added (ties in a tally go to the first
   * seen). An explicit stack: directories may nest deeper than the call stack.
   */
  finish(): ViewTree {
    this.layOutChildren();
    const stack: { id: NodeId; children: Int32Array; own: Tallies; next: number }[] = [];
    const open = (id: NodeId) => stack.push({ id, children: this.children(id), own: newTallies(), next: 0 });
    open(rootId);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next < top.children.length) {
        const child = top.children[top.next++];
        if (this.dirSlots[child] >= 0) open(child);
        else this.tallyLeaf(child, top.own);
        continue;
      }
      stack.pop();
      this.finishDir(top.id, top.own, stack[stack.length - 1]?.own);
    }
    return this;
  }
}

/** The most paths a directory's sort keeps at once (~3 MB); a bigger directory reads them again. */
const sortKeptPaths = 1 << 16;

const tablesOf = (facts: ImageFacts) => facts.image.layers.map((layer) => layer.index.entries);

/** What one layer's tar stores, with its deletions. */
export function layerViewTree(facts: ImageFacts, layer: number): ViewTree {
  const { rows } = facts.layerChanges[layer].entries;
  const builder = new ViewTreeBuilder(tablesOf(facts), rows.length + facts.removed[layer].length);
  const [statuses, hidden, categories] = [facts.statuses[layer], facts.hidden[layer], facts.categories[layer]];
  // A path written twice in one tar: the last entry is the one the layer keeps.
  for (const row of rows) builder.add(layer, row, statuses[row], hidden[row] === 1, categories[row]);
  for (const gone of facts.removed[layer]) builder.addRemoved(gone, layer);
  return builder.finish();
}

/** Visible entries to build an aggregated view from: a replay's merged filesystem, or a built view. */
export type RowSource = Pick<VisibleFiles, 'forEachRow'>;

/**
 * The filesystem of `rows` (about `expected` entries): the final one, or the stack up to `layer`. With a
 * layer, statuses are what that layer did (others are unmodified) and its deletions are shown; without,
 * what the writing layer did.
 */
export function aggregatedViewTree(facts: ImageFacts, rows: RowSource, expected: number, layer?: number): ViewTree {
  const builder = new ViewTreeBuilder(tablesOf(facts), expected);
  rows.forEachRow((_table, row, nodeLayer) => {
    const status = layer === undefined || nodeLayer === layer ? facts.statuses[nodeLayer][row] : unmodifiedCode;
    builder.add(nodeLayer, row, status, facts.hidden[nodeLayer][row] === 1, facts.categories[nodeLayer][row]);
  });
  if (layer !== undefined) for (const gone of facts.removed[layer]) builder.addRemoved(gone, layer);
  return builder.finish();
}
