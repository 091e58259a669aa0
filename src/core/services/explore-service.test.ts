import { describe, expect, it } from 'vitest';
import type { TreemapNode } from '../../shared/explore';
import { buildImage, dir, file, layer, whiteout } from '../analysis/testing/image-builder';
import type { LoadedImage } from '../archive/model';
import { analyzeImage } from '../analysis/analyze';
import { ExploreService, normalizePath } from './explore-service';

function sample(): LoadedImage {
  return buildImage([
    layer('ADD rootfs.tar /', [
      dir('/bin'),
      file('/bin/sh', 100),
      dir('/usr'),
      dir('/usr/lib'),
      file('/usr/lib/a.so', 1000),
      file('/usr/lib/b.so', 500),
      dir('/etc'),
      file('/etc/passwd', 10),
    ]),
    layer('RUN head -c 5000 /dev/urandom > /opt/big.bin', [dir('/opt'), file('/opt/big.bin', 5000)]),
    layer('RUN rm /opt/big.bin && echo > /app/index.js', [dir('/opt'), whiteout('/opt/big.bin'), dir('/app'), file('/app/index.js', 200)]),
    layer('COPY index.js /app/', [dir('/app'), file('/app/index.js', 300)]),
  ]);
}

async function service(image = sample()) {
  const explore = new ExploreService({ restore: async () => undefined });
  explore.register(image);
  return { explore, id: image.configDigest };
}

function sumChildren(node: TreemapNode): number {
  return (node.children ?? []).reduce((sum, child) => sum + child.bytes, 0);
}

function everyNode(node: TreemapNode, visit: (node: TreemapNode) => void): void {
  for (const child of node.children ?? []) {
    visit(child);
    everyNode(child, visit);
  }
}

