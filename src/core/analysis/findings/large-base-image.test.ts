import { describe, expect, it } from 'vitest';
import { baseLayerCount, largeBaseBytes, largeBaseImageFindings } from './large-base-image';
import { contextOf } from './test-context';
import { buildImage, file, layer, type LayerSpec } from '../testing/image-builder';

const at = (spec: LayerSpec, created: string): LayerSpec => ({ ...spec, created });

describe('largeBaseImageFindings', () => {
  it('finds the base at the largest history time gap and flags its toolchain', () => {
    const image = buildImage([
      at(layer('ADD rootfs', [file('/usr/bin/gcc-12', 40_000)]), '2024-01-01T00:00:00Z'),
      at(layer('RUN apt-get install make', [file('/usr/bin/make', 1_000)]), '2024-01-01T00:10:00Z'),
      at(layer('COPY . /app', [file('/app/a', 10)]), '2024-03-01T00:00:00Z'),
    ]);
    const context = contextOf(image);
    expect(baseLayerCount(context)).toBe(2);
    const [finding] = largeBaseImageFindings(context);
    expect(finding).toMatchObject({ category: 'large-base-image', layerIndex: 1, bytes: 41_000, instruction: 'RUN apt-get install make' });
    expect(finding.fix).toContain('-slim');
  });

  it('flags a base over 300 MB, and not a small one', () => {
    const big = buildImage([layer('ADD rootfs', [file('/usr/lib/big', largeBaseBytes + 1)]), layer('COPY', [file('/app/a', 1)])]);
    expect(largeBaseImageFindings(contextOf(big)).map((f) => [f.layerIndex, f.title])).toEqual([[0, 'The base image is large (300 MB)']]);
    const small = buildImage([layer('ADD rootfs', [file('/bin/busybox', 1_000_000)])]);
    expect(largeBaseImageFindings(contextOf(small))).toEqual([]);
    expect(largeBaseImageFindings(contextOf(buildImage([])))).toEqual([]);
  });
});
