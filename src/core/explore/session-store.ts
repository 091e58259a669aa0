/**
 * The analysed images kept in memory for exploring: a small LRU keyed by image id holding the loaded image,
 * its facts (one replay) and the view trees built so far. An evicted image comes back from the on-disk
 * layer index cache (its config and layer indexes are cached by digest by every reader).
 */
import { LayerLensError } from '../../shared/errors';
import type { Treemap, TreeScope, TreeView } from '../../shared/explore';
import type { LoadedImage, LoadedLayer } from '../archive/model';
import { LayerIndexCache } from '../archive/layer-cache';
import { stackLayers, type MergedFs } from '../analysis/file-tree';
import { computeImageFacts, type ImageFacts } from './image-facts';
import { aggregatedViewTree, layerViewTree } from './view-tree-builder';
import { rootId, type ViewTree } from './view-tree';
import { collectGarbage } from '../memory/collect-garbage';

export const defaultSessionCapacity = 4;
/**
 * Nodes of view trees kept per image, the final view included (it is always kept): other views are
 * dropped least recently used first, and built again when asked for (the last one built always stays).
 */
export const viewNodeBudget = 1_200_000;
/** A view this big (~8 MB, a quarter second to build) is worth a full collection (tens of ms) first. */
const collectBeforeNodes = 250_000;
/** Whole-image treemaps kept per image, by their options (a page asks with the same ones). */
const imageTreemapsKept = 4;
/** Entries of the images kept in memory, all sessions together (the images' own tables, ~90 bytes each). */
export const sessionEntryBudget = 2_000_000;

export class ExploreSession {
  readonly facts: ImageFacts;
  /** The final filesystem as a view: also what a path's visible entry and the file diff read. */
  readonly final: ViewTree;
  /** Other built views by key ('layer:N', 'stack:N'), least recently used first. */
  private readonly views = new Map<string, ViewTree>();
  private readonly layerTotals = new Map<number, number>();
  private readonly imageTreemaps = new Map<string, Treemap>();

  /**
   * `gathered`: the facts and final filesystem of the image's analysis, when it ran in this process;
   * `nodeBudget`: see `viewNodeBudget`.
   */
  constructor(
    readonly image: LoadedImage,
    gathered: { facts: ImageFacts; final: MergedFs } = computeImageFacts(image),
    private readonly nodeBudget = viewNodeBudget,
  ) {
    const { facts, final } = gathered;
    this.facts = facts;
    this.final = aggregatedViewTree(facts, final, final.nodes.size);
  }

  get id(): string {
    return this.image.configDigest;
  }

  get layerCount(): number {
    return this.image.layers.length;
  }

  /** Entries in the image's layer tables. */
  get entryCount(): number {
    return this.image.layers.reduce((sum, layer) => sum + layer.index.entries.length, 0);
  }

  /** The view's layer, checked; undefined for the whole image. */
  checkLayer(layer: unknown): number | undefined {
    if (layer === undefined || layer === null) return undefined;
    if (typeof layer !== 'number' || !Number.isInteger(layer) || layer < 0 || layer >= this.layerCount) {
      throw new LayerLensError('INVALID_ARGUMENT', `No layer ${String(layer)}: the image has ${this.layerCount} layers (0..${this.layerCount - 1}).`);
    }
    return layer;
  }

  /** The tree of a view: the final filesystem without a layer, else the layer's own tar or the stack up to it. */
  tree(view: TreeView = {}): { tree: ViewTree; layer?: number; scope: TreeScope } {
    const layer = this.checkLayer(view.layer);
    const scope: TreeScope = view.scope === 'layer' ? 'layer' : 'aggregated';
    if (layer === undefined) return { tree: this.final, scope };
    if (scope === 'layer') return { tree: this.layerTree(layer), layer, scope };
    return { tree: this.aggregatedTree(layer), layer, scope };
  }

  layerTree(layer: number): ViewTree {
    const tree = this.view(`layer:${layer}`, this.facts.layerChanges[layer].entries.length, () => layerViewTree(this.facts, layer));
    this.layerTotals.set(layer, tree.bytes(rootId));
    return tree;
  }

  /** The bytes of a layer's own tree (it is built once to know them). */
  layerBytes(layer: number): number {
    return this.layerTotals.get(layer) ?? this.layerTree(layer).bytes(rootId);
  }

  /**
   * The stack up to `layer`: for the top layer, the final view seen as that layer's doing (shared, when the
   * layer deletes nothing) or built from its entries; below it, the layers replayed again.
   */
  aggregatedTree(layer: number): ViewTree {
    const top = layer >= this.layerCount - 1;
    if (top && this.facts.removed[layer].length === 0) return this.view(`stack:${layer}`, 0, () => this.final.onlyLayer(layer));
    // Below the top, the stack may hold far more than the final view (a later layer deletes much): its
    // layers' entries bound it.
    const expected = top ? this.final.count : this.facts.layerChanges.slice(0, layer + 1).reduce((sum, changes) => sum + changes.entries.length, 0);
    return this.view(`stack:${layer}`, expected, () =>
      aggregatedViewTree(this.facts, top ? this.final : stackLayers(this.image.layers, layer), expected, layer),
    );
  }

  /** The keys of the views kept besides the final one, least recently used first. */
  keptViews(): string[] {
    return [...this.views.keys()];
  }

