import { EntryTable } from './entry-table';
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { captureVersion } from './captured-files';
import { contentHashAlgorithm } from './content-hash';
import { defaultCacheDir } from '../fs/cache-dir';
import { LayerIndexCache } from './layer-cache';
import type { LayerIndex } from './model';
import { tempDir } from './test-support';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
});
async function cacheDir(): Promise<string> {
  const dir = await tempDir('layerlens-cache-');
  dirs.push(dir);
  return dir;
}

/** A layer index with `count` entries of incompressible names (so file sizes are predictable). */
/** An index as plain rows: deep equality over a big table's buffers takes seconds. */
function plainIndex(index: LayerIndex | undefined): unknown {
  return index && { ...index, entries: index.entries.toArray() };
}

function layer(count = 20): LayerIndex {
  const diffId = `sha256:${createHash('sha256').update(randomBytes(16)).digest('hex')}`;
  const entries = Array.from({ length: count }, (_, i) => ({
    path: `/f/${randomBytes(24).toString('hex')}`,
    type: 'file' as const,
    size: i,
    mode: 0o644,
    uid: 0,
    gid: 0,
    hash: randomBytes(8).toString('hex'),
  }));
  return {
    diffId,
    sizeBytes: entries.reduce((s, e) => s + e.size, 0),
    contentHash: contentHashAlgorithm,
    captures: captureVersion,
    entries: EntryTable.of(entries),
  };
}

async function filesUnder(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const kind of ['layers', 'configs', 'analyses']) {
    const names = await fs.readdir(path.join(dir, kind)).catch(() => [] as string[]);
    found.push(...names.map((n) => `${kind}/${n}`));
  }
  return found;
}

