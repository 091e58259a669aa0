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
import type { EntryTable } from '../archive/entry-table';
import type { LoadedImage, LoadedLayer } from '../archive/model';
import type { InefficientFile } from '../../shared/analysis';
import { stringHash } from './path-tree';
import { compareCodePoints, parentOf, segments } from './paths';

const whiteoutPrefix = '.wh.';
const doubleWhiteoutPrefix = '.wh..wh..';

interface DiveNode {
  name: string;
  /** Made on the first child: most nodes are files, and an empty Map per file costs more than the file. */
  children: Map<string, DiveNode> | undefined;
  size: number;
  isDir: boolean;
  /** The path of the entry that set the payload (the deleted path for a whiteout): a leaf's path, not joined again. */
  path: string | undefined;
}

const newNode = (name: string): DiveNode => ({ name, children: undefined, size: 0, isDir: false, path: undefined });

/** The child of `node` named `name`, made if missing. */
function childOf(node: DiveNode, name: string): DiveNode {
  node.children ??= new Map();
  let child = node.children.get(name);
  if (!child) {
    child = newNode(name);
    node.children.set(name, child);
  }
  return child;
}

/** dive's FileTree.AddPath. */
function addPath(root: DiveNode, names: string[], size: number, isDir: boolean, path?: string): void {
  let node = root;
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const child = node.children?.get(name);
    if (!child && name.startsWith(doubleWhiteoutPrefix)) return;
    node = child ?? childOf(node, name);
    if (i === names.length - 1) {
      node.size = size;
      node.isDir = isDir;
      node.path = path;
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
    addPath(root, names, entry.size, entry.type === 'dir' && !entry.whiteout && !entry.opaque, entry.opaque ? undefined : entry.path);
  }
  return root;
}

function sortedChildren(node: DiveNode): DiveNode[] {
  const { children } = node;
  return children ? [...children.keys()].sort(compareCodePoints).map((name) => children.get(name) as DiveNode) : [];
}

/** A node on a walk's current path; `lower` is the node at the same path in the tree being stacked onto. */
interface Frame {
  node: DiveNode;
  children: DiveNode[];
  next: number;
  lower?: DiveNode;
}

const frameOf = (node: DiveNode): Frame => ({ node, children: sortedChildren(node), next: 0 });

/**
 * Depth first, children before parents, children in name order; the root is not visited. `path` holds the
 * frames from the root to the visited node (its last). A visitor that returns false stops the whole walk
 * (dive's visitor error). An explicit stack, not recursion: a layer can nest deeper than the call stack.
 */
function visitChildFirst(root: DiveNode, visit: (path: Frame[]) => boolean, evaluate: (node: DiveNode) => boolean = () => true): boolean {
  const path = [frameOf(root)];
  while (path.length > 0) {
    const top = path[path.length - 1];
    if (top.next < top.children.length) {
      path.push(frameOf(top.children[top.next++]));
      continue;
    }
    if (path.length > 1 && evaluate(top.node) && !visit(path)) return false;
    path.pop();
  }
  return true;
}

/** The names from the root to the last frame of `path`. */
function namesOf(path: Frame[]): string[] {
  return path.slice(1).map((frame) => frame.node.name);
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
    node = node.children?.get(name);
    if (!node) return undefined;
  }
  return node;
}

/**
 * The node of `lower` at the path of `path[depth]`, made (as dive's AddPath makes missing parents) when
 * `create`. Found nodes are kept on the frames, so a walk looks each path up once, not from the root at
 * every node (quadratic in a deep chain). They stay valid: a whiteout removes a sibling of the path only.
 */
function lowerAt(lower: DiveNode, path: Frame[], depth: number, create: boolean): DiveNode | undefined {
  let known = depth;
  while (known > 0 && !path[known].lower) known--;
  let node = known === 0 ? lower : (path[known].lower as DiveNode);
  for (let i = known + 1; i <= depth; i++) {
    const name = path[i].node.name;
    const child = create ? childOf(node, name) : node.children?.get(name);
    if (!child) return undefined;
    path[i].lower = child;
    node = child;
  }
  return node;
}

/** dive's FileTree.Stack: the upper tree's nodes, children first, as adds (AddPath) or, for whiteouts, removes. */
function stack(lower: DiveNode, upper: DiveNode): void {
  visitChildFirst(upper, (path) => {
    const node = path[path.length - 1].node;
    if (node.name.startsWith(whiteoutPrefix)) {
      lowerAt(lower, path, path.length - 2, false)?.children?.delete(node.name.slice(whiteoutPrefix.length));
    } else {
      const target = lowerAt(lower, path, path.length - 1, true) as DiveNode;
      target.size = node.size;
      target.isDir = node.isDir;
    }
    return true;
  });
}

