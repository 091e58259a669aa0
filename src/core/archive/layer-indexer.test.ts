import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import { xxhash64 } from 'hash-wasm';
import { describe, expect, it } from 'vitest';
import { LayerLensError } from '../../shared/errors';
import { indexLayer } from './layer-indexer';
import { describeWithDiveArchives, diveArchive } from '../../../test/dive-fixtures';
import { chunked, gzip, packTar, tarMember, zstdCompress } from './test-support';

const sha = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
const contentHash = (data: Buffer | string): Promise<string> => xxhash64(data);

const escapeName = `layerlens-must-not-exist-${randomBytes(4).toString('hex')}`;
const hello = 'hello layerlens\n';
const random = randomBytes(100_000);

async function sampleLayer(): Promise<Buffer> {
  return packTar([
    { name: './', type: 'directory', mode: 0o755 },
    { name: './usr/', type: 'directory', mode: 0o755 },
    { name: './usr/bin/tool', content: random, mode: 0o755, uid: 1000, gid: 1001 },
    { name: 'etc/hello.txt', content: hello },
    { name: '/abs/leading-slash.txt', content: 'x' },
    { name: 'usr/bin/tool-link', type: 'symlink', linkname: 'tool' },
    { name: 'usr/bin/abs-link', type: 'symlink', linkname: '/etc/hello.txt' },
    { name: 'usr/bin/tool-hard', type: 'link', linkname: 'usr/bin/tool' },
    { name: 'var/cache/.wh.apt', content: '' },
    { name: 'opt/app/.wh..wh..opq', content: '' },
    { name: 'dev/null', type: 'character-device', mode: 0o666 },
    { name: `../../tmp/${escapeName}`, content: 'escaped' },
    { name: `a/${'deep/'.repeat(30)}long-name.txt`, content: 'long' },
  ]);
}

