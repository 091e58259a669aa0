import { EntryTable } from './entry-table';
import { describe, expect, it } from 'vitest';
import { assembleImage } from './assemble-image';
import { captureVersion } from './captured-files';
import { contentHashAlgorithm } from './content-hash';
import type { LayerIndex } from './model';

const index = (n: number): LayerIndex => ({
  diffId: `sha256:${String(n).repeat(64)}`,
  sizeBytes: n,
  contentHash: contentHashAlgorithm,
  captures: captureVersion,
  entries: new EntryTable(),
});
const configFor = (diffIds: string[]): Buffer =>
  Buffer.from(JSON.stringify({ os: 'linux', architecture: 'amd64', rootfs: { type: 'layers', diff_ids: diffIds } }));

describe('assembleImage', () => {
  it('orders layers as the config does and takes the config digest as the image ID', async () => {
    const configBytes = configFor([index(1).diffId, index(2).diffId]);
    const image = await assembleImage({
      source: 'test',
      repoTags: ['a:1', 'a:1'],
      configBytes,
      where: 'test',
      layers: [
        { name: 'one', compression: 'gzip', blobDigest: 'sha256:blob', index: index(1) },
        { name: 'two', compression: 'none', index: index(2) },
      ],
    });
    expect(image.repoTags).toEqual(['a:1']);
    expect(image.configDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(image.layers.map((l) => [l.diffId, l.compression, l.blobDigest])).toEqual([
      [index(1).diffId, 'gzip', 'sha256:blob'],
      [index(2).diffId, 'none', undefined],
    ]);
  });

  it('rejects a count or content mismatch with the config, a config that is not JSON, and one of the wrong shape', async () => {
    const layers = [{ name: 'one', compression: 'none' as const, index: index(1) }];
    const assemble = (configBytes: Buffer) => assembleImage({ source: 's', repoTags: [], configBytes, layers, where: 'x' });
    await expect(assemble(configFor([]))).rejects.toThrow(/lists 0 layers but the manifest has 1/);
    await expect(assemble(configFor([index(3).diffId]))).rejects.toThrow(/layer 1 \(one\)/);
    await expect(assemble(Buffer.from('not json'))).rejects.toThrow(/not valid JSON/);
    await expect(assemble(Buffer.from(JSON.stringify({ rootfs: { diff_ids: [42] } })))).rejects.toThrow(
      /the image config of x: config\.rootfs\.diff_ids\[0\] is malformed: expected string/,
    );
    await expect(assemble(Buffer.from(JSON.stringify({ history: [{ created_by: ['x'] }] })))).rejects.toThrow(
      /config\.history\[0\]\.created_by is malformed/,
    );
  });
});
