/** Image archive readers: the public surface of core/archive. */
export { readImageArchive, readImageArchiveFile, type ReadImageArchiveOptions } from './archive-reader';
export { createDecompressor, decompressingSink, sniffCompression } from './compression';
export { readEngineImage, type ReadEngineImageOptions } from './engine-image-reader';
export { defaultPlatform, formatPlatform, parsePlatform, type Platform } from './image-manifest';
export {
  defaultCacheDir,
  defaultCacheMaxBytes,
  LayerIndexCache,
  type CachedImageConfig,
  type LayerIndexCacheOptions,
} from './layer-cache';
export { indexLayer, type IndexedLayer, type IndexLayerOptions } from './layer-indexer';
export type * from './model';
export { readOciLayoutDir, type ReadOciLayoutOptions } from './oci-dir-reader';
