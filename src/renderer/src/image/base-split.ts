/**
 * The image against the image it was built on, from inspect alone (so it shows at once): the base's layers
 * and bytes, the build's, and how LayerLens knows the base. Sizes are the engine's layer sizes, the same
 * figures as the header and the layer list.
 */
import type { BaseImageInfo, ImageDetail } from '../../../shared/contract';
import { formatBytes } from '../../../shared/format';
import { plural } from '../lib/plural';

export interface BaseSplit {
  how: BaseImageInfo['how'];
  /** "node:18"; undefined when unknown. */
  baseName?: string;
  /** How many of the first layers are the base's; 0 when they cannot be told apart. */
  baseLayers: number;
  baseBytes: number;
  ownLayers: number;
  ownBytes: number;
  totalBytes: number;
  /** True when the layers can be told apart: "your build" is then a filter. */
  split: boolean;
  smaller: BaseImageInfo['smaller'];
}

export function baseSplit(detail: Pick<ImageDetail, 'base' | 'layers'>): BaseSplit {
  const { base, layers } = detail;
  const split = base.how === 'local-image' && base.layerCount > 0 && base.layerCount < layers.length;
  const baseLayers = split ? base.layerCount : 0;
  const sum = (from: number, to: number) => layers.slice(from, to).reduce((total, layer) => total + layer.sizeBytes, 0);
  const totalBytes = sum(0, layers.length);
  return {
    how: base.how,
    baseName: base.name,
    baseLayers,
    baseBytes: sum(0, baseLayers),
    ownLayers: layers.length - baseLayers,
    ownBytes: sum(baseLayers, layers.length),
    totalBytes,
    split,
    smaller: base.smaller,
  };
}

/** "1.25 GB in 5 layers". */
export function bytesInLayers(bytes: number, layers: number): string {
  return `${formatBytes(bytes)} in ${plural(layers, 'layer')}`;
}

/** How the base was found, in a sentence. */
export function howFound(split: BaseSplit): string {
  switch (split.how) {
    case 'local-image':
      return split.split
        ? `Found locally: ${split.baseName} has the same first ${split.baseLayers === 1 ? 'layer' : `${split.baseLayers} layers`}.`
        : `${split.baseName} has the same layers.`;
    case 'label':
      return `Named by the image’s label; no local image has its layers, so the base’s layers cannot be told apart from your build’s.`;
    case 'unknown':
      return 'No local image shares its first layers and no label names one: pull the base image to see your build apart from it.';
  }
}