function subtreeBytes(node: DiveNode): number {
  let total = 0;
  const stack = [node];
  while (stack.length > 0) {
    const current = stack.pop() as DiveNode;
    total += current.size;
    if (current.children) for (const child of current.children.values()) stack.push(child);
  }
  return total;
}

export interface DiveEfficiency {
  efficiency: number;
  /** dive's inefficient paths, largest cumulative size first. */
  inefficientFiles: InefficientFile[];
  /** Σ cumulative sizes of the inefficient paths. */
  wastedBytes: number;
}

/**
 * What dive records per path seen, in columns: an image of a million files has a million paths, and an
 * object (with its array of layers) per path cost more than the path. Layers are listed only for paths
 * seen twice or more, the inefficient ones.
 */
class PathTable {
  private readonly ids = new Map<string, number>();
  private readonly paths: string[] = [];
  private readonly cumulative: number[] = [];
  private readonly minimum: number[] = [];
  private readonly firstLayer: number[] = [];
  /** The layers of each path seen twice or more, in the order they became so. */
  readonly repeated = new Map<number, number[]>();
  /** Σ sizes of the paths not recorded (seen in the top layer only, where nothing can see them again). */
  private unrecordedMinimum = 0;
  private unrecordedCumulative = 0;

  /**
   * The id of `path`, recorded (nothing seen yet: cumulative 0, minimum -1) if new; undefined for a new
   * path that is not to be `record`ed: `countOnce` then counts it.
   */
  id(path: string, record = true): number | undefined {
    let id = this.ids.get(path);
    if (id === undefined && record) {
      id = this.paths.length;
      this.ids.set(path, id);
      this.paths.push(path);
      this.cumulative.push(0);
      this.minimum.push(-1);
      this.firstLayer.push(-1);
    }
    return id;
  }

  /** A path seen once and never again (its size is both, unless a failed whiteout recorded -1 and 0). */
  countOnce(minimum: number, cumulative = minimum): void {
    this.unrecordedMinimum += minimum;
    this.unrecordedCumulative += cumulative;
  }

  see(id: number, size: number, layer: number): void {
    this.cumulative[id] += size;
    if (this.minimum[id] < 0 || size < this.minimum[id]) this.minimum[id] = size;
    if (this.firstLayer[id] < 0) this.firstLayer[id] = layer;
    else if (this.repeated.has(id)) this.repeated.get(id)!.push(layer);
    else this.repeated.set(id, [this.firstLayer[id], layer]);
  }

  efficiency(): number {
    let minimumSizes = this.unrecordedMinimum;
    let discoveredSizes = this.unrecordedCumulative;
    for (let id = 0; id < this.paths.length; id++) {
      minimumSizes += this.minimum[id];
      discoveredSizes += this.cumulative[id];
    }
    return discoveredSizes === 0 ? 1 : minimumSizes / discoveredSizes;
  }

  inefficient(): InefficientFile[] {
    return [...this.repeated]
      .map(([id, layers]) => ({ path: this.paths[id], cumulativeBytes: this.cumulative[id], layers }))
      .sort((a, b) => b.cumulativeBytes - a.cumulativeBytes || compareCodePoints(a.path, b.path));
  }
}

/** What dive's stack holds at a whiteout's path: nothing (undefined), or whether it is a directory and its subtree's bytes. */
type Deleted = { isDir: boolean; bytes: number } | undefined;

/**
 * The stack of the layers below the one being walked (for layer 0: layer 0), which only a whiteout asks
 * for. A deleted path that one lower layer alone wrote (at or below it), with no whiteout or opaque marker
 * at, above or below it, is read from that layer's rows: in dive's stack its subtree is that layer's, and
 * no other layer's entries change it. Otherwise the layers' trees are made and stacked (a million files
 * deleted by `rm -rf` in a later layer would be a million tree nodes).
 */
class LowerStack {
  private readonly root = newNode('');
  private pending: LoadedLayer[] = [];
  private readonly layers: LoadedLayer[] = [];
  private built = false;

  constructor(private readonly treesOnly = false) {}

  push(layer: LoadedLayer): void {
    this.pending.push(layer);
    this.layers.push(layer);
  }

  get tree(): DiveNode {
    this.built = true;
    for (const layer of this.pending) stack(this.root, diveLayerTree(layer));
    this.pending = [];
    return this.root;
  }

