/**
 * An image read in place from a registry, without pulling it: the manifest resolved (platform chosen
 * from an index), the config fetched and checked against its digest, and each layer blob streamed
 * straight into the layer indexer: the sha256 of the compressed bytes must be the descriptor's digest and
 * the sha256 of the uncompressed tar the config's diff ID. Layers whose index is in the layer cache (keyed
 * by diff ID, which the config names before any blob is fetched) are not fetched at all, so a second image
 * on the same base fetches only its own layers. Layers are fetched three at a time, as `docker pull` does.
 */
import type { IncomingMessage } from 'node:http';
import { cancelledError, LayerLensError } from '../../shared/errors';
import { checkLayers, parseImageConfig, sha256Digest, type AssembledLayer } from '../archive/assemble-image';
import { ReadBudget } from '../archive/read-budget';
import { checkBlob, formatPlatform, parsePlatform, platformMatches, type Descriptor } from '../archive/image-manifest';
import type { LayerIndexCache } from '../archive/layer-cache';
import { indexLayer } from '../archive/layer-indexer';
import type { ImageConfigFile, LayerIndex, LoadedImage } from '../archive/model';
import { RegistryClient, type RegistryClientOptions } from './client';
import { familiarName, parseReference, type RegistryReference } from './reference';
import { resolveRemoteImage, type RemoteImage } from './remote-manifest';

export interface ReadRegistryOptions {
  /** "os/arch[/variant]" to choose from an index; default: this machine's. */
  platform?: string;
  signal?: AbortSignal;
  /** Compressed layer bytes fetched so far, of the total of the layers that have to be fetched. */
  onProgress?: (bytesRead: number, totalBytes?: number) => void;
  cache?: LayerIndexCache;
  registry?: RegistryClientOptions;
  /** Layer blobs fetched at once (default 3, as `docker pull`). */
  concurrency?: number;
}

const maxConfigBytes = 32 * 1024 * 1024;
const defaultConcurrency = 3;

const configTypes = new Set(['application/vnd.oci.image.config.v1+json', 'application/vnd.docker.container.image.v1+json']);
const layerType =
  /^application\/vnd\.(?:oci\.image\.layer(?:\.nondistributable)?\.v1\.tar|docker\.image\.rootfs(?:\.foreign)?\.diff\.tar)(?:\.gzip|\+gzip|\+zstd)?$/;

function corrupt(message: string): LayerLensError {
  return new LayerLensError('ARCHIVE_CORRUPT', message);
}

/** What an image is, before its layers: for a stored analysis, the config digest is the image ID. */
export interface OpenedRemoteImage {
  remote: RemoteImage;
  /** The image ID (the config's digest). */
  id: string;
  client: RegistryClient;
}

/** Resolves the manifest only (a few small requests): enough to know the image ID. */
export async function openRegistryImage(text: string, options: ReadRegistryOptions = {}): Promise<OpenedRemoteImage> {
  const ref = parseReference(text);
  if (options.platform) parsePlatform(options.platform);
  const client = new RegistryClient(ref.registry, options.registry);
  try {
    const remote = await resolveRemoteImage(client, ref, { platform: options.platform, signal: options.signal });
    if (remote.config.mediaType && !configTypes.has(remote.config.mediaType)) {
      throw new LayerLensError(
        'INVALID_ARGUMENT',
        `${remote.name} is not a container image: its config is ${remote.config.mediaType} (an OCI artifact).`,
      );
    }
    for (const layer of remote.layers) {
      if (layer.mediaType && !layerType.test(layer.mediaType)) {
        throw new LayerLensError('INVALID_ARGUMENT', `${remote.name} is not a container image: a layer is ${layer.mediaType}.`);
      }
    }
    return { remote, id: remote.config.digest, client };
  } catch (error) {
    client.close();
    throw error;
  }
}

