import { describe, expect, it } from 'vitest';
import type { BaseImageInfo, LayerInfo } from '../../../shared/contract';
import { baseSplit, bytesInLayers, howFound } from './base-split';

const layer = (index: number, sizeBytes: number): LayerInfo => ({ index, digest: `sha256:${index}`, sizeBytes, instruction: '', createdBy: '' });
const layers = [layer(0, 1_000_000_000), layer(1, 250_000_000), layer(2, 50_000_000), layer(3, 10_000_000)];
const base = (over: Partial<BaseImageInfo>): BaseImageInfo => ({ how: 'unknown', layerCount: 0, sizeBytes: 0, smaller: [], ...over });

describe('baseSplit', () => {
  it('splits the layers at the local base image', () => {
    const split = baseSplit({ layers, base: base({ how: 'local-image', name: 'node:18', layerCount: 2, sizeBytes: 1_250_000_000 }) });
    expect(split).toMatchObject({
      split: true,
      baseLayers: 2,
      baseBytes: 1_250_000_000,
      ownLayers: 2,
      ownBytes: 60_000_000,
      totalBytes: 1_310_000_000,
    });
    expect(bytesInLayers(split.baseBytes, split.baseLayers)).toBe('1.25 GB in 2 layers');
    expect(bytesInLayers(split.ownBytes, split.ownLayers)).toBe('60.0 MB in 2 layers');
    expect(howFound(split)).toBe('Found locally: node:18 has the same first 2 layers.');
    expect(howFound({ ...split, baseLayers: 1 })).toBe('Found locally: node:18 has the same first layer.');
  });

  it('does not split a base named by a label, nor an unknown one', () => {
    expect(baseSplit({ layers, base: base({ how: 'label', name: 'node:18' }) })).toMatchObject({
      split: false,
      baseLayers: 0,
      ownBytes: 1_310_000_000,
    });
    const unknown = baseSplit({ layers, base: base({}) });
    expect(unknown.split).toBe(false);
    expect(howFound(unknown)).toContain('No local image shares its first layers');
  });
});
