import { describe, expect, it } from 'vitest';
import { diveAnalysis, diveEfficiency } from './efficiency';
import { Prng } from '../../../test/fuzz/engine';
import type { LayerEntry } from '../archive/model';
import { buildImage, dir, file, layer, opaque, whiteout } from './testing/image-builder';

const layersOf = (...specs: Parameters<typeof layer>[1][]) => buildImage(specs.map((entries, i) => layer(`L${i}`, entries))).layers;

describe('diveEfficiency', () => {
  it("reproduces dive's TestEfficiency (an implied parent is not a directory, so its whiteout weighs 0)", () => {
    const result = diveEfficiency(
      layersOf(
        [file('/etc/nginx/nginx.conf', 2000), file('/etc/nginx/public', 3000)],
        [file('/etc/nginx/nginx.conf', 5000), file('/etc/athing', 10000)],
        [whiteout('/etc/nginx')],
      ),
    );
    expect(result.efficiency).toBe(0.75);
    expect(result.inefficientFiles).toEqual([{ path: '/etc/nginx/nginx.conf', cumulativeBytes: 7000, layers: [0, 1] }]);
    expect(result.wastedBytes).toBe(7000);
  });

  it("reproduces dive's TestEfficiency_ScratchImage", () => {
    const result = diveEfficiency(layersOf([file('/nothing', 0)], [], []));
    expect(result.efficiency).toBe(1);
    expect(result.inefficientFiles).toEqual([]);
  });

  it('sizes the whiteout of a real directory as the deleted subtree of the layers below', () => {
    const result = diveEfficiency(
      layersOf(
        [dir('/d'), file('/d/a', 100), dir('/d/s'), file('/d/s/b', 50)],
        [dir('/d'), dir('/d/s'), file('/d/s/c', 25)],
        [whiteout('/d')],
        [dir('/d')],
      ),
    );
    // /d is a leaf twice: the whiteout (a + b + c = 175) and the new empty directory (0).
    expect(result.inefficientFiles).toEqual([{ path: '/d', cumulativeBytes: 175, layers: [2, 3] }]);
    expect(result.efficiency).toBe((100 + 50 + 25 + 0) / (100 + 50 + 25 + 175));
  });

  it('weighs a directory whiteout 0 when a later layer only implied that directory (dive quirk)', () => {
    // Layer 1 writes /d/b without a /d entry: dive's stack then holds /d with an empty payload, not a dir.
    const result = diveEfficiency(layersOf([dir('/d'), file('/d/a', 100)], [file('/d/b', 5)], [whiteout('/d')], [dir('/d')]));
    expect(result.inefficientFiles).toEqual([{ path: '/d', cumulativeBytes: 0, layers: [2, 3] }]);
    expect(result.efficiency).toBe(1);
  });

  it('visits leaves only: a directory with children in that layer is not a path of its own', () => {
    const result = diveEfficiency(layersOf([dir('/a'), file('/a/x', 10)], [dir('/a'), file('/a/y', 10)]));
    expect(result.inefficientFiles).toEqual([]);
    const emptyDir = diveEfficiency(layersOf([dir('/a'), file('/a/x', 10)], [dir('/a')]));
    // In layer 1 /a is an empty directory: a leaf, seen once (layer 0's /a had a child).
    expect(emptyDir.inefficientFiles).toEqual([]);
    const twice = diveEfficiency(layersOf([dir('/a')], [dir('/a')]));
    expect(twice.inefficientFiles).toEqual([{ path: '/a', cumulativeBytes: 0, layers: [0, 1] }]);
  });

  it('does not add the opaque marker but does add its missing parent', () => {
    // Layer 1 has only the opaque marker of /o: /o becomes an implied leaf, seen in both layers.
    const result = diveEfficiency(layersOf([dir('/o'), file('/o/f', 10)], [opaque('/o')]));
    expect(result.inefficientFiles).toEqual([]);
    const leafBoth = diveEfficiency(layersOf([dir('/o')], [opaque('/o')]));
    expect(leafBoth.inefficientFiles.map((f) => f.path)).toEqual(['/o']);
  });

  it('aborts the rest of a layer walk on a whiteout of a path that is not below, counting -1', () => {
    // Layer 1, in name order: /a/.wh.ghost (error: nothing below), then /a/z is never visited.
    const result = diveEfficiency(layersOf([dir('/a'), file('/a/z', 40)], [dir('/a'), whiteout('/a/ghost'), file('/a/z', 60)]));
    expect(result.inefficientFiles).toEqual([]);
    // Σmin = 40 (/a/z) + -1 (/a/ghost); Σcumulative = 40.
    expect(result.efficiency).toBe(39 / 40);
  });

  it('orders children by byte order (".wh." sorts before letters), so a whiteout is seen first', () => {
    const result = diveEfficiency(layersOf([dir('/a'), file('/a/b', 5)], [dir('/a'), file('/a/A', 7), whiteout('/a/b')]));
    // "/a/.wh.b" < "/a/A": the whiteout of a file weighs 0, then /a/A is visited.
    expect(result.inefficientFiles).toEqual([{ path: '/a/b', cumulativeBytes: 5, layers: [0, 1] }]);
    expect(result.efficiency).toBe((0 + 7) / (5 + 7));
  });
});

