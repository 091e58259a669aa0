import { createHash, randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { pump, type ByteSource } from './byte-sink';
import { createDecompressor, decompressingSink, sniffCompression, ZstdDecompressStream } from './compression';
import type { Compression } from './model';
import { describeWithDiveArchives, diveArchive } from '../../../test/dive-fixtures';
import { chunked, gzip, packTar, tarMember, zstdCompress } from './test-support';

/** Everything `decompressingSink` passes on for `source`, and the compression it sniffed. */
async function decompress(source: ByteSource): Promise<{ compression?: Compression; data: Buffer }> {
  const parts: Buffer[] = [];
  let compression: Compression | undefined;
  const collect = { write: (bytes: Buffer) => void parts.push(Buffer.from(bytes)), end: () => undefined };
  await pump(
    source,
    decompressingSink(collect, (sniffed) => (compression = sniffed)),
  );
  return { compression, data: Buffer.concat(parts) };
}

const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** A tar of some compressible text and some random bytes. */
async function sampleTar(): Promise<Buffer> {
  return packTar([
    { name: 'etc/', type: 'directory', mode: 0o755 },
    { name: 'etc/words.txt', content: 'layerlens '.repeat(50_000) },
    { name: 'bin/random.bin', content: randomBytes(300_000) },
  ]);
}

describe('sniffCompression', () => {
  it('tells gzip, zstd and plain data apart from the first bytes', async () => {
    const data = await sampleTar();
    expect(sniffCompression(gzip(data))).toBe('gzip');
    expect(sniffCompression(zstdCompress(data))).toBe('zstd');
    expect(sniffCompression(data)).toBe('none');
    expect(sniffCompression(Buffer.alloc(0))).toBe('none');
    expect(sniffCompression(Buffer.from([0x1f]))).toBe('none');
  });
});

describe('decompressingSink', () => {
  it('gives back the same tar from gzip, zstd and plain input', async () => {
    const data = await sampleTar();
    for (const [input, expected] of [
      [gzip(data), 'gzip'],
      [zstdCompress(data), 'zstd'],
      [data, 'none'],
    ] as const) {
      const { compression, data: output } = await decompress(chunked(input, 1000));
      expect(compression).toBe(expected);
      expect(sha(output)).toBe(sha(data));
    }
  });

  it('reads concatenated gzip members (as eStargz layers are written)', async () => {
    const data = await sampleTar();
    const cut = 123_457;
    const members = Buffer.concat([gzip(data.subarray(0, cut)), gzip(data.subarray(cut))]);
    expect(sha((await decompress(chunked(members))).data)).toBe(sha(data));
  });

  it('rejects truncated gzip and zstd data', async () => {
    const data = await sampleTar();
    for (const compressed of [gzip(data), zstdCompress(data)]) {
      await expect(decompress(chunked(compressed.subarray(0, compressed.length >> 1)))).rejects.toThrow();
    }
  });

  it('sniffs data that arrives a byte at a time, and data shorter than a magic number', async () => {
    const text = Buffer.from('layerlens '.repeat(100));
    const byteWise = await decompress(chunked(gzip(text), 1));
    expect(byteWise.compression).toBe('gzip');
    expect(byteWise.data.equals(text)).toBe(true);
    const tiny = await decompress(chunked(Buffer.from([0x28, 0xb5]), 1)); // half a zstd magic number
    expect(tiny).toEqual({ compression: 'none', data: Buffer.from([0x28, 0xb5]) });
  });

  it('passes a source error through', async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3]);
      throw new Error('disk on fire');
    }
    await expect(decompress(failing())).rejects.toThrow('disk on fire');
  });
});

describeWithDiveArchives("decompressingSink on dive's blobs", () => {
  it('decompresses the zstd and eStargz blobs to their diff IDs', async () => {
    const zstdBlob = await tarMember(
      diveArchive('test-oci-zstd-image.tar'),
      'blobs/sha256/0308a5d81b28debb7e24a609dcdfca5fdb64c908bda38b0e4774a7d017a67297',
    );
    const zstd = await decompress(chunked(zstdBlob, 100));
    expect(sha(zstd.data)).toBe('356d5e7f4012d87cb1078ac1f480e90528eec4940ce45c50380321436db38758');
    const estargzBlob = await tarMember(
      diveArchive('test-oci-estargz-image.tar'),
      'blobs/sha256/faae588a698ab938e22085e54a6ee1dcab88eca70618c8cca18cd1169ce7cb5a',
    );
    const estargz = await decompress(chunked(estargzBlob, 100));
    expect(sha(estargz.data)).toBe('2b3dbfdf131b60e153f6c11e1781c35dcaab001dde8f65c5efaad5813817800e');
  });
});

describe('ZstdDecompressStream', () => {
  it('holds back input while the reader is slow (bounded buffering)', async () => {
    // 64 MiB of zeros compresses to a few KiB: one input chunk could expand without limit.
    const plain = Buffer.alloc(64 * 1024 * 1024);
    const compressed = zstdCompress(plain);
    expect(compressed.length).toBeLessThan(64 * 1024);
    const decoder = createDecompressor('zstd') as ZstdDecompressStream;
    let maxBuffered = 0;
    let total = 0;
    const slow = new Writable({
      highWaterMark: 64 * 1024,
      write(chunk: Buffer, _encoding, callback) {
        maxBuffered = Math.max(maxBuffered, decoder.readableLength);
        total += chunk.length;
        setImmediate(callback);
      },
    });
    await pipeline(Readable.from([compressed]), decoder, slow);
    expect(total).toBe(plain.length);
    // Without backpressure the whole 64 MiB would sit in the readable buffer.
    expect(maxBuffered).toBeLessThan(8 * 1024 * 1024);
  });
});
