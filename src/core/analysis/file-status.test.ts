import { describe, expect, it } from 'vitest';
import { entryChange, isMetadataOnlyChange, layerFileStatuses } from './file-status';
import { buildImage, dir, file, hardlink, layer, opaque, symlink, whiteout } from './testing/image-builder';

describe('entryChange', () => {
  const base = file('/f', 10, { hash: 'h1' });
  it.each([
    ['added', undefined, base],
    ['unmodified', base, file('/f', 10, { hash: 'h1' })],
    ['modified', base, file('/f', 10, { hash: 'h2' })],
    ['modified', base, file('/f', 10, { hash: 'h1', mode: 0o755 })],
    ['modified', base, file('/f', 10, { hash: 'h1', uid: 1000 })],
    ['modified', base, file('/f', 10, { hash: 'h1', gid: 1000 })],
    ['modified', base, dir('/f')],
    ['modified', symlink('/l', '/a'), symlink('/l', '/b')],
    ['unmodified', hardlink('/h', '/a'), hardlink('/h', '/a')],
  ] as const)('%s', (expected, lower, upper) => expect(entryChange(lower, upper)).toBe(expected));

  it('tells a chmod-only rewrite from a content change', () => {
    expect(isMetadataOnlyChange(base, file('/f', 10, { hash: 'h1', mode: 0o444 }))).toBe(true);
    expect(isMetadataOnlyChange(base, file('/f', 10, { hash: 'h1' }))).toBe(false);
    expect(isMetadataOnlyChange(base, file('/f', 11, { hash: 'h2', mode: 0o444 }))).toBe(false);
  });
});

describe('layerFileStatuses', () => {
  const image = buildImage([
    layer('base', [
      dir('/etc'),
      file('/etc/a', 5, { hash: 'a' }),
      file('/etc/b', 5, { hash: 'b' }),
      dir('/opt'),
      file('/opt/x', 1),
      dir('/var'),
      dir('/var/d'),
      file('/var/d/y', 2),
    ]),
    layer('change', [
      dir('/etc'),
      file('/etc/a', 5, { hash: 'a', mode: 0o600 }),
      file('/etc/c', 1),
      whiteout('/etc/b'),
      whiteout('/var/d'),
      whiteout('/never-there'),
      dir('/opt'),
      opaque('/opt'),
      file('/opt/z', 1),
    ]),
  ]);

  it('classifies every path the layer touches', () => {
    const statuses = layerFileStatuses(image, 1);
    expect(Object.fromEntries([...statuses].sort())).toEqual({
      '/etc': 'unmodified',
      '/etc/a': 'modified',
      '/etc/b': 'removed',
      '/etc/c': 'added',
      '/opt': 'unmodified',
      '/opt/x': 'removed',
      '/opt/z': 'added',
      '/var/d': 'removed',
    });
  });

  it('reports everything of the first layer as added', () => {
    const statuses = layerFileStatuses(image, 0);
    expect(new Set(statuses.values())).toEqual(new Set(['added']));
    expect(statuses.size).toBe(8);
  });
});