/**
 * Stacks where later layers delete directories that lower layers wrote: the sizes of what a whiteout
 * deletes are read from the rows when one layer alone wrote there, and from dive's stacked trees when not.
 */
function deletionStack(seed: number): LayerEntry[][] {
  const rng = new Prng(seed);
  const names = ['d', 'e', 'f'];
  const randomPath = () => `/${Array.from({ length: 1 + rng.int(3) }, () => rng.pick(names)).join('/')}`;
  const randomEntry = (): LayerEntry => {
    const roll = rng.int(10);
    if (roll < 5) return file(randomPath(), 1 + rng.int(9));
    if (roll < 8) return dir(randomPath());
    return roll < 9 ? whiteout(randomPath()) : opaque(randomPath());
  };
  // The lower layers write more than they delete; the top one deletes more than it writes.
  const lower = Array.from({ length: 1 + rng.int(3) }, () =>
    Array.from({ length: rng.int(12) }, () => (rng.chance(0.85) ? file(randomPath(), 1 + rng.int(9)) : randomEntry())),
  );
  const top = Array.from({ length: 1 + rng.int(4) }, () => (rng.chance(0.7) ? whiteout(randomPath()) : randomEntry()));
  return [...lower, top];
}

describe("dive's sizes of deleted directories", () => {
  it('are the same read from the rows as from the stacked trees', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const layers = layersOf(...deletionStack(seed));
      expect(diveEfficiency(layers), `seed ${seed}`).toEqual(diveEfficiency(layers, { treesOnly: true }));
    }
  });

  it('count a path a layer wrote twice once (37 bytes deleted, not 137), and a directory only implied as none', () => {
    const layers = layersOf([dir('/d'), file('/d/a', 100), file('/d/a', 30), file('/d/b/c', 7)], [file('/x', 1)], [whiteout('/d'), whiteout('/d/b')]);
    // Seen: /d/a 30, /d/b/c 7, /x 1, then the whiteouts /d (37) and /d/b (0, only implied): 75 bytes, each once.
    expect(diveEfficiency(layers)).toEqual({ efficiency: 1, inefficientFiles: [], wastedBytes: 0 });
    expect(diveEfficiency(layers)).toEqual(diveEfficiency(layers, { treesOnly: true }));
  });
});

describe('diveAnalysis', () => {
  it('computes size, user size and user wasted percent', () => {
    const image = buildImage([layer('base', [file('/f', 1000)]), layer('a', [file('/g', 30)]), layer('b', [file('/g', 70)])]);
    const result = diveAnalysis(image);
    expect(result.sizeBytes).toBe(1100);
    expect(result.userSizeBytes).toBe(100);
    expect(result.wastedBytes).toBe(100);
    expect(result.userWastedPercent).toBe(1);
  });

  it('handles an empty image', () => {
    const result = diveAnalysis(buildImage([]));
    expect(result).toMatchObject({ efficiency: 1, sizeBytes: 0, userSizeBytes: 0, wastedBytes: 0, userWastedPercent: 0 });
  });
});
