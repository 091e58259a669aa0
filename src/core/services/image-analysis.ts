/**
 * `analyzeImage` of the contract: read the image from its source (engine, archive file, OCI layout
 * folder) through the on-disk layer index cache, then analyse it. Progress is reported per phase,
 * throttled, and the AbortSignal reaches the engine's export stream.
 */
import { imageNotFound } from '../engine/engine-errors';
import type Docker from 'dockerode';
import type { AnalysisOptions, AnalysisSource, ImageAnalysis } from '../../shared/analysis';
import type { BaseImageInfo } from '../../shared/contract';
import { cancelledError } from '../../shared/errors';
import { analysisVersion, analyzeImage, type AnalysisObserver } from '../analysis/analyze';
import { applyBase, unknownBase } from '../analysis/base-split';
import { engineRequest } from '../engine/engine-request';
import { validateImageRef } from '../images/image-detail';
import { LayerIndexCache } from '../archive/layer-cache';
import type { LoadedImage } from '../archive/model';
import { readImageArchiveFile } from '../archive/archive-reader';
import { readEngineImage } from '../archive/engine-image-reader';
import { readOciLayoutDir } from '../archive/oci-dir-reader';
import type { Operation } from './operations';
import type { RegistryClientOptions } from '../registry/client';

const progressIntervalMs = 100;

export interface AnalysisDeps {
  /** Runs work against the connected engine (typed errors, failure reporting). */
  withEngine<T>(work: (docker: Docker) => Promise<T>): Promise<T>;
  /** Tells the image's base apart (local images whose layers it starts with, else its labels). */
  findBase?(
    image: { id: string; layers: string[]; layerSizes: number[]; labels?: Record<string, string> },
    signal: AbortSignal,
  ): Promise<BaseImageInfo>;
  cacheDir?: string;
  /** Watches the analysis of a loaded image, to keep it for exploring afterwards (core/explore's session store). */
  observe?: (image: LoadedImage) => AnalysisObserver;
  /** How registries are reached (insecure ones, CA folders, the docker config with credentials). */
  registry?: RegistryClientOptions;
}

/** What reading needs of an operation: its cancel signal and its progress reporter. */
export type ReadWork = Pick<Operation, 'signal' | 'progress'>;

/** Byte progress at most every 100 ms, so a fast stream does not flood IPC or the WebSocket. */
function throttledBytes(work: ReadWork, phase: string) {
  let last = 0;
  return (done: number, total?: number) => {
    const now = Date.now();
    if (now - last < progressIntervalMs && (total === undefined || done < total)) return;
    last = now;
    // The total is the image's size from inspect; tar headers make the export a little larger: never past 100 %.
    work.progress(phase, total === undefined ? done : Math.min(done, total), total);
  };
}

/** Reads an image from any source through the layer cache, reporting bytes under `phase`. */
export function readSource(
  source: AnalysisSource,
  deps: Pick<AnalysisDeps, 'withEngine' | 'registry'>,
  work: ReadWork,
  options: { platform?: string; cache: LayerIndexCache; phase?: string },
): Promise<LoadedImage> {
  const common = { signal: work.signal, onProgress: throttledBytes(work, options.phase ?? 'read'), cache: options.cache };
  switch (source.kind) {
    case 'engine': {
      const exporting = `${options.phase ?? 'read'}`.replace(/read$/, 'export');
      const onWaiting = (seconds: number) => work.progress(exporting, seconds, undefined, `the engine is exporting the image (${seconds} s)`);
      return deps.withEngine((docker) => readEngineImage(docker, source.ref, { ...common, onWaiting }));
    }
    case 'archive':
      return readImageArchiveFile(source.ref, { ...common, platform: options.platform });
    case 'oci-dir':
      return readOciLayoutDir(source.ref, { ...common, platform: options.platform });
    case 'registry':
      // Loaded on first use: a command that reads no registry does not pay for the client.
      return import('../registry/registry-reader').then(({ readRegistryImage }) =>
        readRegistryImage(source.ref, { ...common, platform: options.platform, registry: deps.registry }),
      );
  }
}

