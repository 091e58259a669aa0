/**
 * Reads an OCI image layout directory (`oci-layout`, `index.json`, `blobs/<alg>/<hex>`), as written by
 * `skopeo copy … oci:<dir>` or `buildah push … oci:<dir>`. JSON comes from disk; layers are indexed from
 * their blob files, except those whose index is cached (the config names each layer's diff ID up front).
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { LayerLensError } from '../../shared/errors';
import { checkLayers, parseImageConfig, sha256Digest, type AssembledLayer } from './assemble-image';
import { fileChunkBytes } from './byte-sink';
import { parseJson, parsePlatform, resolveOciIndex, type Descriptor } from './image-manifest';
import type { LayerIndexCache } from './layer-cache';
import { cancelledError, indexLayer } from './layer-indexer';
import type { LoadedImage } from './model';

export interface ReadOciLayoutOptions {
  platform?: string;
  signal?: AbortSignal;
  /** Layer bytes read so far, and the total of the layers that have to be read. */
  onProgress?: (bytesRead: number, totalBytes?: number) => void;
  cache?: LayerIndexCache;
  source?: string;
}

const maxJsonBytes = 32 * 1024 * 1024;
const digestPattern = /^(sha256|sha512):([0-9a-f]{64}|[0-9a-f]{128})$/;

export async function readOciLayoutDir(dir: string, options: ReadOciLayoutOptions = {}): Promise<LoadedImage> {
  const { signal, cache } = options;
  const where = options.source ?? `OCI layout ${dir}`;
  if (signal?.aborted) throw cancelledError();
  if (options.platform) parsePlatform(options.platform);

  const readSmall = async (file: string): Promise<Buffer | undefined> => {
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile() || stat.size > maxJsonBytes) return undefined;
      return await fs.readFile(file);
    } catch {
      return undefined;
    }
  };
  const blobFile = (digest: string): string => {
    const match = digestPattern.exec(digest);
    if (!match) throw new LayerLensError('ARCHIVE_CORRUPT', `${where}: "${digest}" is not a digest.`);
    return path.join(dir, 'blobs', match[1], match[2]);
  };

  const layoutFile = await readSmall(path.join(dir, 'oci-layout'));
  if (!layoutFile) {
    const exists = await fs.stat(dir).then((s) => s.isDirectory(), () => false);
    if (!exists) throw new LayerLensError('INVALID_ARGUMENT', `${dir} is not a folder.`);
    throw new LayerLensError('ARCHIVE_CORRUPT', `${where} is not an OCI image layout: it has no oci-layout file.`);
  }
  const indexBytes = await readSmall(path.join(dir, 'index.json'));
  if (!indexBytes) throw new LayerLensError('ARCHIVE_CORRUPT', `${where} has no index.json.`);

  const resolved = await resolveOciIndex(parseJson(indexBytes, `index.json of ${where}`), (digest) => readSmall(blobFile(digest)), {
    platform: options.platform,
    where,
  });
  const configBytes = await readSmall(blobFile(resolved.configDigest));
  if (!configBytes) {
    throw new LayerLensError('ARCHIVE_CORRUPT', `${where}: the image config ${resolved.configDigest} is missing.`);
  }
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
      const index = await cache.get(diffId);
      return index && (await fileDigest(blobFile(descriptor.digest))) === diffId ? index : undefined;
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
    const layer = await indexBlob(descriptor, blobFile(descriptor.digest), where, signal, (n) => {
      bytesRead += n;
      options.onProgress?.(bytesRead, totalBytes);
    });
    layers.push(layer);
    fresh.push(layer);
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

async function fileDigest(file: string): Promise<string | undefined> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: fileChunkBytes })) hash.update(chunk as Buffer);
  } catch {
    return undefined;
  }
  return `sha256:${hash.digest('hex')}`;
}

async function indexBlob(
  descriptor: Descriptor,
  file: string,
  where: string,
  signal: AbortSignal | undefined,
  onBytes: (n: number) => void,
): Promise<AssembledLayer> {
  try {
    await fs.access(file);
  } catch {
    throw new LayerLensError('ARCHIVE_CORRUPT', `${where}: the layer blob ${descriptor.digest} is missing.`);
  }
  const stream = createReadStream(file, { highWaterMark: fileChunkBytes });
  try {
    const indexed = await indexLayer(stream, { name: `layer ${descriptor.digest} of ${where}`, signal, onBytes });
    if (indexed.blobDigest !== descriptor.digest) {
      throw new LayerLensError(
        'ARCHIVE_CORRUPT',
        `${where}: the blob ${descriptor.digest} has the digest ${indexed.blobDigest}; the layout is corrupt.`,
      );
    }
    return { name: descriptor.digest, blobDigest: indexed.blobDigest, compression: indexed.compression, index: indexed.index };
  } finally {
    stream.destroy();
  }
}
