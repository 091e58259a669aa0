import { describe, expect, it } from 'vitest';
import { buildTreemap, squarify } from './treemap';

describe('squarify', () => {
  it('fills the box with areas proportional to the values', () => {
    const box = { x: 0, y: 0, w: 600, h: 400 };
    const values = [6, 6, 4, 3, 2, 2, 1];
    const rects = squarify(values, box);
    const total = values.reduce((a, b) => a + b, 0);
    rects.forEach((r, i) => {
      expect(r.w * r.h).toBeCloseTo((values[i] / total) * 600 * 400, 3);
      expect(r.x).toBeGreaterThanOrEqual(-1e-9);
      expect(r.y).toBeGreaterThanOrEqual(-1e-9);
      expect(r.x + r.w).toBeLessThanOrEqual(600 + 1e-9);
      expect(r.y + r.h).toBeLessThanOrEqual(400 + 1e-9);
    });
    // Squarified: no sliver worse than 1:4 for this classic example.
    for (const r of rects) expect(Math.max(r.w / r.h, r.h / r.w)).toBeLessThan(4);
  });
});

describe('buildTreemap', () => {
  const many = Array.from({ length: 5000 }, (_, i) => ({
    path: `/usr/lib/pkg${i % 40}/file${i}.so`,
    bytes: 1000 + (i % 97) * 500,
  }));
  many.push({ path: '/opt/app/big.bin', bytes: 50_000_000 }, { path: '/etc/passwd', bytes: 900 }, { path: '/empty', bytes: 0 });

  it('aggregates any number of files into at most the budget of rectangles, keeping every byte', () => {
    const map = buildTreemap(many, { maxRects: 300 });
    expect(map.rects.length).toBeLessThanOrEqual(300);
    expect(map.rects.length).toBeGreaterThan(40);
    const total = many.reduce((sum, f) => sum + f.bytes, 0);
    expect(map.totalBytes).toBe(total);
    expect(map.rects.reduce((sum, r) => sum + r.bytes, 0)).toBe(total);
    expect(map.fileCount).toBe(many.length - 1); // the empty file has no area
    expect(map.rects.some((r) => r.kind === 'rest')).toBe(true);
    for (const r of map.rects) {
      expect(r.x + r.w).toBeLessThanOrEqual(map.width + 0.01);
      expect(r.y + r.h).toBeLessThanOrEqual(map.height + 0.01);
    }
  });

  it('gives top-level directories their own colour and frame, and is deterministic', () => {
    const a = buildTreemap(many);
    const b = buildTreemap([...many].reverse());
    expect(b).toEqual(a);
    expect(a.groups.map((g) => g.path)).toEqual(expect.arrayContaining(['/usr', '/opt']));
    const big = a.rects.find((r) => r.path === '/opt/app/big.bin')!;
    expect(big.label).toContain('big.bin');
    const usrFills = new Set(a.rects.filter((r) => r.path.startsWith('/usr/') && r.kind !== 'rest').map((r) => r.fill));
    expect(usrFills.size).toBe(1);
    expect(usrFills.has(big.fill)).toBe(false);
  });

  it('draws nothing for an empty filesystem', () => {
    expect(buildTreemap([]).rects).toEqual([]);
  });
});
