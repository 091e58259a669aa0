/**
 * Reads an OCI image layout directory (`oci-layout`, `index.json`, `blobs/<alg>/<hex>`), as written by
 * `skopeo copy … oci:<dir>` or `buildah push … oci:<dir>`. JSON comes from disk; layers are indexed from
 * their blob files, except those whose index is cached (the config names each layer's diff ID up front).
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { cancelledError, LayerLensError } from '../../shared/errors';
import { checkLayers, parseImageConfig, sha256Digest, type AssembledLayer } from './assemble-image';
import { boundedStream, openRegularFile, readSmallFile, type OpenedFile } from './blob-file';
import { pump } from './byte-sink';
import { checkBlob, parseJson, parsePlatform, resolveOciIndex, type Descriptor } from './image-manifest';
import type { LayerIndexCache } from './layer-cache';
import { indexLayer } from './layer-indexer';
import type { LoadedImage } from './model';
import { ReadBudget } from './read-budget';

export interface ReadOciLayoutOptions {
  platform?: string;
  signal?: AbortSignal;
  /** Layer bytes read so far, and the total of the layers that have to be read. */
  onProgress?: (bytesRead: number, totalBytes?: number) => void;
  cache?: LayerIndexCache;
  source?: string;
  /** What the image's layers may hold in all (default: a fresh `ReadBudget`). */
  budget?: ReadBudget;
}

const maxJsonBytes = 32 * 1024 * 1024;
const digestPattern = /^(sha256|sha512):([0-9a-f]{64}|[0-9a-f]{128})$/;

function corrupt(message: string): LayerLensError {
  return new LayerLensError('ARCHIVE_CORRUPT', message);
}

export async function readOciLayoutDir(dir: string, options: ReadOciLayoutOptions = {}): Promise<LoadedImage> {
  const { signal, cache } = options;
  const where = options.source ?? `OCI layout ${dir}`;
  const budget = options.budget ?? new ReadBudget();
  if (signal?.aborted) throw cancelledError();
  if (options.platform) parsePlatform(options.platform);

  const readJson = (file: string, what: string): Promise<Buffer | undefined> => readSmallFile(file, `${where}: ${what}`, maxJsonBytes);
  const blobFile = (digest: string): string => {
    const match = digestPattern.exec(digest);
    if (!match) throw corrupt(`${where}: "${digest}" is not a digest.`);
    return path.join(dir, 'blobs', match[1], match[2]);
  };

  const layoutFile = await readJson(path.join(dir, 'oci-layout'), 'oci-layout');
  if (!layoutFile) {
    const found = await fs.stat(dir).then(
      (s) => (s.isDirectory() ? 'folder' : 'file'),
      () => 'nothing',
    );
    if (found === 'nothing') throw new LayerLensError('INVALID_ARGUMENT', `There is no folder ${dir}.`);
    if (found === 'file') throw new LayerLensError('INVALID_ARGUMENT', `${dir} is a file, not a folder.`);
    throw corrupt(`${where} is not an OCI image layout: it has no oci-layout file.`);
  }
  const indexBytes = await readJson(path.join(dir, 'index.json'), 'index.json');
  if (!indexBytes) throw corrupt(`${where} has no index.json.`);

  const resolved = await resolveOciIndex(parseJson(indexBytes, `index.json of ${where}`), (digest) => readJson(blobFile(digest), `blob ${digest}`), {
    platform: options.platform,
    where,
    signal,
  });
  const configBytes = await readJson(blobFile(resolved.configDigest), `image config ${resolved.configDigest}`);
  if (!configBytes) throw corrupt(`${where}: the image config ${resolved.configDigest} is missing.`);
  checkBlob(configBytes, resolved.config, where);
  const config = await parseImageConfig(configBytes, where);
  const diffIds = config.rootfs?.diff_ids ?? [];

  // Cached layers first, so that progress can total what is left to read. A folder is untrusted input: a
  // cached index stands for a blob only when the blob is that very tar (named by its diff ID and hashing to
  // it, so uncompressed whatever its media type says: skopeo labels the plain tars it keeps as tar+gzip); a
  // compressed blob is always read, since only decompressing it proves its diff ID.
  const cached = await Promise.all(
    resolved.layers.map(async (descriptor, i) => {
      const diffId = diffIds[i];
      if (!cache || !diffId || descriptor.digest !== diffId) return undefined;
      const index = await cache.get(diffId, signal);
      return index && (await fileDigest(blobFile(descriptor.digest), signal)) === diffId ? budget.admit(index) : undefined;
    }),
  );
  const toRead = resolved.layers.filter((_d, i) => !cached[i]);
  const totalBytes = toRead.reduce((sum, d) => sum + (d.size ?? 0), 0);
  let bytesRead = 0;

  const layers: AssembledLayer[] = [];
  const fresh: AssembledLayer[] = [];
  for (const [i, descriptor] of resolved.layers.entries()) {
    const hit = cached[i];
    if (hit) {
      layers.push({ name: descriptor.digest, blobDigest: descriptor.digest, compression: 'none', index: hit });
      continue;
    }
    const { layer, cacheable } = await indexBlob(descriptor, blobFile(descriptor.digest), {
      where,
      signal,
      budget,
      onBytes: (n) => {
        bytesRead += n;
        options.onProgress?.(bytesRead, totalBytes);
      },
    });
    layers.push(layer);
    if (cacheable) fresh.push(layer);
  }

  const image: LoadedImage = {
    source: options.source ?? `OCI layout ${dir}`,
    repoTags: resolved.repoTags,
    configDigest: sha256Digest(configBytes),
    config,
    layers: checkLayers(config, layers, where),
  };
  cache?.putLater(async (c) => {
    for (const layer of fresh) await c.put(layer.index);
    await c.putConfig(image.configDigest, { config: image.config, repoTags: image.repoTags });
  });
  return image;
}

