/**
 * Random layer stacks for equivalence tests: entries drawn from three names, so that paths collide
 * (overwrites, whiteouts, opaque directories, files over directories, a path twice in one layer).
 */
import { Prng } from '../../../../test/fuzz/engine';
import type { LayerEntry, LoadedImage } from '../../archive/model';
import { buildImage, dir, file, layer, opaque, symlink, whiteout } from './image-builder';

const names = ['a', 'b', 'c'];
/** Content hashes, two of them sharing their low half. */
export const randomHashes = ['00000000000000aa', '00000000000000bb', 'ffffffff000000aa'];

function randomPath(rng: Prng): string {
  return `/${Array.from({ length: 1 + rng.int(3) }, () => rng.pick(names)).join('/')}`;
}

function randomEntry(rng: Prng, packedHashes: boolean): LayerEntry {
  const path = randomPath(rng);
  const roll = rng.int(10);
  if (roll < 4) {
    const hash = rng.pick(randomHashes);
    return file(path, 1 + rng.int(3), { hash: packedHashes ? hash : `x${hash}`, mode: rng.chance(0.2) ? 0o600 : 0o644 });
  }
  if (roll < 7) return dir(path);
  if (roll < 8) return symlink(path, rng.pick(names));
  if (roll < 9) return whiteout(path);
  return opaque(path);
}

/** 1–4 layers of 0–7 entries; `packedHashes: false` gives hashes that are not 16 hex digits (kept as text). */
export function randomLayers(seed: number, packedHashes = true): LayerEntry[][] {
  const rng = new Prng(seed);
  return Array.from({ length: 1 + rng.int(4) }, () => Array.from({ length: rng.int(8) }, () => randomEntry(rng, packedHashes)));
}

export const imageOf = (layers: LayerEntry[][]): LoadedImage => buildImage(layers.map((entries, i) => layer(`step ${i}`, entries)));

/** The seeds the equivalence tests share. */
export const randomSeeds = Array.from({ length: 400 }, (_, i) => 7919 * (i + 1));