  /** The whole-image treemap for `key` (its options), made once; the last few kept. */
  imageTreemap(key: string, make: () => Treemap): Treemap {
    let treemap = this.imageTreemaps.get(key);
    if (treemap) this.imageTreemaps.delete(key);
    else treemap = make();
    this.imageTreemaps.set(key, treemap);
    if (this.imageTreemaps.size > imageTreemapsKept) this.imageTreemaps.delete(this.imageTreemaps.keys().next().value as string);
    return treemap;
  }

  /** A view from the cache, or built once room is made for about `expected` nodes. */
  private view(key: string, expected: number, build: () => ViewTree): ViewTree {
    let tree = this.views.get(key);
    if (tree) {
      this.views.delete(key);
    } else {
      this.evictViews(this.nodeBudget - expected);
      // What was dropped (views just evicted, an analysis's replay) goes before a big build adds as much.
      if (expected >= collectBeforeNodes) collectGarbage();
      tree = build();
    }
    this.views.set(key, tree);
    this.evictViews(this.nodeBudget, 1);
    return tree;
  }

  /** Drops the least recently used views until at most `budget` nodes are kept (and at least `keep` views). */
  private evictViews(budget: number, keep = 0): void {
    let kept = this.final.weight;
    for (const tree of this.views.values()) kept += tree.weight;
    for (const [key, tree] of this.views) {
      if (kept <= budget || this.views.size <= keep) return;
      this.views.delete(key);
      kept -= tree.weight;
    }
  }
}

export interface SessionStoreOptions {
  capacity?: number;
  /** Nodes of view trees kept per image (default `viewNodeBudget`). */
  viewNodes?: number;
  /** Entries of the images kept, all sessions together (default `sessionEntryBudget`). */
  entries?: number;
  /** Layer index cache folder (default: the cache's own default). */
  cacheDir?: string;
  /** How an evicted or unknown image is loaded again; default: from the layer index cache. */
  restore?: (imageId: string) => Promise<LoadedImage | undefined>;
}

export async function restoreFromCache(cache: LayerIndexCache, imageId: string): Promise<LoadedImage | undefined> {
  const cached = await cache.getConfig(imageId);
  const diffIds = cached?.config.rootfs?.diff_ids;
  if (!cached || !diffIds) return undefined;
  const layers: LoadedLayer[] = [];
  for (const diffId of diffIds) {
    const index = await cache.get(diffId);
    if (!index) return undefined;
    layers.push({ diffId, compression: 'none', index });
  }
  return { source: `cached image ${imageId}`, repoTags: cached.repoTags, configDigest: imageId, config: cached.config, layers };
}

export class SessionStore {
  private readonly sessions = new Map<string, ExploreSession>();
  private readonly pending = new Map<string, Promise<ExploreSession>>();
  private readonly capacity: number;
  private readonly viewNodes: number;
  private readonly entryBudget: number;
  private readonly restore: (imageId: string) => Promise<LoadedImage | undefined>;

  constructor(options: SessionStoreOptions = {}) {
    this.capacity = Math.max(1, options.capacity ?? defaultSessionCapacity);
    this.viewNodes = options.viewNodes ?? viewNodeBudget;
    this.entryBudget = options.entries ?? sessionEntryBudget;
    this.restore = options.restore ?? ((id) => restoreFromCache(new LayerIndexCache({ dir: options.cacheDir }), id));
  }

  /** Keeps an analysed image (replacing an older session of the same image), with its facts when known. */
  register(image: LoadedImage, gathered?: { facts: ImageFacts; final: MergedFs }): ExploreSession {
    const session = new ExploreSession(image, gathered ?? computeImageFacts(image), this.viewNodes);
    this.sessions.delete(session.id);
    this.sessions.set(session.id, session);
    this.evict();
    return session;
  }

  has(imageId: string): boolean {
    return this.sessions.has(imageId);
  }

  get size(): number {
    return this.sessions.size;
  }

  async get(imageId: unknown): Promise<ExploreSession> {
    if (typeof imageId !== 'string' || imageId.trim() === '') {
      throw new LayerLensError('INVALID_ARGUMENT', 'An image id is needed (ImageAnalysis.id).');
    }
    const known = this.sessions.get(imageId);
    if (known) {
      this.sessions.delete(imageId);
      this.sessions.set(imageId, known);
      return known;
    }
    let loading = this.pending.get(imageId);
    if (!loading) {
      loading = this.load(imageId).finally(() => this.pending.delete(imageId));
      this.pending.set(imageId, loading);
    }
    return loading;
  }

  private async load(imageId: string): Promise<ExploreSession> {
    const image = await this.restore(imageId);
    if (!image) {
      throw new LayerLensError('IMAGE_NOT_FOUND', `Image ${imageId} has not been analysed yet (or its cached layers are gone): analyse it first.`);
    }
    return this.register(image);
  }

  /** Keeps at most `capacity` images and, beyond the newest, no more than the entry budget in all. */
  private evict(): void {
    let entries = 0;
    for (const session of this.sessions.values()) entries += session.entryCount;
    for (const [id, session] of this.sessions) {
      if (this.sessions.size <= 1 || (this.sessions.size <= this.capacity && entries <= this.entryBudget)) return;
      this.sessions.delete(id);
      entries -= session.entryCount;
    }
  }
}
