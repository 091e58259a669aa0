import { describe, expect, it } from 'vitest';
import { TarWalker, type MemberSink, type TarMember } from './tar-walker';
import { paxPathMember, rawNameMember, rawPaxMember } from '../../../test/hostile-layers';
import { packTar, paxRecords, rawTarHeader, rawTarMember, tarEndMarker } from './test-support';

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
  it('reads members, their data and ustar-prefixed long names, whatever the chunking, and stops at the end marker', async () => {
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

/** The members of a hand-made archive, as [path, type, size, data]. */
async function membersOf(...parts: Buffer[]): Promise<[string, string, number, string][]> {
  const { seen } = await walk(Buffer.concat([...parts, tarEndMarker]), 1000);
  return seen.map((s) => [s.member.path, s.member.type, s.member.size, s.data.toString()]);
}

describe('TarWalker reads headers as Go archive/tar (Docker, dive) does', () => {
  it('applies a PAX header to the next member only: path without the ustar prefix, size, uid', async () => {
    const members = await membersOf(
      rawTarMember({ name: 'PaxHeaders/x', type: 'x' }, paxRecords({ path: 'etc/passwd', size: '5', uid: '1234' })),
      rawTarMember({ name: 'short', prefix: 'decoy', size: 9 }, 'root:x:0:'.slice(0, 5)),
      rawTarMember({ name: 'next.txt', uid: 7 }, 'after'),
    );
    expect(members).toEqual([
      ['etc/passwd', 'file', 5, 'root:'],
      ['next.txt', 'file', 5, 'after'],
    ]);
    const { seen } = await walk(
      Buffer.concat([
        rawTarMember({ name: 'PaxHeaders/x', type: 'x' }, paxRecords({ uid: '1234' })),
        rawTarMember({ name: 'a' }, 'a'),
        rawTarMember({ name: 'b', uid: 7 }, 'b'),
        tarEndMarker,
      ]),
      512,
    );
    expect(seen.map((s) => s.member.uid)).toEqual([1234, 7]);
  });

  it('ignores global PAX headers, as Docker does: they neither reframe nor re-own later members', async () => {
    const { seen } = await walk(
      Buffer.concat([
        rawTarMember({ name: 'pax_global_header', type: 'g' }, paxRecords({ size: '0', uid: '1000' })),
        rawTarMember({ name: 'usr/bin/su', mode: 0o4755, uid: 0 }, 'setuid binary'),
        tarEndMarker,
      ]),
      4096,
    );
    expect(seen.map((s) => [s.member.path, s.member.uid, s.data.toString()])).toEqual([['usr/bin/su', 0, 'setuid binary']]);
  });

  it('takes GNU long names and links, which win over PAX', async () => {
    const longName = `${'n'.repeat(150)}/file`;
    const longLink = `${'l'.repeat(150)}/target`;
    const { seen } = await walk(
      Buffer.concat([
        rawTarMember({ name: 'PaxHeaders/x', type: 'x' }, paxRecords({ path: 'pax-name' })),
        rawTarMember({ name: '././@LongLink', type: 'L', format: 'gnu' }, `${longName}\0`),
        rawTarMember({ name: '././@LongLink', type: 'K', format: 'gnu' }, `${longLink}\0`),
        rawTarHeader({ name: 'truncated', type: '2', linkname: 'truncated', format: 'gnu' }),
        tarEndMarker,
      ]),
      700,
    );
    expect(seen.map((s) => [s.member.path, s.member.type, s.member.linkTarget])).toEqual([[longName, 'symlink', longLink]]);
  });

  it('keeps the data of a regular file whose name ends in "/" (only an old-style entry is a directory)', async () => {
    const hidden = rawTarMember({ name: 'usr/bin/evil' }, 'payload');
    const members = await membersOf(
      // A type-0 entry named like a directory, whose data looks like a header: it is a file's content.
      rawTarMember({ name: 'foo/', type: '0' }, rawTarHeader({ name: 'decoy', size: 512 })),
      hidden,
      rawTarMember({ name: 'bar/', type: '\0', size: 1024 }, ''),
    );
    expect(members.map(([path, type, size]) => [path, type, size])).toEqual([
      ['foo/', 'file', 512],
      ['usr/bin/evil', 'file', 7],
      ['bar/', 'dir', 0],
    ]);
  });

  it('reads base-256 sizes and signed checksums', async () => {
    const members = await membersOf(
      rawTarMember({ name: 'big-number', base256Size: true }, 'x'.repeat(600)),
      rawTarMember({ name: 'caf\u00e9-\u00fc\u00f1\u00ee', signedChecksum: true }, 'old tar'),
      rawTarMember({ name: 'plain-v7', format: 'v7', prefix: 'not-a-prefix' }, 'v7'),
    );
    expect(members).toEqual([
      ['big-number', 'file', 600, 'x'.repeat(600)],
      ['caf\u00e9-\u00fc\u00f1\u00ee', 'file', 7, 'old tar'],
      ['plain-v7', 'file', 2, 'v7'],
    ]);
  });

  it.each([
    ['a size that is not octal', [Buffer.from(rawTarHeader({ name: 'a' }).fill('9', 124, 135))]],
    ['a PAX size that is not a number', [rawTarMember({ name: 'p', type: 'x' }, paxRecords({ size: '0x10' })), rawTarMember({ name: 'a' })]],
    ['a negative PAX size', [rawTarMember({ name: 'p', type: 'x' }, paxRecords({ size: '-1' })), rawTarMember({ name: 'a' })]],
    ['a PAX record with a wrong length', [rawTarMember({ name: 'p', type: 'x' }, '99 path=x\n'), rawTarMember({ name: 'a' })]],
    ['a header after a single zero block', [Buffer.alloc(512), rawTarMember({ name: 'a' }, 'a')]],
    ['an old GNU sparse file', [rawTarMember({ name: 'sparse', type: 'S', format: 'gnu' }, 'x')]],
    [
      'a PAX GNU sparse file',
      [
        rawTarMember({ name: 'p', type: 'x' }, paxRecords({ 'GNU.sparse.name': 'usr/bin/x', 'GNU.sparse.major': '1' })),
        rawTarMember({ name: 'benign' }, 'x'),
      ],
    ],
  ])('refuses %s as a corrupt header', async (_what, parts) => {
    await expect(walk(Buffer.concat([...(parts as Buffer[]), tarEndMarker]), 4096)).rejects.toThrow(/Invalid tar header/);
  });
});

describe('TarWalker keeps names as bytes, as Go does (names that are not UTF-8 stay distinct)', () => {
  const name = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => Buffer.from(p as string)));

  it('gives names that differ only in bytes that are not UTF-8 distinct, escaped texts', async () => {
    const members = await membersOf(
      rawNameMember(name('a', [0xff]), 'one'),
      rawNameMember(name('a', [0xfe]), 'two'),
      rawNameMember(name('a\uFFFD'), 'three'),
      rawNameMember(name('dir', [0xc3], '/', [0xa9], 'x'), '', { prefix: 'pre' }),
    );
    expect(members.map(([path, , , data]) => [path, data])).toEqual([
      ['a\\xff', 'one'],
      ['a\\xfe', 'two'],
      ['a\uFFFD', 'three'],
      ['pre/dir\\xc3/\\xa9x', ''],
    ]);
  });

  it('keeps the raw bytes of PAX paths and links and of GNU long names', async () => {
    const members = await membersOf(
      paxPathMember(name('etc/', [0xff, 0xfe], '.conf'), 'pax'),
      rawPaxMember({ linkpath: name('target', [0x80]) }),
      rawTarMember({ name: 'link', type: '2' }),
      rawTarMember({ name: '././@LongLink', type: 'L', format: 'gnu' }, name('gnu-', [0xfa], '\0')),
      rawTarMember({ name: 'short', format: 'gnu' }, 'gnu'),
    );
    expect(members.map(([path, , , data]) => [path, data])).toEqual([
      ['etc/\\xff\\xfe.conf', 'pax'],
      ['link', ''],
      ['gnu-\\xfa', 'gnu'],
    ]);
    const { seen } = await walk(
      Buffer.concat([rawPaxMember({ linkpath: name('target', [0x80]) }), rawTarMember({ name: 'link', type: '2' }), tarEndMarker]),
      512,
    );
    expect(seen[0].member.linkTarget).toBe('target\\x80');
  });
});