/** The sha256 of a regular file; undefined when it cannot be read (the layer is then read and judged). */
async function fileDigest(file: string, signal: AbortSignal | undefined): Promise<string | undefined> {
  const hash = createHash('sha256');
  let opened: OpenedFile | undefined;
  try {
    opened = await openRegularFile(file, file);
    if (!opened) return undefined;
    await pump(boundedStream(opened, opened.size), { write: (bytes) => void hash.update(bytes), end: () => undefined }, signal);
  } catch {
    if (signal?.aborted) throw cancelledError();
    return undefined;
  } finally {
    await opened?.handle.close();
  }
  return `sha256:${hash.digest('hex')}`;
}

/** Indexes a layer blob: a regular file of exactly the size its descriptor declares, with its digest. */
async function indexBlob(
  descriptor: Descriptor,
  file: string,
  context: { where: string; signal?: AbortSignal; budget: ReadBudget; onBytes: (n: number) => void },
): Promise<{ layer: AssembledLayer; cacheable: boolean }> {
  const { where } = context;
  const what = `${where}: the layer blob ${descriptor.digest}`;
  const opened = await openRegularFile(file, what);
  if (!opened) throw corrupt(`${what} is missing.`);
  const size = descriptor.size ?? opened.size;
  const stream = boundedStream(opened, size);
  try {
    if (opened.size !== size) throw corrupt(`${what} is ${opened.size} bytes, but the manifest says ${size}.`);
    const indexed = await indexLayer(stream, {
      name: `layer ${descriptor.digest} of ${where}`,
      signal: context.signal,
      onBytes: context.onBytes,
      imageReadBudget: context.budget,
    });
    if (indexed.blobSize !== size) throw corrupt(`${what} ended after ${indexed.blobSize} of its ${size} bytes.`);
    if (indexed.blobDigest !== descriptor.digest) {
      throw corrupt(`${where}: the blob ${descriptor.digest} has the digest ${indexed.blobDigest}; the layout is corrupt.`);
    }
    const layer = { name: descriptor.digest, blobDigest: indexed.blobDigest, compression: indexed.compression, index: indexed.index };
    return { layer, cacheable: !indexed.cutByImageBudget };
  } finally {
    stream.destroy();
    await opened.handle.close();
  }
}