/** The engine's ID of an image, from inspect: what a cached analysis is filed under. */
async function engineImageId(deps: AnalysisDeps, ref: string, signal: AbortSignal): Promise<string> {
  const info = await deps
    .withEngine((docker) => engineRequest<{ Id: string }>(docker, { path: `/images/${validateImageRef(ref)}/json`, signal }))
    .catch((error: unknown) => {
      throw imageNotFound(error, ref);
    });
  return info.Id;
}

/** A stored analysis answers for this source: the same image ID means the same layers and config. */
function fromStored(stored: ImageAnalysis, source: AnalysisSource): ImageAnalysis {
  return { ...stored, source, cache: { layersRead: 0, layersFromCache: stored.layers.length } };
}

/** An analysis with the loaded image it came from (absent when a stored analysis answered). */
export interface ReadAnalysis {
  analysis: ImageAnalysis;
  image?: LoadedImage;
}

/**
 * The one read-and-analyse step of the app, the CLI and reports: read the image through the layer cache
 * (an engine image already analysed is answered from the stored analysis unless the image itself is
 * needed), analyse it, tell its base apart. `phase` prefixes the progress phases ("before: read").
 */
export async function readAndAnalyse(
  source: AnalysisSource,
  deps: AnalysisDeps,
  work: ReadWork,
  options: { platform?: string; needImage?: boolean; phase?: string } = {},
): Promise<ReadAnalysis> {
  // One cache object per analysis: its counters then describe this analysis only.
  const cache = new LayerIndexCache({ dir: deps.cacheDir });
  const phase = (name: string) => (options.phase ? `${options.phase} ${name}` : name);
  work.progress(phase('read'), 0);
  const withBase = async (analysis: ImageAnalysis, labels?: Record<string, string> | null) => {
    if (!deps.findBase) return analysis;
    const base = await deps
      .findBase(
        {
          id: analysis.id,
          layers: analysis.layers.map((l) => l.digest),
          layerSizes: analysis.layers.map((l) => l.sizeBytes),
          labels: labels ?? undefined,
        },
        work.signal,
      )
      .catch(() => unknownBase);
    return applyBase(analysis, base);
  };
  if (source.kind === 'engine' && !options.needImage) {
    const stored = await cache.getDerived<ImageAnalysis>(await engineImageId(deps, source.ref, work.signal), analysisVersion);
    if (stored) return { analysis: await withBase(fromStored(stored, source), (await cache.getConfig(stored.id))?.config.config?.Labels) };
  }
  let image: LoadedImage;
  if (source.kind === 'registry') {
    // The manifest names the image ID: an image analysed before (from any source) is not fetched again.
    const { openRegistryImage, readOpenedImage, familiarName } = await import('../registry/registry-reader');
    const registryOptions = {
      signal: work.signal,
      onProgress: throttledBytes(work, phase('read')),
      cache,
      platform: options.platform,
      registry: deps.registry,
    };
    const opened = await openRegistryImage(source.ref, registryOptions);
    const stored = options.needImage ? undefined : await cache.getDerived<ImageAnalysis>(opened.id, analysisVersion);
    if (stored) {
      opened.client.close();
      const name = familiarName(opened.remote.ref);
      const named = { ...fromStored(stored, source), name, repoTags: [name] };
      return { analysis: await withBase(named, (await cache.getConfig(stored.id))?.config.config?.Labels) };
    }
    image = await readOpenedImage(opened, registryOptions);
  } else {
    image = await readSource(source, deps, work, { platform: options.platform, cache, phase: phase('read') });
  }
  if (work.signal.aborted) throw cancelledError();
  work.progress(phase('analyse'), 0, 1);
  const fromCache = Math.min(cache.layersFromCache, image.layers.length);
  const stats = { layersRead: image.layers.length - fromCache, layersFromCache: fromCache };
  const analysis = analyzeImage(image, source, stats, undefined, deps.observe?.(image));
  cache.putLater((c) => c.putDerived(image.configDigest, analysisVersion, analysis));
  work.progress(phase('analyse'), 1, 1);
  return { analysis: await withBase(analysis, image.config.config?.Labels), image };
}

export async function runImageAnalysis(
  source: AnalysisSource,
  options: AnalysisOptions,
  deps: AnalysisDeps,
  operation: Operation,
): Promise<ImageAnalysis> {
  const { analysis } = await readAndAnalyse(source, deps, operation, { platform: options.platform });
  return analysis;
}
