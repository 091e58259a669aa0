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
import { compareAnalyses, diffFilesystems, pageOfDiff } from '../explore/compare';
import { pathMatcher } from '../explore/path-match';
import { SessionStore, type ExploreSession, type SessionStoreOptions } from '../explore/session-store';
import { countNodes, defaultMaxNodes, maxMaxNodes, treemapNode } from '../explore/treemap';
import { childrenByName, type TNode } from '../explore/view-tree';

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

export function toTreeEntry(node: TNode): TreeEntry {
  return {
    name: node.name,
    path: node.path,
    kind: node.kind,
    bytes: node.bytes,
    fileCount: node.files,
    childCount: node.children?.length ?? 0,
    layer: node.layer >= 0 ? node.layer : node.paintLayer,
    status: node.status,
    wasted: node.wasted,
    changedCount: node.changed,
    ...(node.paintCategory ? { category: node.paintCategory } : {}),
    ...(node.linkTarget !== undefined ? { linkTarget: node.linkTarget } : {}),
  };
}

function findNode(tree: { index: Map<string, TNode> }, path: string): TNode {
  const node = tree.index.get(path);
  if (!node) throw new LayerLensError('INVALID_ARGUMENT', `No entry "${path}" in this view of the image.`);
  return node;
}

export class ExploreService {
  readonly sessions: SessionStore;
  private readonly diffs = new Map<string, FileDiffEntry[]>();

  constructor(options: SessionStoreOptions = {}) {
    this.sessions = new SessionStore(options);
  }

  /** Called by the analysis when it has loaded an image. */
  register(image: LoadedImage): void {
    this.sessions.register(image);
  }

  /**
   * An analysis answered from the stored result loads no image: bring it back from the layer cache before
   * the analysis answers, so the page is interactive as soon as the result arrives. Never fails: exploring
   * an image that cannot be restored says so later.
   */
  async prewarm(imageId: string): Promise<void> {
    if (!this.sessions.has(imageId))
      await this.sessions.get(imageId).then(
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
    const root = treemapNode(node, depth, maxNodes, { imageBytes, idPrefix: `${layer}:` });
    return { imageId: session.id, layer, scope: view.scope, path, root, imageBytes, nodeCount: countNodes(root) };
  }

  /** The whole image: one rectangle per layer (every stored byte), its largest entries inside. */
  private imageTreemap(session: ExploreSession, maxNodes: number, depth: number): Treemap {
    const imageBytes = session.facts.imageBytes;
    const layers = session.image.layers.map((_, index) => ({ index, tree: session.layerTree(index) }));
    const total = layers.reduce((sum, layer) => sum + layer.tree.root.bytes, 0) || 1;
    const pool = Math.max(0, maxNodes - layers.length);
    const children: TreemapNode[] = [];
    for (const { index, tree } of layers) {
      if (tree.root.bytes <= 0) continue;
      const budget = depth > 1 ? Math.floor((pool * tree.root.bytes) / total) : 0;
      // Most layers write under one directory (/opt/app/...): show what is inside it.
      let start = tree.root;
      for (;;) {
        const inside = (start.children ?? []).filter((child) => !child.removed && child.bytes > 0);
        if (inside.length !== 1 || inside[0].kind !== 'dir' || !inside[0].children) break;
        start = inside[0];
      }
      const node = treemapNode(start, depth > 1 ? 1 : 0, budget, { imageBytes, idPrefix: `${index}:` });
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
  }

  async listDirectory(imageId: string, options: DirectoryOptions = {}): Promise<DirectoryListing> {
    const session = await this.sessions.get(imageId);
    const { tree } = session.tree(options);
    const path = normalizePath(options.path);
    const node = findNode(tree, path);
    let children = options.sort === 'name' ? childrenByName(node) : (node.children ?? []);
    if (options.hideUnchanged) children = children.filter((child) => child.changed > 0);
    const offset = clampInt(options.offset, 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = clampInt(options.limit, defaultDirectoryLimit, 1, maxDirectoryLimit);
    return { path, entries: children.slice(offset, offset + limit).map(toTreeEntry), total: children.length, offset };
  }

  async searchFiles(imageId: string, options: SearchOptions): Promise<SearchResult> {
    const session = await this.sessions.get(imageId);
    if (typeof options?.query !== 'string') throw new LayerLensError('INVALID_ARGUMENT', 'A search needs a query.');
    const { tree } = session.tree(options);
    const limit = clampInt(options.limit, defaultSearchLimit, 1, maxSearchLimit);
    const matches = pathMatcher(options.query);
    const found: TNode[] = [];
    let totalBytes = 0;
    for (const node of tree.index.values()) {
      if (node.path === '/' || !matches(node.path)) continue;
      if (options.hideUnchanged && node.changed === 0) continue;
      found.push(node);
      if (node.kind !== 'dir' && !node.removed) totalBytes += node.bytes;
    }
    found.sort((a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { matches: found.slice(0, limit).map(toTreeEntry), total: found.length, totalBytes };
  }

  async locateFile(imageId: string, path: string): Promise<FileLocation> {
    const session = await this.sessions.get(imageId);
    const wanted = normalizePath(path);
    const visible = session.facts.final.get(wanted);
    const storedIn: FileLocation['storedIn'] = [];
    session.facts.layerChanges.forEach((changes, layer) => {
      let bytes = -1;
      for (const entry of changes.entries) if (entry.path === wanted) bytes = entry.size;
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
      entries = diffFilesystems(sessionA.facts.final, sessionB.facts.final);
    }
    this.diffs.set(key, entries);
    while (this.diffs.size > diffsKept) this.diffs.delete(this.diffs.keys().next().value as string);
    return entries;
  }
}
