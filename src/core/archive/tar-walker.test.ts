import { describe, expect, it } from 'vitest';
import { TarWalker, type MemberSink, type TarMember } from './tar-walker';
import { packTar } from './test-support';

interface Seen {
  member: TarMember;
  data: Buffer;
}

/** Walks `data` in chunks of `chunkSize`, collecting every member with its data. */
async function walk(data: Buffer, chunkSize: number, slowSink = false): Promise<{ seen: Seen[]; walker: TarWalker }> {
  const seen: Seen[] = [];
  const walker = new TarWalker((member) => {
    const parts: Buffer[] = [];
    const record: Seen = { member, data: Buffer.alloc(0) };
    seen.push(record);
    const sink: MemberSink = {
      data: (bytes) => {
        parts.push(Buffer.from(bytes));
        // A sink that makes the walker wait must get the rest of the chunk afterwards, in order.
        if (slowSink) return new Promise<void>((resolve) => setImmediate(resolve));
      },
      end: () => {
        record.data = Buffer.concat(parts);
      },
    };
    return sink;
  });
  for (let i = 0; i < data.length; i += chunkSize) {
    // The walker must not keep the caller's bytes: hand it a buffer that is overwritten afterwards.
    const chunk = Buffer.from(data.subarray(i, i + chunkSize));
    const wait = walker.write(chunk);
    if (wait) await wait;
    chunk.fill(0xee);
  }
  walker.end();
  return { seen, walker };
}

/** Sets a header block's size field and recomputes its checksum. */
function withSize(header: Buffer, size: number): Buffer {
  const block = Buffer.from(header.subarray(0, 512));
  block.write(size.toString(8).padStart(11, '0') + '\0', 124, 'latin1');
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += block[i];
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return block;
}

describe('TarWalker', () => {
  it('reads members, their data and PAX long names, whatever the chunking, and stops at the end marker', async () => {
    const longName = `${'long/'.repeat(40)}name.txt`;
    const archive = await packTar([
      { name: 'a.txt', content: 'x'.repeat(700), mode: 0o640, uid: 1000, gid: 1001 },
      { name: longName, content: 'y' },
      { name: 'dir/', type: 'directory' },
      { name: 'link', type: 'symlink', linkname: '/a.txt' },
      { name: 'empty', content: '' },
    ]);
    // Whatever follows the end-of-archive marker is not part of the archive (eStargz keeps its TOC there).
    const tail = (await packTar([{ name: 'after.txt', content: 'z' }])).subarray(0, 1024);
    for (const chunkSize of [1, 100, 512, 1000, 100_000]) {
      for (const slow of chunkSize >= 512 ? [false, true] : [false]) {
        const { seen, walker } = await walk(Buffer.concat([archive, tail]), chunkSize, slow);
        expect(walker.finished).toBe(true);
        expect(seen.map((s) => [s.member.path, s.member.type, s.member.size])).toEqual([
          ['a.txt', 'file', 700],
          [longName, 'file', 1],
          ['dir/', 'dir', 0],
          ['link', 'symlink', 0],
          ['empty', 'file', 0],
        ]);
        expect(seen[0].member).toMatchObject({ mode: 0o640, uid: 1000, gid: 1001 });
        expect(seen[0].data.toString()).toBe('x'.repeat(700));
        expect(seen[1].data.toString()).toBe('y');
        expect(seen[3].member.linkTarget).toBe('/a.txt');
      }
    }
  });

  it('reads no data after a link header, whatever its size field says (as Go and Docker do)', async () => {
    const archive = await packTar([
      { name: 'link', type: 'symlink', linkname: 'target' },
      { name: 'next.txt', content: 'after' },
    ]);
    const tampered = Buffer.concat([withSize(archive, 1000), archive.subarray(512)]);
    const { seen } = await walk(tampered, 4096);
    expect(seen.map((s) => s.member.path)).toEqual(['link', 'next.txt']);
    expect(seen[1].data.toString()).toBe('after');
  });

  it('rejects a corrupt header and an archive cut inside a member', async () => {
    const archive = await packTar([{ name: 'a.txt', content: 'x'.repeat(2000) }]);
    const corrupt = Buffer.from(archive);
    corrupt[10] ^= 0xff;
    await expect(walk(corrupt, 4096)).rejects.toThrow(/Invalid tar header/);
    await expect(walk(archive.subarray(0, 1200), 4096)).rejects.toThrow(/Unexpected end of data/);
    await expect(walk(archive.subarray(0, 300), 4096)).rejects.toThrow(/Unexpected end of data/);
    // An archive that ends cleanly between members without the marker is whole (Go reads it so too).
    const { seen } = await walk(archive.subarray(0, 512 + 2048), 4096);
    expect(seen.map((s) => s.data.length)).toEqual([2000]);
  });
});