describe('LayerIndexCache', () => {
  it('round-trips layer indexes and image configs', async () => {
    const cache = new LayerIndexCache({ dir: await cacheDir() });
    const index = layer();
    expect(await cache.get(index.diffId)).toBeUndefined();
    expect(await cache.put(index)).toBe(true);
    expect(await cache.get(index.diffId)).toEqual(index);
    expect(cache.layersFromCache).toBe(1);
    const imageId = `sha256:${'a'.repeat(64)}`;
    const config = { config: { os: 'linux', architecture: 'amd64', rootfs: { diff_ids: [index.diffId] } }, repoTags: ['x:1'] };
    await cache.putConfig(imageId, config);
    expect(await cache.getConfig(imageId)).toEqual(config);
    // A fresh instance (another run of the app) reads the same files.
    expect(await new LayerIndexCache({ dir: cache.dir }).get(index.diffId)).toEqual(index);
  });

  it("does not trust a stored analysis or config that was replaced by another image's file", async () => {
    const dir = await cacheDir();
    const cache = new LayerIndexCache({ dir });
    const [mine, theirs] = [`sha256:${'a'.repeat(64)}`, `sha256:${'b'.repeat(64)}`];
    await cache.putDerived(theirs, 'v1', { id: theirs, verdict: 'clean' });
    await cache.putConfig(theirs, { config: { os: 'linux' }, repoTags: ['theirs:1'] });
    for (const kind of ['analyses', 'configs']) {
      const file = (id: string) => path.join(dir, kind, `sha256-${id.slice(7)}.json.gz`);
      await fs.copyFile(file(theirs), file(mine));
    }
    expect(await cache.getDerived(theirs, 'v1')).toEqual({ id: theirs, verdict: 'clean' });
    expect(await cache.getDerived(mine, 'v1')).toBeUndefined();
    expect(await cache.getConfig(mine)).toBeUndefined();
    // The impostor files are gone; the genuine ones stay.
    expect((await filesUnder(dir)).sort()).toEqual([`analyses/sha256-${'b'.repeat(64)}.json.gz`, `configs/sha256-${'b'.repeat(64)}.json.gz`]);
  });

  it('streams a big index to disk in pieces and reads it back whole', async () => {
    const cache = new LayerIndexCache({ dir: await cacheDir() });
    const big = layer();
    big.entries = EntryTable.of(
      Array.from({ length: 10_001 }, (_, i) => ({
        path: `/f/${i}`,
        type: 'file' as const,
        size: i,
        mode: 0o644,
        uid: 0,
        gid: 0,
        hash: `${i}`,
      })),
    );
    expect(await cache.put(big)).toBe(true);
    expect(await new LayerIndexCache({ dir: cache.dir }).get(big.diffId).then(plainIndex)).toEqual(plainIndex(big));
  });

  it('stops reading a big index when cancelled, says so, and keeps the file', async () => {
    const cache = new LayerIndexCache({ dir: await cacheDir() });
    const big = layer(3 * 4096);
    expect(await cache.put(big)).toBe(true);
    const cancel = new AbortController();
    // Aborted once the first line of entries has been read: the read stops between lines.
    const reading = cache.get(big.diffId, cancel.signal);
    setImmediate(() => cancel.abort());
    await expect(reading).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await filesUnder(cache.dir)).toHaveLength(1);
    expect(await cache.get(big.diffId).then(plainIndex)).toEqual(plainIndex(big));
  });

  it('writes atomically: no temp files stay behind, layer files are gzipped JSON lines', async () => {
    const dir = await cacheDir();
    const cache = new LayerIndexCache({ dir });
    await Promise.all(Array.from({ length: 8 }, () => cache.put(layer())));
    const files = await filesUnder(dir);
    expect(files).toHaveLength(8);
    expect(files.every((f) => /^layers\/sha256-[0-9a-f]{64}\.jsonl\.gz$/.test(f))).toBe(true);
    const raw = await fs.readFile(path.join(dir, files[0]));
    expect([raw[0], raw[1]]).toEqual([0x1f, 0x8b]);
    const lines = gunzipSync(raw).toString().trimEnd().split('\n');
    expect(lines.map((line) => typeof JSON.parse(line))).toEqual(['object', 'object']); // the head, then one array of 20 entries
    expect(JSON.parse(lines[1])).toHaveLength(20);
  });

  it('evicts the least recently used files when over maxBytes (a get counts as a use)', async () => {
    const dir = await cacheDir();
    const probe = new LayerIndexCache({ dir });
    const sample = layer(40);
    await probe.put(sample);
    const fileSize = (await fs.stat(path.join(dir, 'layers', `${sample.diffId.replace(':', '-')}.jsonl.gz`))).size;
    await fs.rm(path.join(dir, 'layers'), { recursive: true });

    // Room for three files of this size, not four.
    const cache = new LayerIndexCache({ dir, maxBytes: Math.floor(fileSize * 3.5) });
    const [a, b, c, d] = [layer(40), layer(40), layer(40), layer(40)];
    await cache.put(a);
    await cache.put(b);
    await cache.put(c);
    expect(await cache.get(a.diffId)).toBeDefined(); // a is now more recent than b
    await cache.put(d);
    expect(await cache.get(b.diffId)).toBeUndefined();
    expect(await cache.get(a.diffId)).toBeDefined();
    expect(await cache.get(c.diffId)).toBeDefined();
    expect(await cache.get(d.diffId)).toBeDefined();
    expect((await filesUnder(dir)).length).toBe(3);
  });

  it('deletes corrupt or truncated files and treats them as misses', async () => {
    const dir = await cacheDir();
    const cache = new LayerIndexCache({ dir });
    const [good, truncated, garbage, wrongDigest] = [layer(), layer(), layer(), layer()];
    for (const index of [good, truncated, garbage, wrongDigest]) await cache.put(index);
    const file = (diffId: string): string => path.join(dir, 'layers', `${diffId.replace(':', '-')}.jsonl.gz`);
    const whole = await fs.readFile(file(truncated.diffId));
    await fs.writeFile(file(truncated.diffId), whole.subarray(0, whole.length >> 1));
    await fs.writeFile(file(garbage.diffId), randomBytes(300));
    // A valid file under another digest's name is not that digest's index.
    await fs.copyFile(file(good.diffId), file(wrongDigest.diffId));

    expect(await cache.get(truncated.diffId)).toBeUndefined();
    expect(await cache.get(garbage.diffId)).toBeUndefined();
    expect(await cache.get(wrongDigest.diffId)).toBeUndefined();
    expect(await cache.get(good.diffId)).toEqual(good);
    expect((await filesUnder(dir)).sort()).toEqual([`layers/${good.diffId.replace(':', '-')}.jsonl.gz`]);
  });

  it('treats an index stored as one JSON document (before lines) or with a malformed entry as a miss, and drops it', async () => {
    const dir = await cacheDir();
    const cache = new LayerIndexCache({ dir });
    const [whole, malformed] = [layer(), layer()];
    const file = (diffId: string): string => path.join(dir, 'layers', `${diffId.replace(':', '-')}.jsonl.gz`);
    await fs.mkdir(path.join(dir, 'layers'), { recursive: true });
    // Under the new name, as if renamed: read, found to be of no known format, and removed.
    await fs.writeFile(file(whole.diffId), gzipSync(JSON.stringify(whole)));
    await cache.put(malformed);
    const lines = gunzipSync(await fs.readFile(file(malformed.diffId)))
      .toString()
      .split('\n');
    lines[1] = lines[1].replace('"size":', '"size":"big","was":');
    await fs.writeFile(file(malformed.diffId), gzipSync(lines.join('\n')));

    expect(await cache.get(whole.diffId)).toBeUndefined();
    expect(await cache.get(malformed.diffId)).toBeUndefined();
    expect(await filesUnder(dir)).toEqual([]);
  });

  it('treats an index hashed with another algorithm or captured under another policy (an older LayerLens) as a miss', async () => {
    const cache = new LayerIndexCache({ dir: await cacheDir() });
    const older = { ...layer(), contentHash: 'sha256' };
    await cache.put(older);
    expect(await cache.get(older.diffId)).toBeUndefined();
    const otherCaptures = { ...layer(), captures: captureVersion - 1 };
    await cache.put(otherCaptures);
    expect(await cache.get(otherCaptures.diffId)).toBeUndefined();
    const current = layer();
    await cache.put(current);
    expect(await cache.get(current.diffId)).toEqual(current);
  });
  it('refuses keys that are not digests (they must never name a path)', async () => {
    const dir = await cacheDir();
    const cache = new LayerIndexCache({ dir });
    expect(await cache.put({ ...layer(), diffId: '../../escape' })).toBe(false);
    expect(await cache.get('../../escape')).toBeUndefined();
    expect(await filesUnder(dir)).toEqual([]);
  });

  it('finds its folder from the environment', () => {
    expect(defaultCacheDir({ LAYERLENS_CACHE_DIR: '/x/y' })).toBe('/x/y');
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/cache' })).toBe('/cache/layerlens');
    expect(defaultCacheDir({})).toBe(path.join(os.homedir(), '.cache', 'layerlens'));
  });
});
