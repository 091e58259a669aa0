import { describe, expect, it } from 'vitest';
import { parseTarNumber, TarEndFinder } from './tar-end';
import { packTar } from './test-support';

describe('TarEndFinder', () => {
  it('finds the end-of-archive marker after entries with data, pax headers and long names', async () => {
    const data = await packTar([
      { name: 'a.txt', content: 'x'.repeat(700) },
      { name: `${'long/'.repeat(40)}name.txt`, content: 'y' },
      { name: 'dir/', type: 'directory' },
    ]);
    // Whatever comes after the marker is not part of the archive.
    const withTail = Buffer.concat([data, (await packTar([{ name: 'after.txt', content: 'z' }])).subarray(0, 1024)]);
    for (const chunkSize of [1, 100, 512, 100_000]) {
      const finder = new TarEndFinder();
      for (let i = 0; i < withTail.length; i += chunkSize) finder.push(withTail.subarray(i, i + chunkSize));
      expect(finder.end).toBe(data.length - 1024);
    }
  });

  it('reports no end for a tar without the marker', async () => {
    const data = await packTar([{ name: 'a.txt', content: 'x' }]);
    const finder = new TarEndFinder();
    finder.push(data.subarray(0, 1024));
    expect(finder.end).toBeUndefined();
  });

  it('parses octal and base-256 numbers', () => {
    expect(parseTarNumber(Buffer.from('00000001750\0'))).toBe(0o1750);
    const big = Buffer.alloc(12);
    big[0] = 0x80;
    big.writeUInt32BE(3 * 1024 * 1024 * 1024, 8);
    expect(parseTarNumber(big)).toBe(3 * 1024 * 1024 * 1024);
  });
});