describe('indexLayer', () => {
  it('indexes entries in tar order with normalised paths, types, links, whiteouts and hashes', async () => {
    const data = await sampleLayer();
    const result = await indexLayer(chunked(data, 777), { name: 'layer sample' });
    expect(result.compression).toBe('none');
    expect(result.index.diffId).toBe(`sha256:${sha(data)}`);
    expect(result.blobDigest).toBe(result.index.diffId);
    expect(result.tarSize).toBe(data.length);
    const byPath = new Map(result.index.entries.map((e) => [e.path, e]));
    expect(result.index.entries.map((e) => e.path)).toEqual([
      '/usr',
      '/usr/bin/tool',
      '/etc/hello.txt',
      '/abs/leading-slash.txt',
      '/usr/bin/tool-link',
      '/usr/bin/abs-link',
      '/usr/bin/tool-hard',
      '/var/cache/apt',
      '/opt/app',
      '/dev/null',
      `/../../tmp/${escapeName}`,
      `/a/${'deep/'.repeat(30)}long-name.txt`,
    ]);
    expect(byPath.get('/usr')).toMatchObject({ type: 'dir', size: 0, mode: 0o755 });
    expect(byPath.get('/usr/bin/tool')).toEqual({
      path: '/usr/bin/tool',
      type: 'file',
      size: random.length,
      mode: 0o755,
      uid: 1000,
      gid: 1001,
      hash: await contentHash(random),
    });
    expect(byPath.get('/etc/hello.txt')?.hash).toBe(await contentHash(hello));
    expect(byPath.get('/usr/bin/tool-link')).toMatchObject({ type: 'symlink', linkTarget: 'tool', size: 0 });
    expect(byPath.get('/usr/bin/tool-link')?.unsafe).toBeUndefined();
    expect(byPath.get('/usr/bin/abs-link')).toMatchObject({ type: 'symlink', linkTarget: '/etc/hello.txt' });
    expect(byPath.get('/usr/bin/abs-link')?.unsafe).toMatch(/absolute symlink/);
    expect(byPath.get('/usr/bin/tool-hard')).toMatchObject({ type: 'hardlink', linkTarget: 'usr/bin/tool', size: 0 });
    expect(byPath.get('/var/cache/apt')).toMatchObject({ whiteout: true, size: 0 });
    expect(byPath.get('/var/cache/apt')?.hash).toBeUndefined();
    expect(byPath.get('/opt/app')).toMatchObject({ opaque: true, size: 0 });
    expect(byPath.get('/dev/null')).toMatchObject({ type: 'other' });
    expect(byPath.get(`/../../tmp/${escapeName}`)?.unsafe).toMatch(/"\.\."/);
    expect(result.index.sizeBytes).toBe(random.length + hello.length + 1 + 'escaped'.length + 'long'.length);
    // Recorded, never followed: nothing was written where the name points.
    expect(existsSync(`/tmp/${escapeName}`)).toBe(false);
  });

  it('gives the same index for the plain, gzip and zstd blob of a layer', async () => {
    const data = await sampleLayer();
    const plain = await indexLayer(chunked(data));
    const gz = await indexLayer(chunked(gzip(data)));
    const zst = await indexLayer(chunked(zstdCompress(data)));
    expect(gz.compression).toBe('gzip');
    expect(zst.compression).toBe('zstd');
    expect(gz.index).toEqual(plain.index);
    expect(zst.index).toEqual(plain.index);
    expect(gz.blobDigest).toBe(`sha256:${sha(gzip(data))}`);
  });

  it('captures the small text files the analysis parses, per layer', async () => {
    const status = 'Package: bash\nStatus: install ok installed\nVersion: 5.2\n';
    const data = await packTar([
      { name: 'var/lib/dpkg/status', content: status },
      { name: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/bash\n' },
      { name: 'usr/bin/tool', content: random },
      { name: 'etc/.wh.os-release', content: '' },
    ]);
    const result = await indexLayer(chunked(data, 100));
    expect(result.index.captured).toEqual({
      '/var/lib/dpkg/status': status,
      '/etc/passwd': 'root:x:0:0:root:/root:/bin/bash\n',
    });
    const none = await indexLayer(chunked(data), { capture: () => false });
    expect(none.index.captured).toBeUndefined();
  });

  it('reports bytes read for progress', async () => {
    const compressed = gzip(await sampleLayer());
    let reported = 0;
    const result = await indexLayer(chunked(compressed, 1000), { onBytes: (n) => (reported += n) });
    expect(reported).toBe(compressed.length);
    expect(result.blobSize).toBe(compressed.length);
  });

  it('rejects truncated and corrupt layers with ARCHIVE_CORRUPT naming the layer', async () => {
    const data = await sampleLayer();
    const inputs = [
      data.subarray(0, 1500), // cut inside a file's data
      gzip(data).subarray(0, 5000),
      zstdCompress(data).subarray(0, 5000),
      randomBytes(4096),
    ];
    for (const input of inputs) {
      const error = await indexLayer(chunked(input), { name: 'layer 7 (test)' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LayerLensError);
      expect((error as LayerLensError).code).toBe('ARCHIVE_CORRUPT');
      expect((error as LayerLensError).message).toContain('layer 7 (test)');
    }
  });

  it('is cancelled by its signal, even while the source is stalled', async () => {
    const controller = new AbortController();
    const source = new Readable({ read() {} });
    source.push(await sampleLayer().then((d) => d.subarray(0, 2048)));
    const pending = indexLayer(source, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(source.destroyed).toBe(true);
  });

  it('streams a large single-file layer with bounded memory', async () => {
    const fileSize = 256 * 1024 * 1024;
    // The header of a 256 MiB file, then zeros streamed in 1 MiB chunks, then the end-of-archive blocks.
    const headerBlock = Buffer.from((await packTar([{ name: 'big.bin', content: Buffer.alloc(1) }])).subarray(0, 512));
    headerBlock.write(fileSize.toString(8).padStart(11, '0') + '\0', 124, 'latin1');
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : headerBlock[i];
    headerBlock.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
    const zeros = Buffer.alloc(1024 * 1024);
    let peak = 0;
    const before = process.memoryUsage();
    const sample = (): void => {
      const now = process.memoryUsage();
      peak = Math.max(peak, now.heapUsed + now.arrayBuffers - before.heapUsed - before.arrayBuffers);
    };
    async function* source(): AsyncGenerator<Buffer> {
      yield headerBlock;
      for (let sent = 0; sent < fileSize; sent += zeros.length) {
        sample();
        yield zeros;
      }
      yield Buffer.alloc(1024);
    }
    const result = await indexLayer(source());
    expect(result.index.entries).toHaveLength(1);
    expect(result.index.entries.at(0)).toMatchObject({ path: '/big.bin', size: fileSize });
    expect(result.index.sizeBytes).toBe(fileSize);
    expect(result.tarSize).toBe(512 + fileSize + 1024);
    // Buffering the file would cost 256 MiB; streaming costs a few chunks.
    expect(peak).toBeLessThan(48 * 1024 * 1024);
  }, 60_000);
});

describeWithDiveArchives("indexLayer on dive's eStargz layer", () => {
  it('stops at the end-of-archive marker as Docker does (the eStargz TOC is not a file of the layer)', async () => {
    const blob = await tarMember(
      diveArchive('test-oci-estargz-image.tar'),
      'blobs/sha256/faae588a698ab938e22085e54a6ee1dcab88eca70618c8cca18cd1169ce7cb5a',
    );
    const result = await indexLayer(chunked(blob, 300));
    expect(result.index.diffId).toBe('sha256:2b3dbfdf131b60e153f6c11e1781c35dcaab001dde8f65c5efaad5813817800e');
    expect(result.index.entries.map((e) => e.path)).toEqual(['/README.md']);
    expect(result.index.sizeBytes).toBe(11189);
  });
});