/** The image ID a reference names now (the tag is resolved), without reading its layers. */
export async function registryImageId(text: string, options: ReadRegistryOptions = {}): Promise<string> {
  const opened = await openRegistryImage(text, options);
  opened.client.close();
  return opened.id;
}

/** A blob's bytes, no more than the descriptor says (a registry that sends more is cut off). */
async function* bounded(body: IncomingMessage, size: number, what: string): AsyncGenerator<Buffer> {
  let seen = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    seen += chunk.length;
    if (seen > size) throw corrupt(`${what}: the registry sent more than the ${size} bytes the manifest declares.`);
    yield chunk;
  }
}

async function configOf(
  opened: OpenedRemoteImage,
  cache: LayerIndexCache | undefined,
  signal: AbortSignal | undefined,
): Promise<{ config: ImageConfigFile; digest: string; fetched: boolean }> {
  const { remote, client } = opened;
  const descriptor = remote.config;
  // The cache files configs under the image ID, which is the config's digest: the same bytes, checked before.
  const cached = descriptor.digest.startsWith('sha256:') ? await cache?.getConfig(descriptor.digest) : undefined;
  if (cached) return { config: cached.config, digest: descriptor.digest, fetched: false };
  if ((descriptor.size ?? 0) > maxConfigBytes)
    throw corrupt(`${remote.name}: the image config is ${descriptor.size} bytes, more than LayerLens reads.`);
  const bytes = await client.getBlob(remote.ref.repository, descriptor.digest, maxConfigBytes, `the config of ${remote.name}`, signal);
  checkBlob(bytes, descriptor, remote.name);
  return { config: await parseImageConfig(bytes, remote.name), digest: sha256Digest(bytes), fetched: true };
}

/** A single-platform image asked for with a platform it is not: said, as `docker pull --platform` does. */
function checkPlatform(remote: RemoteImage, config: ImageConfigFile, platform: string | undefined): void {
  if (!platform || remote.indexDigest) return;
  const wanted = parsePlatform(platform);
  const actual = { os: config.os ?? '', architecture: config.architecture ?? '', variant: config.variant };
  if (!platformMatches(actual, wanted)) {
    throw new LayerLensError('INVALID_ARGUMENT', `${remote.name} is an image for ${formatPlatform(actual)} only, not for ${formatPlatform(wanted)}.`);
  }
}

/** Runs `work` for every item, at most `limit` at once; the first failure stops the rest. */
async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(workers);
}

/** Reads an opened image's layers (fetching those the cache lacks) and assembles it. Closes the client. */
export async function readOpenedImage(opened: OpenedRemoteImage, options: ReadRegistryOptions = {}): Promise<LoadedImage> {
  const { remote, client } = opened;
  const { cache } = options;
  // One failing layer stops the others; the caller's cancel stops them all.
  const controller = new AbortController();
  const stop = () => controller.abort();
  options.signal?.addEventListener('abort', stop, { once: true });
  const signal = controller.signal;
  try {
    if (options.signal?.aborted) throw cancelledError();
    const { config, digest: configDigest, fetched } = await configOf(opened, cache, signal);
    checkPlatform(remote, config, options.platform);
    const diffIds = config.rootfs?.diff_ids ?? [];
    if (diffIds.length !== remote.layers.length) {
      throw corrupt(`${remote.name}: the image config lists ${diffIds.length} layers but the manifest has ${remote.layers.length}.`);
    }
    const budget = new ReadBudget();
    const layers: (AssembledLayer | undefined)[] = remote.layers.map(() => undefined);
    const cachedIndexes = await Promise.all(diffIds.map((diffId) => cache?.get(diffId, signal)));
    cachedIndexes.forEach((index: LayerIndex | undefined, i) => {
      if (index) layers[i] = { name: remote.layers[i].digest, blobDigest: remote.layers[i].digest, compression: 'none', index: budget.admit(index) };
    });
    const toFetch = remote.layers.map((descriptor, i) => ({ descriptor, i })).filter(({ i }) => !layers[i]);
    const totalBytes = toFetch.reduce((sum, { descriptor }) => sum + (descriptor.size ?? 0), 0);
    let bytesRead = 0;
    options.onProgress?.(0, totalBytes);
    const fresh: LayerIndex[] = [];
    await eachLimited(toFetch, options.concurrency ?? defaultConcurrency, async ({ descriptor, i }) => {
      const layer = await fetchLayer(opened, descriptor, i, {
        signal,
        budget,
        onBytes: (n) => {
          bytesRead += n;
          options.onProgress?.(bytesRead, totalBytes);
        },
      }).catch((error: unknown) => {
        controller.abort();
        throw error;
      });
      layers[i] = layer.layer;
      if (layer.cacheable) fresh.push(layer.layer.index);
    });
    if (options.signal?.aborted) throw cancelledError();
    const image: LoadedImage = {
      source: `registry image ${remote.name}`,
      repoTags: [familiarName(remote.ref)],
      configDigest,
      config,
      layers: checkLayers(config, layers as AssembledLayer[], remote.name),
    };
    cache?.putLater(async (c) => {
      for (const index of fresh) await c.put(index);
      if (fetched || fresh.length > 0) await c.putConfig(image.configDigest, { config: image.config, repoTags: image.repoTags });
    });
    return image;
  } catch (error) {
    if (options.signal?.aborted) throw cancelledError();
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', stop);
    client.close();
  }
}

