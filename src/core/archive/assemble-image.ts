/**
 * The last step of every reader: the image config plus the indexed layers, in the config's order, checked
 * against the config's `rootfs.diff_ids` (a layer that is not what the config says makes the image corrupt).
 */
import { createHash } from 'node:crypto';
import { LayerLensError } from '../../shared/errors';
import { parseJson } from './image-manifest';
import type { Compression, ImageConfigFile, LayerIndex, LoadedImage, LoadedLayer } from './model';

export interface AssembledLayer {
  /** For messages: the layer's path in the archive or its digest. */
  name: string;
  blobDigest?: string;
  compression: Compression;
  index: LayerIndex;
}

export function sha256Digest(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export async function parseImageConfig(data: Buffer, where: string): Promise<ImageConfigFile> {
  const config = parseJson(data, `image config of ${where}`);
  if (!config || typeof config !== 'object' || Array.isArray(config)) {
    throw new LayerLensError('ARCHIVE_CORRUPT', `The image config of ${where} is not a JSON object.`);
  }
  const { checked, imageConfigSchema } = await import('./archive-schema');
  // The checked copy: fields no reader uses (a crafted one could nest a million deep) are left behind.
  return checked(imageConfigSchema, config, `the image config of ${where}: config`) as ImageConfigFile;
}

export function checkLayers(config: ImageConfigFile, layers: AssembledLayer[], where: string): LoadedLayer[] {
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== layers.length) {
    throw new LayerLensError('ARCHIVE_CORRUPT', `${where}: the image config lists ${diffIds.length} layers but the manifest has ${layers.length}.`);
  }
  return layers.map((layer, i) => {
    // An unverified layer (read from a trusted engine) takes its identity from the config.
    if (layer.index.diffId === '') layer.index.diffId = diffIds[i];
    if (layer.index.diffId !== diffIds[i]) {
      throw new LayerLensError(
        'ARCHIVE_CORRUPT',
        `${where}: layer ${i + 1} (${layer.name}) has content ${layer.index.diffId}, but the image config ` +
          `expects ${diffIds[i]}. The archive is corrupt or was altered.`,
      );
    }
    const loaded: LoadedLayer = { diffId: layer.index.diffId, compression: layer.compression, index: layer.index };
    if (layer.blobDigest) loaded.blobDigest = layer.blobDigest;
    return loaded;
  });
}

export async function assembleImage(input: {
  source: string;
  repoTags: string[];
  configBytes: Buffer;
  layers: AssembledLayer[];
  where: string;
}): Promise<LoadedImage> {
  const config = await parseImageConfig(input.configBytes, input.where);
  return {
    source: input.source,
    repoTags: [...new Set(input.repoTags)],
    configDigest: sha256Digest(input.configBytes),
    config,
    layers: checkLayers(config, input.layers, input.where),
  };
}
