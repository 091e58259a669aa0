import { describe, expect, it } from 'vitest';
import { EntryTable } from './entry-table';
import type { LayerEntry } from './model';

const base = { size: 0, mode: 0o644, uid: 0, gid: 0 };

describe('EntryTable', () => {
  it('gives back every field of every row exactly, rare ones included', () => {
    const entries: LayerEntry[] = [
      { ...base, path: '/app/index.js', type: 'file', size: 1234, hash: '0123456789abcdef' },
      { ...base, path: '/app/old', type: 'file', hash: 'hash:/app/old:7', size: 7 },
      { ...base, path: '/app', type: 'dir', mode: 0o755, uid: 1000, gid: 1000 },
      { ...base, path: '/app/link', type: 'symlink', linkTarget: '/etc/passwd', unsafe: 'absolute symlink target "/etc/passwd"' },
      { ...base, path: '/app/hard', type: 'hardlink', linkTarget: 'app/index.js' },
      { ...base, path: '/app/gone', type: 'file', whiteout: true },
      { ...base, path: '/app/cache', type: 'file', opaque: true },
      { ...base, path: '/dev/null', type: 'other', uid: 2 ** 40, gid: -1, mode: 0o20666 },
      { ...base, path: '/big.iso', type: 'file', size: 2 ** 45 + 3, hash: 'ffffffff00000000' },
    ];
    const table = EntryTable.of(entries);
    expect(table).toHaveLength(entries.length);
    expect(table.toArray()).toEqual(entries);
    expect(JSON.parse(JSON.stringify(table))).toEqual(entries);
    expect(table.path(5)).toBe('/app/gone');
    expect([table.isWhiteout(5), table.isOpaque(6), table.isMarker(0)]).toEqual([true, true, false]);
    expect(table.packedHash(0)).toEqual([0x01234567, 0x89abcdef]);
    expect(table.packedHash(1)).toBeUndefined();
    expect(table.hash(1)).toBe('hash:/app/old:7');
  });

  it('keeps its rows in order as it grows, and past 65 536 distinct owners', () => {
    const entries: LayerEntry[] = Array.from({ length: 70_000 }, (_, i) => ({
      path: `/f/${i}`,
      type: 'file',
      size: i,
      mode: 0o600,
      uid: i,
      gid: 7,
      hash: i.toString(16).padStart(16, '0'),
    }));
    const table = EntryTable.of(entries);
    expect(table).toHaveLength(70_000);
    for (const i of [0, 1, 16, 65_535, 65_536, 65_537, 69_999]) expect(table.at(i)).toEqual(entries[i]);
  });

  it('gives back every path exactly: wide and escaped names, no directory, and rows in many groups and the open one', () => {
    const odd = ['/usr/share/日本語.txt', '/x/caf\u00e9', '/x/\\xff\\xfe', 'relative', '/', '/dir/', '/a/b/\u{1F600}', '/\ud800lone', '/é/ü'];
    const many = Array.from({ length: 70_000 }, (_, i) => `/d${i % 69_999}/f${i}`); // 17 full groups of 4,096 rows, then the open one
    const paths = [...odd, ...many, '/d0/again', ...odd];
    const table = EntryTable.of(paths.map((path) => ({ ...base, path, type: 'file' as const })));
    expect(paths.every((path, row) => table.path(row) === path && table.at(row).path === path)).toBe(true);
  });

  it('answers find, some, filter and map over its rows', () => {
    const table = EntryTable.of([
      { ...base, path: '/a', type: 'dir' },
      { ...base, path: '/a/b', type: 'file', size: 3 },
    ]);
    expect(table.find((e) => e.type === 'file')?.path).toBe('/a/b');
    expect(table.some((e) => e.path === '/c')).toBe(false);
    expect(table.filter((e) => e.size > 0).map((e) => e.path)).toEqual(['/a/b']);
    expect(table.map((e) => e.path)).toEqual(['/a', '/a/b']);
  });
});
