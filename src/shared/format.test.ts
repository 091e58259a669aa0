import { describe, expect, it } from 'vitest';
import { formatAge, formatBytes, formatPercent, shortId } from './format';

describe('format', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1.00 kB'],
    [1_234_567, '1.23 MB'],
    [405_403_482, '405 MB'],
    [1_100_000_000, '1.10 GB'],
    [-2_500_000, '-2.50 MB'],
  ])('formatBytes(%d) = %s', (n, text) => expect(formatBytes(n)).toBe(text));

  it('formats ratios and ages', () => {
    expect(formatPercent(0.4834911)).toBe('48.3 %');
    expect(formatAge(1000, 1000_000 + 3 * 86_400_000)).toBe('3 days ago');
    expect(formatAge(1000, 1000_000)).toBe('just now');
    expect(shortId('sha256:0123456789abcdef')).toBe('0123456789ab');
  });
});
