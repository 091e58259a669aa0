/**
 * Hostile input: an archive of many big lockfiles (a 22 MB archive of 600 lockfiles of
 * 8 MB each) must not blow the heap. Captured text stays within the layer's budget and the image's, and
 * what was left out is counted; the entries of an image are bounded too (a gzip bomb of tiny headers).
 */
import { EntryTable } from './entry-table';
import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImageArchive } from './archive-reader';
import { capturedMaxBytes } from './captured-files';
import { LayerIndexCache } from './layer-cache';
import { capturedBudgetBytes, indexLayer } from './layer-indexer';
import type { LayerIndex } from './model';
import { ReadBudget } from './read-budget';
import { chunked, generatedTar, ociImage, ociLayoutMembers, packTar, tempDir } from './test-support';

const capturedBytes = (index: LayerIndex): number => Object.values(index.captured ?? {}).reduce((sum, text) => sum + text.length, 0);

/** A layer of `count` lockfiles of `size` bytes, each in its own app folder. */
const lockfiles = (count: number, size: number, layer = 0) =>
  Array.from({ length: count }, (_, i) => ({ name: `srv/app${layer}-${i}/package-lock.json`, size, fill: 0x20 }));

let work: string;
beforeAll(async () => {
  work = await tempDir('layerlens-budget-');
});
afterAll(async () => {
  await fs.rm(work, { recursive: true, force: true });
});

describe('the capture budget of a layer', () => {
  it('keeps the lockfiles that fit and counts the rest as skipped', async () => {
    const files = lockfiles(50, 10_000);
    const result = await indexLayer(generatedTar(files), { captureBudgetBytes: 64_000 });
    expect(Object.keys(result.index.captured ?? {})).toHaveLength(6);
    expect(capturedBytes(result.index)).toBeLessThanOrEqual(64_000);
    expect(result.index.capturedSkipped).toBe(44);
    // Every file is still indexed: only its text is left out.
    expect(result.index.entries).toHaveLength(50);
  });

  it('holds at the real sizes: lockfiles of the largest captured size fill 32 MB and the rest are skipped', async () => {
    const files = lockfiles(6, capturedMaxBytes);
    const result = await indexLayer(generatedTar(files));
    expect(capturedBytes(result.index)).toBeLessThanOrEqual(capturedBudgetBytes);
    expect(Object.keys(result.index.captured ?? {})).toHaveLength(capturedBudgetBytes / capturedMaxBytes);
    expect(result.index.capturedSkipped).toBe(6 - capturedBudgetBytes / capturedMaxBytes);
  }, 20_000);
});

describe('the capture budget of an image', () => {
  it('bounds captured text across layers, says what was skipped, and caches only the layers it did not cut', async () => {
    const layers = await Promise.all(
      [0, 1, 2].map((layer) => packTar(lockfiles(4, 10_000, layer).map((f) => ({ name: f.name, content: ' '.repeat(f.size) })))),
    );
    // Uncompressed OCI blobs are named by their diff IDs, so the second read finds them in the cache.
    const { blobs, manifest } = ociImage(layers);
    const archive = await packTar(ociLayoutMembers(blobs, [manifest.descriptor]));
    const cache = new LayerIndexCache({ dir: work });
    const image = await readImageArchive(chunked(archive), { cache, budget: new ReadBudget({ capturedBytes: 50_000 }) });
    const kept = image.layers.map((l) => Object.keys(l.index.captured ?? {}).length);
    expect(kept).toEqual([4, 1, 0]);
    expect(image.layers.map((l) => l.index.capturedSkipped ?? 0)).toEqual([0, 3, 4]);
    expect(image.layers.reduce((sum, l) => sum + capturedBytes(l.index), 0)).toBeLessThanOrEqual(50_000);
    // A cut index depends on the layers read before it: it is not this layer's to cache.
    await cache.flush();
    expect(cache.layersStored).toBe(1);
    expect(await cache.get(image.layers[1].diffId)).toBeUndefined();

    // Read again with the first layer cached: its text still counts against the image's budget.
    const again = await readImageArchive(chunked(archive), { cache, budget: new ReadBudget({ capturedBytes: 20_000 }) });
    expect(again.layers.map((l) => Object.keys(l.index.captured ?? {}).length)).toEqual([2, 0, 0]);
    expect(cache.layersFromCache).toBe(1);
    expect(again.layers[0].index.capturedSkipped).toBe(2);
    expect((await cache.get(image.layers[0].diffId))?.capturedSkipped).toBeUndefined();
  });

  it('ends a read whose layers hold more entries than the image may have, with ARCHIVE_CORRUPT', async () => {
    const layers = await Promise.all([0, 1].map((layer) => packTar(lockfiles(30, 1, layer).map((f) => ({ name: f.name, content: 'x' })))));
    const { blobs, manifest } = ociImage(layers, { gzip: true });
    const archive = await packTar(ociLayoutMembers(blobs, [manifest.descriptor]));
    expect((await readImageArchive(chunked(archive), { budget: new ReadBudget({ entries: 60 }) })).layers).toHaveLength(2);
    await expect(readImageArchive(chunked(archive), { budget: new ReadBudget({ entries: 59 }) })).rejects.toMatchObject({
      code: 'ARCHIVE_CORRUPT',
      message: /more than 59 files, folders and links/,
    });
  });

  it('admits a cached index as it is when it fits, else as a trimmed copy', () => {
    const index: LayerIndex = {
      diffId: 'sha256:x',
      sizeBytes: 0,
      contentHash: 'x',
      captures: 1,
      entries: new EntryTable(),
      captured: { '/a': 'aaaa', '/b': 'bbbb' },
    };
    expect(new ReadBudget({ capturedBytes: 8 }).admit(index)).toBe(index);
    const trimmed = new ReadBudget({ capturedBytes: 6 }).admit(index);
    expect(trimmed).toMatchObject({ captured: { '/a': 'aaaa' }, capturedSkipped: 1 });
    expect(new ReadBudget({ capturedBytes: 2 }).admit(index)).not.toHaveProperty('captured');
    expect(index.captured).toEqual({ '/a': 'aaaa', '/b': 'bbbb' });
    // Its entries count against the image's.
    const oneFile = { ...index, entries: EntryTable.of([{ path: '/a', type: 'file' as const, size: 4, mode: 0o644, uid: 0, gid: 0 }]) };
    expect(() => new ReadBudget({ entries: 0 }).admit(oneFile)).toThrow(/more than 0 files/);
  });
});
