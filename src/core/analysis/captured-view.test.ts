import { describe, expect, it } from 'vitest';
import { visibleCaptures } from './captured-view';
import { stackLayers } from './file-tree';
import { buildImage, file, layer, whiteout } from './testing/image-builder';

describe('visibleCaptures', () => {
  it('keeps the capture of the visible layer only', () => {
    const image = buildImage([
      layer('a', [file('/etc/passwd', 10), file('/app/package-lock.json', 5)], { '/etc/passwd': 'old', '/app/package-lock.json': '{}' }),
      layer('b', [file('/etc/passwd', 12), whiteout('/app/package-lock.json')], { '/etc/passwd': 'new' }),
    ]);
    expect([...visibleCaptures(image, stackLayers(image.layers))]).toEqual([['/etc/passwd', 'new']]);
  });
});
