/**
 * The analysed images kept in memory for exploring: a small LRU keyed by image id holding the loaded image,
 * its facts (one replay) and the view trees built so far. An evicted image comes back from the on-disk
 * layer index cache (its config and layer indexes are cached by digest by every reader).
 */
import { LayerLensError } from '../../shared/errors';
import type { TreeScope, TreeView } from '../../shared/explore';
import type { LoadedImage, LoadedLayer } from '../archive/model';
import { LayerIndexCache } from '../archive/layer-cache';
import { computeImageFacts, type ImageFacts } from './image-facts';
import { aggregatedViewTree, layerViewTree, type ViewTree } from './view-tree';

export const defaultSessionCapacity = 4;
/** Aggregated views of intermediate layers kept per image (each is a stack of the layers below). */
const aggregatedViewsKept = 3;

export class ExploreSession {
  readonly facts: ImageFacts;
  private final?: ViewTree;
  private readonly layerViews = new Map<number, ViewTree>();
  private readonly aggregatedViews = new Map<number, ViewTree>();

  constructor(readonly image: LoadedImage) {
    this.facts = computeImageFacts(image);
  }

  get id(): string {
    return this.image.configDigest;
  }

  get layerCount(): number {
    return this.image.layers.length;
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
    if (layer === undefined) return { tree: this.finalTree(), scope };
    if (scope === 'layer') return { tree: this.layerTree(layer), layer, scope };
    return { tree: this.aggregatedTree(layer), layer, scope };
  }

  /** Builds what an image page asks for first (every layer's tree, for the whole-image treemap). */
  warm(): this {
    for (let layer = 0; layer < this.layerCount; layer++) this.layerTree(layer);
    return this;
  }

  finalTree(): ViewTree {
    this.final ??= aggregatedViewTree(this.facts);
    return this.final;
  }

  layerTree(layer: number): ViewTree {
    let tree = this.layerViews.get(layer);
    if (!tree) {
      tree = layerViewTree(this.facts, layer);
      this.layerViews.set(layer, tree);
    }
    return tree;
  }

  aggregatedTree(layer: number): ViewTree {
    let tree = this.aggregatedViews.get(layer);
    if (tree) {
      this.aggregatedViews.delete(layer);
    } else {
      tree = aggregatedViewTree(this.facts, layer);
    }
    this.aggregatedViews.set(layer, tree);
    while (this.aggregatedViews.size > aggregatedViewsKept) {
      this.aggregatedViews.delete(this.aggregatedViews.keys().next().value as number);
    }
    return tree;
  }
}

export interface SessionStoreOptions {
  capacity?: number;
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
  private readonly restore: (imageId: string) => Promise<LoadedImage | undefined>;

  constructor(options: SessionStoreOptions = {}) {
    this.capacity = Math.max(1, options.capacity ?? defaultSessionCapacity);
    this.restore = options.restore ?? ((id) => restoreFromCache(new LayerIndexCache({ dir: options.cacheDir }), id));
  }

  /** Keeps an analysed image (replacing an older session of the same image). */
  register(image: LoadedImage): ExploreSession {
    const session = new ExploreSession(image).warm();
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

  private evict(): void {
    while (this.sessions.size > this.capacity) {
      this.sessions.delete(this.sessions.keys().next().value as string);
    }
  }
}