  /** What the stack holds at each of `paths` (as dive's tree spells them). */
  deleted(paths: string[]): Map<string, Deleted> {
    const fromRows = this.built || this.treesOnly ? new Map<string, Deleted | 'tree'>() : deletedFromRows(this.layers, paths);
    const result = new Map<string, Deleted>();
    for (const path of paths) {
      const known = fromRows.get(path);
      if (known !== 'tree' && fromRows.has(path)) {
        result.set(path, known);
        continue;
      }
      const node = getNode(this.tree, segments(path));
      result.set(path, node && { isDir: node.isDir, bytes: node.isDir ? subtreeBytes(node) : 0 });
    }
    return result;
  }
}

/** `path` and those of its ancestors that are in `paths` (deletions can nest). */
function withinAll(path: string, paths: Set<string>): string[] {
  const found: string[] = [];
  for (let at = path; at !== ''; at = parentOf(at)) if (paths.has(at)) found.push(at);
  return found;
}

/**
 * `LowerStack.deleted` from the lower layers' rows where that is exact (see the class), 'tree' where it is
 * not: per path, the one layer that writes at or below it, its last entry at the path (a directory or not:
 * a path only implied there is not one), and the Σ sizes of the last entry at each path below.
 */
function deletedFromRows(layers: LoadedLayer[], paths: string[]): Map<string, Deleted | 'tree'> {
  const wanted = new Set(paths.filter((path) => path !== '/'));
  const ancestors = new Set<string>();
  for (const path of wanted) for (let at = parentOf(path); at !== ''; at = parentOf(at)) ancestors.add(at);
  const found = new Map<string, { layer: number; isDir?: boolean; bytes: number; tree?: true }>();
  const needsTree = (path: string) => found.set(path, { layer: -1, bytes: 0, tree: true });
  // A path the tree would respell ("/a//b") could lie below one without saying so.
  const respelled = (table: EntryTable) => {
    for (let row = 0; row < table.length; row++) if (!isTreePath(table.path(row))) return true;
    return false;
  };
  if (layers.some((layer) => respelled(layer.index.entries))) return new Map(paths.map((path) => [path, 'tree']));
  layers.forEach((layer, index) => {
    const table = layer.index.entries;
    const repeated = repeatedPaths(table);
    const seen = new Set<string>();
    // Last rows first: the last entry at a path is the one dive's tree keeps.
    for (let row = table.length - 1; row >= 0; row--) {
      const path = table.path(row);
      const within = withinAll(path, wanted);
      if (table.isMarker(row)) {
        for (const deletedPath of within) needsTree(deletedPath);
        if (ancestors.has(path)) for (const deletedPath of wanted) if (deletedPath.startsWith(`${path}/`)) needsTree(deletedPath);
        continue;
      }
      if (within.length === 0) continue;
      if (repeated.has(path)) {
        if (seen.has(path)) continue;
        seen.add(path);
      }
      for (const deletedPath of within) {
        let state = found.get(deletedPath);
        if (state?.tree) continue;
        if (state && state.layer !== index) {
          needsTree(deletedPath);
          continue;
        }
        state ??= { layer: index, bytes: 0 };
        found.set(deletedPath, state);
        state.bytes += table.size(row);
        if (path === deletedPath) state.isDir = table.type(row) === 'dir';
      }
    }
  });
  const result = new Map<string, Deleted | 'tree'>();
  for (const path of paths) {
    if (!wanted.has(path)) {
      result.set(path, 'tree');
      continue;
    }
    const state = found.get(path);
    result.set(path, !state ? undefined : state.tree ? 'tree' : { isDir: state.isDir === true, bytes: state.isDir ? state.bytes : 0 });
  }
  return result;
}

/** A path as dive's tree spells it: no empty names, so "/a//b/" is "/a/b". */
const isTreePath = (path: string) => path.startsWith('/') && !path.includes('//') && (path === '/' || !path.endsWith('/'));

/** dive's walk of a layer with whiteouts: its tree, depth first in name order, where a whiteout can stop it. */
function visitLayerTree(
  layer: LoadedLayer,
  lower: LowerStack,
  see: (path: string, size: number) => void,
  failedWhiteout: (path: string) => void,
): void {
  const tree = diveLayerTree(layer);
  const table = layer.index.entries;
  const whiteouts: string[] = [];
  for (let row = 0; row < table.length; row++) if (table.isWhiteout(row)) whiteouts.push(`/${segments(table.path(row)).join('/')}`);
  const deleted = lower.deleted(whiteouts);
  visitChildFirst(
    tree,
    (frames) => {
      const { node } = frames[frames.length - 1];
      const isWhiteout = node.name.startsWith(whiteoutPrefix);
      const pathNames = node.path === undefined || isWhiteout ? strippedNames(namesOf(frames)) : undefined;
      const path = node.path ?? `/${pathNames!.join('/')}`.replaceAll('//', '/');
      let size = node.size;
      if (isWhiteout) {
        const treePath = `/${pathNames!.filter((name) => name !== '').join('/')}`;
        const found = deleted.has(treePath) ? deleted.get(treePath) : lower.deleted([treePath]).get(treePath);
        if (!found) {
          failedWhiteout(path);
          return false;
        }
        size = found.bytes;
      }
      see(path, size);
      return true;
    },
    (node) => !node.children?.size,
  );
}

