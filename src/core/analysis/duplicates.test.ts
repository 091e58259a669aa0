import { describe, expect, it } from 'vitest';
import { findDuplicates } from './duplicates';
import { stackLayers } from './file-tree';
import { buildImage, file, hardlink, layer, whiteout } from './testing/image-builder';

describe('findDuplicates', () => {
  it('groups final files by content and sorts by waste', () => {
    const image = buildImage([
      layer('a', [
        file('/a/1', 100, { hash: 'big' }),
        file('/b/1', 100, { hash: 'big' }),
        file('/c/1', 100, { hash: 'big' }),
        file('/x', 300, { hash: 'mid' }),
        file('/y', 300, { hash: 'mid' }),
        file('/empty1', 0, { hash: 'e' }),
        file('/empty2', 0, { hash: 'e' }),
        hardlink('/h', '/x'),
        file('/gone', 300, { hash: 'mid' }),
      ]),
      layer('b', [whiteout('/gone')]),
    ]);
    const result = findDuplicates(stackLayers(image.layers));
    expect(result.groups).toEqual([
      { hash: 'mid', sizeBytes: 300, paths: ['/x', '/y'], wastedBytes: 300 },
      { hash: 'big', sizeBytes: 100, paths: ['/a/1', '/b/1', '/c/1'], wastedBytes: 200 },
    ]);
    expect(result.wastedBytes).toBe(500);
  });

  it('finds nothing in an empty image', () => {
    expect(findDuplicates(stackLayers([]))).toEqual({ wastedBytes: 0, groups: [] });
  });
});
