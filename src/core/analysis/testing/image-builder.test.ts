import { describe, expect, it } from 'vitest';
import { buildImage, dir, file, layer, whiteout } from './image-builder';

describe('buildImage', () => {
  it('sizes layers as Σ entry sizes and writes history with empty steps', () => {
    const image = buildImage([layer('ADD a /', [dir('/a'), file('/a/x', 10), file('/a/y', 5)]), layer('RUN rm /a/x', [whiteout('/a/x')])], {
      emptySteps: [{ after: 0, createdBy: '/bin/sh -c #(nop)  ENV A=1' }],
    });
    expect(image.layers.map((l) => l.index.sizeBytes)).toEqual([15, 0]);
    expect(image.config.history?.map((h) => h.empty_layer ?? false)).toEqual([false, true, false]);
  });
});