describe('treemap', () => {
  it('shows the whole image as its layers, each with its stored bytes', async () => {
    const { explore, id } = await service();
    const map = await explore.getTreemap(id);
    expect(map.root.children!.map((n) => [n.name, n.bytes])).toEqual([
      ['Layer 0', 1610],
      ['Layer 1', 5000],
      ['Layer 2', 200],
      ['Layer 3', 300],
    ]);
    expect(map.root.bytes).toBe(map.imageBytes);
    const wasted = map.root.children![1];
    expect(wasted.status).toBe('wasted');
    expect(wasted.children!.map((n) => n.path)).toEqual(['/opt/big.bin']);
    expect(map.root.children![3].status).toBe('modified');
  });

  it('drills into a directory of a view, and every parent is the sum of its children', async () => {
    const { explore, id } = await service();
    const map = await explore.getTreemap(id, { layer: 3, scope: 'aggregated', path: '/usr' });
    expect(map.root.path).toBe('/usr');
    expect(map.root.children!.map((n) => n.path)).toEqual(['/usr/lib']);
    expect(map.root.children![0].children!.map((n) => [n.name, n.bytes, n.layer])).toEqual([
      ['a.so', 1000, 0],
      ['b.so', 500, 0],
    ]);
    expect(sumChildren(map.root)).toBe(map.root.bytes);
  });

  it('folds small children so a big directory stays within the node budget', async () => {
    const files = Array.from({ length: 2000 }, (_, i) => file(`/data/d${i % 40}/f${i}`, 1 + (i % 97) * 10));
    const image = buildImage([layer('ADD data /', [dir('/data'), ...files])]);
    const { explore, id } = await service(image);
    const map = await explore.getTreemap(id, { layer: 0, path: '/data', maxNodes: 120 });
    expect(map.nodeCount).toBeLessThanOrEqual(120);
    everyNode(map.root, (node) => {
      if (node.children) expect(sumChildren(node)).toBe(node.bytes);
    });
    expect(sumChildren(map.root)).toBe(map.root.bytes);
    const folded: TreemapNode[] = [];
    everyNode(map.root, (node) => node.kind === 'more' && folded.push(node));
    expect(folded.length).toBeGreaterThan(0);
    expect(folded[0].name).toMatch(/^\d+ more · /);
  });

  it('rejects a layer the image does not have', async () => {
    const { explore, id } = await service();
    await expect(explore.getTreemap(id, { layer: 9 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('file tree', () => {
  it('lists the final filesystem by size or by name, with totals', async () => {
    const { explore, id } = await service();
    const bySize = await explore.listDirectory(id, { path: '/' });
    expect(bySize.entries.map((e) => [e.name, e.bytes])).toEqual([
      ['usr', 1500],
      ['app', 300],
      ['bin', 100],
      ['etc', 10],
      ['opt', 0],
    ]);
    const byName = await explore.listDirectory(id, { path: '/', sort: 'name' });
    expect(byName.entries.map((e) => e.name)).toEqual(['app', 'bin', 'etc', 'opt', 'usr']);
    const lib = await explore.listDirectory(id, { path: '/usr/lib/' });
    expect(lib.entries[0]).toMatchObject({ path: '/usr/lib/a.so', kind: 'file', bytes: 1000, layer: 0, status: 'added' });
  });

  it('shows what one layer did, its deletions included, and hides the rest on request', async () => {
    const { explore, id } = await service();
    const opt = await explore.listDirectory(id, { layer: 2, scope: 'layer', path: '/opt' });
    expect(opt.entries).toEqual([expect.objectContaining({ path: '/opt/big.bin', status: 'removed', bytes: 5000 })]);
    const top = await explore.listDirectory(id, { layer: 3, scope: 'aggregated', hideUnchanged: true });
    expect(top.entries.map((e) => e.name)).toEqual(['app']);
    expect(top.entries[0].changedCount).toBe(1);
    const stored = await explore.listDirectory(id, { layer: 1, scope: 'layer', path: '/opt' });
    expect(stored.entries[0]).toMatchObject({ status: 'added', wasted: true, bytes: 5000 });
  });

  it('pages a large directory', async () => {
    const files = Array.from({ length: 50 }, (_, i) => file(`/many/f${i}`, i + 1));
    const { explore, id } = await service(buildImage([layer('ADD many /', [dir('/many'), ...files])]));
    const page = await explore.listDirectory(id, { path: '/many', offset: 10, limit: 5 });
    expect(page.total).toBe(50);
    expect(page.entries.map((e) => e.bytes)).toEqual([40, 39, 38, 37, 36]);
  });

  it('searches by glob and by substring, largest first', async () => {
    const { explore, id } = await service();
    const so = await explore.searchFiles(id, { query: '*.so' });
    expect(so.matches.map((m) => m.path)).toEqual(['/usr/lib/a.so', '/usr/lib/b.so']);
    expect(so.totalBytes).toBe(1500);
    const lib = await explore.searchFiles(id, { query: 'LIB', limit: 1 });
    expect(lib.total).toBe(3);
    expect(lib.matches.map((m) => m.path)).toEqual(['/usr/lib']);
  });

  it('locates a file that only a lower layer stores', async () => {
    const { explore, id } = await service();
    expect(await explore.locateFile(id, '/opt/big.bin')).toEqual({ path: '/opt/big.bin', storedIn: [{ layer: 1, bytes: 5000 }] });
    expect(await explore.locateFile(id, '/app/index.js')).toEqual({
      path: '/app/index.js',
      visibleLayer: 3,
      storedIn: [
        { layer: 2, bytes: 200 },
        { layer: 3, bytes: 300 },
      ],
    });
  });
});

describe('sessions', () => {
  it('brings an evicted image back through restore, and says when it cannot', async () => {
    const images = Array.from({ length: 3 }, (_, i) => ({ ...sample(), configDigest: `sha256:${String(i).repeat(64)}` }));
    const restored: string[] = [];
    const explore = new ExploreService({
      capacity: 2,
      restore: async (id) => {
        restored.push(id);
        return images.find((image) => image.configDigest === id);
      },
    });
    for (const image of images) explore.register(image);
    expect(explore.sessions.size).toBe(2);
    expect(explore.sessions.has(images[0].configDigest)).toBe(false);
    const map = await explore.getTreemap(images[0].configDigest);
    expect(map.root.children).toHaveLength(4);
    expect(restored).toEqual([images[0].configDigest]);
    await expect(explore.getTreemap(`sha256:${'f'.repeat(64)}`)).rejects.toMatchObject({ code: 'IMAGE_NOT_FOUND' });
  });

  it('keeps an image from its analysis: the facts of that replay, as if analysed again', async () => {
    const image = sample();
    const watched = new ExploreService({ restore: async () => undefined });
    const source = { kind: 'engine' as const, ref: 'sample' };
    analyzeImage(image, source, { layersRead: 4, layersFromCache: 0 }, undefined, watched.observer(image));
    expect(watched.sessions.has(image.configDigest)).toBe(true);
    const { explore: again } = await service(image);
    for (const view of [{}, { layer: 2, scope: 'layer' as const }, { layer: 2, scope: 'aggregated' as const }]) {
      expect(await watched.listDirectory(image.configDigest, { ...view, path: '/opt' })).toEqual(
        await again.listDirectory(image.configDigest, { ...view, path: '/opt' }),
      );
    }
    expect(await watched.getTreemap(image.configDigest)).toEqual(await again.getTreemap(image.configDigest));
  });

  it('keeps views within the node budget, the final view and the last one built always', async () => {
    const image = sample();
    // The final view has 12 nodes, the layer views 3 to 9: a budget of 15 keeps the final view and one more.
    const explore = new ExploreService({ restore: async () => undefined, viewNodes: 15 });
    explore.register(image);
    const session = await explore.sessions.get(image.configDigest);
    const first = await explore.listDirectory(image.configDigest, { layer: 0, scope: 'layer' });
    expect(session.keptViews()).toEqual(['layer:0']);
    await explore.listDirectory(image.configDigest, { layer: 3, scope: 'layer' });
    expect(session.keptViews()).toEqual(['layer:3']);
    // Built again when asked for, the same.
    expect(await explore.listDirectory(image.configDigest, { layer: 0, scope: 'layer' })).toEqual(first);
    expect(session.final.count).toBe(12);
    const roomy = new ExploreService({ restore: async () => undefined });
    roomy.register(image);
    for (const layerIndex of [0, 1, 2, 3]) await roomy.listDirectory(image.configDigest, { layer: layerIndex, scope: 'layer' });
    expect((await roomy.sessions.get(image.configDigest)).keptViews()).toEqual(['layer:0', 'layer:1', 'layer:2', 'layer:3']);
  });

  it('keeps images within the entry budget, the newest always', () => {
    const images = Array.from({ length: 3 }, (_, i) => ({ ...sample(), configDigest: `sha256:${String(i).repeat(64)}` }));
    const entries = images[0].layers.reduce((sum, l) => sum + l.index.entries.length, 0);
    const explore = new ExploreService({ restore: async () => undefined, entries: 2 * entries + 1 });
    for (const image of images) explore.register(image);
    expect(images.map((image) => explore.sessions.has(image.configDigest))).toEqual([false, true, true]);
    const tight = new ExploreService({ restore: async () => undefined, entries: 1 });
    for (const image of images) tight.register(image);
    expect(images.map((image) => tight.sessions.has(image.configDigest))).toEqual([false, false, true]);
  });

  it('normalises paths and refuses to climb', () => {
    expect(normalizePath('usr/lib/')).toBe('/usr/lib');
    expect(normalizePath(undefined)).toBe('/');
    expect(() => normalizePath('/a/../b')).toThrow(/Invalid path/);
  });
});
