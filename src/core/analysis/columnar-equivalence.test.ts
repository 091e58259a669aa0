/**
 * The columnar replay (entry tables, the path tree, counting without a Map of every path, dive's leaves
 * without its tree, duplicates by sorted hash halves) against plain references, on random layer stacks
 * drawn from a few names so that paths collide: overwrites, whiteouts, opaque directories, files over
 * directories, and paths written twice in one layer.
 */
import { describe, expect, it } from 'vitest';
import type { LayerEntry } from '../archive/model';
import { findDuplicates } from './duplicates';
import { diveEfficiency } from './efficiency';
import { changesAgainst, countChanges } from './file-status';
import { layerChanges, MergedFs } from './file-tree';
import { replayImage } from './replay';
import { file } from './testing/image-builder';
import { imageOf, randomHashes, randomLayers, randomSeeds } from './testing/random-stacks';

/** The final filesystem by the rules stated plainly: markers first, then entries in tar order. */
function naiveFinal(layers: LayerEntry[][]): Map<string, { layer: number; entry: LayerEntry }> {
  const fs = new Map<string, { layer: number; entry: LayerEntry }>();
  const dropBelow = (path: string, self: boolean) => {
    for (const key of [...fs.keys()]) if ((self && key === path) || key.startsWith(`${path}/`)) fs.delete(key);
  };
  layers.forEach((entries, index) => {
    for (const entry of entries) if (entry.opaque) dropBelow(entry.path, false);
    for (const entry of entries) if (entry.whiteout) dropBelow(entry.path, true);
    for (const entry of entries) {
      if (entry.opaque || entry.whiteout || entry.path === '/') continue;
      for (let cut = entry.path.lastIndexOf('/'); cut > 0; cut = entry.path.lastIndexOf('/', cut - 1)) {
        const ancestor = entry.path.slice(0, cut);
        if (fs.has(ancestor) && fs.get(ancestor)!.entry.type !== 'dir') fs.delete(ancestor);
      }
      if (entry.type !== 'dir') dropBelow(entry.path, false);
      fs.set(entry.path, { layer: index, entry });
    }
  });
  return fs;
}

const seeds = randomSeeds;
const hashes = randomHashes;

describe('the columnar replay against plain references', () => {
  it('stacks layers to the same final filesystem, and every stored byte is visible or hidden once', () => {
    for (const seed of seeds) {
      const layers = randomLayers(seed);
      const replay = replayImage(imageOf(layers));
      const expected = naiveFinal(layers);
      const actual = new Map([...replay.final.nodes].map(([path, node]) => [path, { layer: node.layer, entry: node.entry }]));
      expect(actual, `seed ${seed}`).toEqual(expected);
      expect(replay.final.nodes.size).toBe(expected.size);
      const stored = layers.flat().reduce((sum, e) => sum + (e.whiteout || e.opaque || e.path === '/' ? 0 : e.size), 0);
      const visible = [...expected.values()].reduce((sum, { entry }) => sum + entry.size, 0);
      expect(visible + [...replay.hidden].reduce((sum, copy) => sum + copy.bytes, 0), `seed ${seed}`).toBe(stored);
    }
  });

  it('counts each layer as the Map of its changes does', () => {
    for (const seed of seeds) {
      const image = imageOf(randomLayers(seed));
      const reference = new MergedFs();
      const expected = image.layers.map((loaded, index) => {
        const changes = layerChanges(loaded, index);
        const counts = countChanges(changesAgainst(reference, changes));
        reference.apply(changes);
        return counts;
      });
      expect(replayImage(image).counts, `seed ${seed}`).toEqual(expected);
    }
  });

  it("finds dive's figures from the leaves as dive's own tree walk does", () => {
    for (const seed of seeds) {
      const { layers } = imageOf(randomLayers(seed));
      expect(diveEfficiency(layers), `seed ${seed}`).toEqual(diveEfficiency(layers, { treesOnly: true }));
    }
  });

  it('groups duplicates alike whether hashes are packed or kept as text', () => {
    for (const seed of seeds) {
      const packed = findDuplicates(replayImage(imageOf(randomLayers(seed, true))).final);
      const text = findDuplicates(replayImage(imageOf(randomLayers(seed, false))).final);
      expect(
        text.groups.map((g) => ({ ...g, hash: g.hash.slice(1) })),
        `seed ${seed}`,
      ).toEqual(packed.groups);
      expect(text.wastedBytes).toBe(packed.wastedBytes);
    }
    const found = findDuplicates(replayImage(imageOf([[file('/x', 5, { hash: hashes[0] }), file('/y', 5, { hash: hashes[0] })]])).final);
    expect(found.groups).toEqual([{ hash: hashes[0], sizeBytes: 5, paths: ['/x', '/y'], wastedBytes: 5 }]);
  });
});
