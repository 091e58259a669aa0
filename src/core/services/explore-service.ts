/**
 * The explore part of the contract over the session store: treemaps, directory listings, searches, file
 * locations and comparisons. `LayerLensCore` delegates to it; analysis itself stays in core/api.
 */
import type { AnalysisSource, ImageAnalysis } from '../../shared/analysis';
import { LayerLensError } from '../../shared/errors';
import type {
  DirectoryListing,
  DirectoryOptions,
  FileDiffEntry,
  FileDiffOptions,
  FileDiffPage,
  FileLocation,
  ImageComparison,
  SearchOptions,
  SearchResult,
  Treemap,
  TreemapNode,
  TreemapOptions,
  TreeEntry,
} from '../../shared/explore';
import type { LoadedImage } from '../archive/model';
import type { AnalysisObserver } from '../analysis/analyze';
import { factsCollector } from '../explore/image-facts';
import { compareAnalyses, diffFilesystems, pageOfDiff } from '../explore/compare';
import { compareCodePoints } from '../analysis/paths';
import { pathMatcher } from '../explore/path-match';
import { SessionStore, type ExploreSession, type SessionStoreOptions } from '../explore/session-store';
import { countNodes, defaultMaxNodes, maxMaxNodes, treemapNode } from '../explore/treemap';
import { drawable } from '../explore/treemap';
import { rootId, type NodeId, type ViewTree } from '../explore/view-tree';

export const defaultDirectoryLimit = 5000;
export const maxDirectoryLimit = 50_000;
export const defaultSearchLimit = 1000;
export const maxSearchLimit = 20_000;
const diffsKept = 2;

function clampInt(value: unknown, fallback: number, min: number, max: number): number {
  const n = Math.floor(Number(value));
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

/** "/usr/lib/", "usr/lib" -> "/usr/lib". */
export function normalizePath(path: unknown): string {
  if (path === undefined || path === null || path === '') return '/';
  if (typeof path !== 'string') throw new LayerLensError('INVALID_ARGUMENT', 'A path must be a string.');
  const parts = path.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.includes('..')) throw new LayerLensError('INVALID_ARGUMENT', `Invalid path "${path}".`);
  return `/${parts.join('/')}`;
}

export function toTreeEntry(tree: ViewTree, node: NodeId): TreeEntry {
  const category = tree.paintCategory(node);
  const linkTarget = tree.linkTarget(node);
  return {
    name: tree.name(node),
    path: tree.path(node),
    kind: tree.kind(node),
    bytes: tree.bytes(node),
    fileCount: tree.files(node),
    childCount: tree.childCount(node),
    layer: tree.layer(node),
    status: tree.status(node),
    wasted: tree.wasted(node),
    changedCount: tree.changed(node),
    ...(category ? { category } : {}),
    ...(linkTarget !== undefined ? { linkTarget } : {}),
  };
}

function findNode(tree: ViewTree, path: string): NodeId {
  const node = tree.find(path);
  if (node === undefined) throw new LayerLensError('INVALID_ARGUMENT', `No entry "${path}" in this view of the image.`);
  return node;
}

export class ExploreService {
  readonly sessions: SessionStore;
  private readonly diffs = new Map<string, FileDiffEntry[]>();

  constructor(options: SessionStoreOptions = {}) {
    this.sessions = new SessionStore(options);
  }

  /** Keeps an image analysed elsewhere (its facts are gathered by analysing it again). */
  register(image: LoadedImage): void {
    this.sessions.register(image);
  }

  /** Watches the analysis of a loaded image and keeps the image, with what the analysis found, for exploring. */
  observer(image: LoadedImage): AnalysisObserver {
    return factsCollector(image, (facts, final) => this.sessions.register(image, { facts, final }));
  }

  /**
   * Readies an analysed image for its page before the analysis answers: brings it back from the layer cache
   * when the analysis was answered from the stored result (no image was loaded), and builds what the page
   * asks for first. After the analysis, not inside it: its own replay is garbage by then. Never fails:
   * exploring an image that cannot be restored says so later.
   */
  async prewarm(imageId: string): Promise<void> {
    // The page asks first for the whole-image treemap, with the defaults.
    await this.getTreemap(imageId, {}).then(
      () => undefined,
      () => undefined,
    );
  }

  async getTreemap(imageId: string, options: TreemapOptions = {}): Promise<Treemap> {
    const session = await this.sessions.get(imageId);
    const maxNodes = clampInt(options.maxNodes, defaultMaxNodes, 1, maxMaxNodes);
    const depth = options.depth === 1 ? 1 : 2;
    const layer = session.checkLayer(options.layer);
    const imageBytes = session.facts.imageBytes;
    if (layer === undefined) return this.imageTreemap(session, maxNodes, depth);
    const view = session.tree({ layer, scope: options.scope });
    const path = normalizePath(options.path);
    const node = findNode(view.tree, path);
    const root = treemapNode(node, depth, maxNodes, { tree: view.tree, imageBytes, idPrefix: `${layer}:` });
    return { imageId: session.id, layer, scope: view.scope, path, root, imageBytes, nodeCount: countNodes(root) };
  }