/**
 * The paths that more than one row of `table` holds, found without a set of every path: the rows' 32-bit
 * hashes are sorted, and only rows whose hash recurs are compared by path.
 */
export function repeatedPaths(table: EntryTable): Set<string> {
  const hashes = new Uint32Array(table.length);
  for (let row = 0; row < table.length; row++) hashes[row] = stringHash(table.path(row));
  const sorted = hashes.slice().sort();
  const recurring = new Set<number>();
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) recurring.add(sorted[i]);
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (let row = 0; row < table.length; row++) {
    if (!recurring.has(hashes[row])) continue;
    const path = table.path(row);
    if (seen.has(path)) repeated.add(path);
    else seen.add(path);
  }
  return repeated;
}

/**
 * The leaves of a layer without whiteouts, as dive's walk sees them, without its tree: a path no other
 * entry of the layer lies under, once (the last entry at a path sets its size). An opaque marker makes its
 * directory a node with no size of its own. Without whiteouts nothing can stop the walk, so its order does
 * not matter. Returns false when the layer needs the tree (a whiteout, or a path the tree would respell).
 */
function visitLayerLeaves(layer: LoadedLayer, see: (path: string, size: number) => void): boolean {
  const table = layer.index.entries;
  for (let row = 0; row < table.length; row++) if (table.isWhiteout(row) || !isTreePath(table.path(row))) return false;
  const parents = new Set<string>();
  for (let row = 0; row < table.length; row++) {
    for (let parent = parentOf(table.path(row)); parent !== '' && !parents.has(parent); parent = parentOf(parent)) parents.add(parent);
  }
  // Only a path held by two rows needs remembering: a set of every path would cost more than the table.
  const repeated = repeatedPaths(table);
  const seen = new Set<string>();
  const visit = (path: string, size: number) => {
    if (path === '/' || parents.has(path)) return;
    if (repeated.has(path)) {
      if (seen.has(path)) return;
      seen.add(path);
    }
    see(path, size);
  };
  for (let row = table.length - 1; row >= 0; row--) if (!table.isOpaque(row)) visit(table.path(row), table.size(row));
  for (let row = 0; row < table.length; row++) if (table.isOpaque(row)) visit(table.path(row), 0);
  return true;
}

/**
 * The paths the layers above the first name, as written and as dive's tree spells them: only these can be
 * seen by a later layer, so only these need recording. A path recorded and never seen again counts as one
 * counted once, so a superset is enough, and an image with a big base and small layers on it records
 * little.
 */
function pathsAboveFirst(layers: LoadedLayer[]): Set<string> {
  const paths = new Set<string>();
  for (const layer of layers.slice(1)) {
    const table = layer.index.entries;
    for (let row = 0; row < table.length; row++) {
      const path = table.path(row);
      paths.add(path);
      if (!isTreePath(path)) paths.add(`/${segments(path).join('/')}`);
    }
  }
  return paths;
}

/** dive's filetree.Efficiency over the layers of an image. */
export function diveEfficiency(layers: LoadedLayer[], options: { treesOnly?: boolean } = {}): DiveEfficiency {
  const table = new PathTable();
  const lower = new LowerStack(options.treesOnly);
  const recordable = pathsAboveFirst(layers);
  layers.forEach((layer, current) => {
    if (current === 0) lower.push(layer);
    else if (current >= 2) lower.push(layers[current - 1]);
    // No layer above the top one can see its new paths again: they are counted, not recorded.
    const record = current < layers.length - 1;
    const see = (path: string, size: number) => {
      const id = table.id(path, record && recordable.has(path));
      if (id === undefined) table.countOnce(size);
      else table.see(id, size, current);
    };
    // `treesOnly`: dive's own walk for every layer, the reference the leaf walk is tested against.
    if (!options.treesOnly && visitLayerLeaves(layer, see)) return;
    // As dive records a whiteout of nothing: the path, with a minimum of -1, and the rest of the layer unseen.
    visitLayerTree(layer, lower, see, (path) => {
      if (table.id(path, record && recordable.has(path)) === undefined) table.countOnce(-1, 0);
    });
  });
  const inefficientFiles = table.inefficient();
  return {
    efficiency: table.efficiency(),
    inefficientFiles,
    wastedBytes: inefficientFiles.reduce((sum, file) => sum + file.cumulativeBytes, 0),
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
