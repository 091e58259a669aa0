import { describe, expect, it } from 'vitest';
import { layerChanges, layerFs, stackLayers, type HideEvent } from './file-tree';
import { buildImage, dir, file, layer, opaque, symlink, whiteout } from './testing/image-builder';

const paths = (fs: ReturnType<typeof stackLayers>) => [...fs.nodes.keys()].sort();

describe('layerChanges', () => {
  it('splits entries, whiteouts and opaque markers and skips the root entry', () => {
    const image = buildImage([layer('x', [dir('/'), dir('/a'), whiteout('/a/b'), opaque('/a'), file('/a/c', 1)])]);
    const changes = layerChanges(image.layers[0], 0);
    expect([...changes.entries.paths()]).toEqual(['/a', '/a/c']);
    expect(changes.whiteouts).toEqual(['/a/b']);
    expect(changes.opaques).toEqual(['/a']);
  });
});

describe('stackLayers', () => {
  it('deletes a directory and its subtree on a whiteout', () => {
    const image = buildImage([
      layer('a', [dir('/a'), dir('/a/b'), file('/a/b/x', 5), dir('/a/b/c'), file('/a/b/c/y', 7), file('/a/keep', 1)]),
      layer('b', [dir('/a'), whiteout('/a/b')]),
    ]);
    const hidden: HideEvent[] = [];
    const fs = stackLayers(image.layers, undefined, (event) => hidden.push(event));
    expect(paths(fs)).toEqual(['/a', '/a/keep']);
    expect(fs.exists('/a/b')).toBe(false);
    expect(fs.childrenOf('/a')).toEqual(['/a/keep']);
    const deleted = hidden.filter((event) => event.reason === 'deleted');
    expect(deleted.map((event) => event.node.path).sort()).toEqual(['/a/b', '/a/b/c', '/a/b/c/y', '/a/b/x']);
    expect(deleted.every((event) => event.by === 1)).toBe(true);
  });

  it('hides lower children of an opaque directory but keeps the layer own entries', () => {
    const image = buildImage([
      layer('a', [dir('/d'), file('/d/old', 3), dir('/d/sub'), file('/d/sub/x', 4)]),
      layer('b', [dir('/d'), opaque('/d'), file('/d/new', 2)]),
    ]);
    const fs = stackLayers(image.layers);
    expect(paths(fs)).toEqual(['/d', '/d/new']);
    expect(fs.get('/d')?.layer).toBe(1);
    expect(fs.subtreeBytes('/d')).toBe(2);
  });

  it('applies a layer whiteouts before its own entries (delete and re-create in one layer)', () => {
    const image = buildImage([layer('a', [file('/f', 3)]), layer('b', [whiteout('/f'), file('/f', 9)])]);
    const fs = stackLayers(image.layers);
    expect(fs.get('/f')?.entry.size).toBe(9);
  });

  it('replaces a file by a directory and a directory by a file', () => {
    const image = buildImage([layer('a', [file('/x', 3), dir('/y'), file('/y/z', 4)]), layer('b', [dir('/x'), file('/x/inner', 1), file('/y', 2)])]);
    const hidden: HideEvent[] = [];
    const fs = stackLayers(image.layers, undefined, (event) => hidden.push(event));
    expect(paths(fs)).toEqual(['/x', '/x/inner', '/y']);
    expect(fs.get('/y')?.entry.type).toBe('file');
    expect(hidden.map((e) => [e.node.path, e.reason]).sort()).toEqual([
      ['/x', 'overwritten'],
      ['/y', 'overwritten'],
      ['/y/z', 'replaced'],
    ]);
  });

  it('creates implied parents and replaces a file that a deeper path needs as a directory', () => {
    const image = buildImage([layer('a', [file('/p', 1)]), layer('b', [file('/p/q/r', 2)])]);
    const fs = stackLayers(image.layers);
    expect(paths(fs)).toEqual(['/p/q/r']);
    expect(fs.exists('/p/q')).toBe(true);
    expect(fs.childrenOf('/')).toEqual(['/p']);
  });

  it('stacks a prefix of the layers and views a single layer', () => {
    const image = buildImage([layer('a', [file('/a', 1), symlink('/l', '/a')]), layer('b', [whiteout('/a'), file('/b', 2)])]);
    expect(paths(stackLayers(image.layers, 0))).toEqual(['/a', '/l']);
    expect(paths(layerFs(image.layers[1], 1))).toEqual(['/b']);
    expect(paths(stackLayers([]))).toEqual([]);
  });

  it('handles 100k entries quickly', () => {
    const entries = [dir('/big')];
    for (let i = 0; i < 100_000; i++) entries.push(file(`/big/d${i % 100}/f${i}`, 1));
    const image = buildImage([layer('a', entries), layer('b', [whiteout('/big')])]);
    const started = performance.now();
    const fs = stackLayers(image.layers, 0);
    expect(fs.nodes.size).toBe(100_001);
    expect(stackLayers(image.layers).nodes.size).toBe(0);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