/** One layer blob streamed into the indexer; its compressed digest and size checked against the descriptor. */
async function fetchLayer(
  opened: OpenedRemoteImage,
  descriptor: Descriptor,
  i: number,
  context: { signal: AbortSignal; budget: ReadBudget; onBytes: (n: number) => void },
): Promise<{ layer: AssembledLayer; cacheable: boolean }> {
  const { remote, client } = opened;
  const what = `layer ${i + 1} (${descriptor.digest}) of ${remote.name}`;
  if (!descriptor.digest.startsWith('sha256:')) throw corrupt(`${what}: LayerLens checks sha256 blob digests only.`);
  const body = await client.openBlob(remote.ref.repository, descriptor.digest, what, context.signal);
  const size = descriptor.size ?? Number.MAX_SAFE_INTEGER;
  const source = bounded(body, size, what);
  // A connection that breaks mid-blob is the network's fault, not a corrupt layer: said as such.
  let broken: Error | undefined;
  body.once('error', (error) => (broken ??= error));
  body.once('aborted', () => (broken ??= new Error('the connection closed mid-blob')));
  try {
    const indexed = await indexLayer(source, { name: what, signal: context.signal, onBytes: context.onBytes, imageReadBudget: context.budget });
    if (descriptor.size !== undefined && indexed.blobSize !== descriptor.size) {
      throw corrupt(`${what}: the registry sent ${indexed.blobSize} of its ${descriptor.size} bytes.`);
    }
    if (indexed.blobDigest !== descriptor.digest) {
      throw corrupt(`${what}: the registry sent a blob whose digest is ${indexed.blobDigest}, not ${descriptor.digest}.`);
    }
    return {
      layer: { name: descriptor.digest, blobDigest: indexed.blobDigest, compression: indexed.compression, index: indexed.index },
      cacheable: !indexed.cutByImageBudget,
    };
  } catch (error) {
    if (broken && !context.signal.aborted) {
      throw new LayerLensError(
        'SERVER_UNREACHABLE',
        `The connection to the registry ${remote.ref.registry} broke while fetching ${what}. Try again.`,
        broken.message,
      );
    }
    throw error;
  } finally {
    body.destroy();
  }
}

/** Reads an image from a registry: `REGISTRY/REPO:TAG` or `…@sha256:…` (a `registry://` prefix is allowed). */
export async function readRegistryImage(text: string, options: ReadRegistryOptions = {}): Promise<LoadedImage> {
  return readOpenedImage(await openRegistryImage(text, options), options);
}

export { familiarName, type RegistryReference };