  /** The whole image: one rectangle per layer (every stored byte), its largest entries inside. */
  private imageTreemap(session: ExploreSession, maxNodes: number, depth: number): Treemap {
    return session.imageTreemap(`${maxNodes}:${depth}`, () => {
      const imageBytes = session.facts.imageBytes;
      const total = session.facts.image.layers.reduce((sum, _, index) => sum + session.layerBytes(index), 0) || 1;
      const pool = Math.max(0, maxNodes - session.layerCount);
      const children: TreemapNode[] = [];
      for (let index = 0; index < session.layerCount; index++) {
        const bytes = session.layerBytes(index);
        if (bytes <= 0) continue;
        const tree = session.layerTree(index);
        const budget = depth > 1 ? Math.floor((pool * bytes) / total) : 0;
        // Most layers write under one directory (/opt/app/...): show what is inside it.
        let start = rootId;
        for (;;) {
          const inside = drawable(tree, start);
          if (inside.length !== 1 || tree.kind(inside[0]) !== 'dir' || tree.childCount(inside[0]) === 0) break;
          start = inside[0];
        }
        const node = treemapNode(start, depth > 1 ? 1 : 0, budget, { tree, imageBytes, idPrefix: `${index}:` });
        children.push({ ...node, id: `layer:${index}`, kind: 'layer', name: `Layer ${index}`, path: '/', layer: index, drillable: true });
      }
      const root: TreemapNode = {
        id: 'image',
        kind: 'layer',
        name: 'Image',
        path: '/',
        layer: -1,
        bytes: children.reduce((sum, child) => sum + child.bytes, 0),
        share: 1,
        fileCount: children.reduce((sum, child) => sum + child.fileCount, 0),
        status: 'unmodified',
        drillable: true,
        children,
      };
      return { imageId: session.id, scope: 'aggregated', path: '/', root, imageBytes, nodeCount: countNodes(root) };
    });
  }

  async listDirectory(imageId: string, options: DirectoryOptions = {}): Promise<DirectoryListing> {
    const session = await this.sessions.get(imageId);
    const { tree } = session.tree(options);
    const path = normalizePath(options.path);
    const node = findNode(tree, path);
    let children = Array.from(options.sort === 'name' ? tree.childrenByName(node) : tree.children(node));
    if (options.hideUnchanged) children = children.filter((child) => tree.changed(child) > 0);
    const offset = clampInt(options.offset, 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = clampInt(options.limit, defaultDirectoryLimit, 1, maxDirectoryLimit);
    return { path, entries: children.slice(offset, offset + limit).map((child) => toTreeEntry(tree, child)), total: children.length, offset };
  }

  async searchFiles(imageId: string, options: SearchOptions): Promise<SearchResult> {
    const session = await this.sessions.get(imageId);
    if (typeof options?.query !== 'string') throw new LayerLensError('INVALID_ARGUMENT', 'A search needs a query.');
    const { tree } = session.tree(options);
    const limit = clampInt(options.limit, defaultSearchLimit, 1, maxSearchLimit);
    const matches = pathMatcher(options.query);
    const found: NodeId[] = [];
    let totalBytes = 0;
    for (let node = rootId + 1; node < tree.count; node++) {
      if (!matches(tree.path(node))) continue;
      if (options.hideUnchanged && tree.changed(node) === 0) continue;
      found.push(node);
      if (tree.kind(node) !== 'dir' && !tree.removed(node)) totalBytes += tree.bytes(node);
    }
    found.sort((a, b) => tree.bytes(b) - tree.bytes(a) || compareCodePoints(tree.path(a), tree.path(b)));
    return { matches: found.slice(0, limit).map((node) => toTreeEntry(tree, node)), total: found.length, totalBytes };
  }

  async locateFile(imageId: string, path: string): Promise<FileLocation> {
    const session = await this.sessions.get(imageId);
    const wanted = normalizePath(path);
    const visible = session.final.get(wanted);
    const storedIn: FileLocation['storedIn'] = [];
    session.facts.layerChanges.forEach(({ entries: { table, rows } }, layer) => {
      let bytes = -1;
      for (const row of rows) if (table.path(row) === wanted) bytes = table.size(row);
      if (bytes >= 0) storedIn.push({ layer, bytes });
    });
    return { path: wanted, ...(visible ? { visibleLayer: visible.layer } : {}), storedIn };
  }

  async compareImages(
    a: AnalysisSource,
    b: AnalysisSource,
    analyse: (source: AnalysisSource, label: 'A' | 'B') => Promise<ImageAnalysis>,
  ): Promise<ImageComparison> {
    const analysisA = await analyse(a, 'A');
    const analysisB = await analyse(b, 'B');
    const entries = await this.diffOf(analysisA.id, analysisB.id);
    return compareAnalyses(analysisA, analysisB, entries);
  }

  async getFileDiff(imageIdA: string, imageIdB: string, options: FileDiffOptions = {}): Promise<FileDiffPage> {
    return pageOfDiff(await this.diffOf(imageIdA, imageIdB), options);
  }

  private async diffOf(imageIdA: string, imageIdB: string): Promise<FileDiffEntry[]> {
    const key = `${imageIdA}|${imageIdB}`;
    let entries = this.diffs.get(key);
    if (entries) {
      this.diffs.delete(key);
    } else {
      const sessionA = await this.sessions.get(imageIdA);
      const sessionB = await this.sessions.get(imageIdB);
      entries = diffFilesystems(sessionA.final, sessionB.final);
    }
    this.diffs.set(key, entries);
    while (this.diffs.size > diffsKept) this.diffs.delete(this.diffs.keys().next().value as string);
    return entries;
  }
}
