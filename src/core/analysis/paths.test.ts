import { describe, expect, it } from 'vitest';
import { baseName, compareCodePoints, isWithin, parentOf, segments } from './paths';

describe('paths', () => {
  it('splits paths', () => {
    expect(parentOf('/a/b')).toBe('/a');
    expect(parentOf('/a')).toBe('/');
    expect(parentOf('/')).toBe('');
    expect(baseName('/a/b.txt')).toBe('b.txt');
    expect(segments('/a//b/')).toEqual(['a', 'b']);
  });

  it('tests containment on whole segments', () => {
    expect(isWithin('/a/b', '/a')).toBe(true);
    expect(isWithin('/a', '/a')).toBe(true);
    expect(isWithin('/ab', '/a')).toBe(false);
    expect(isWithin('/x', '/')).toBe(true);
  });

  it('orders by code point like Go byte order', () => {
    expect(['b', '.wh.a', 'B', 'a'].sort(compareCodePoints)).toEqual(['.wh.a', 'B', 'a', 'b']);
    // U+FF01 (fullwidth !) < U+1F600 (emoji, a surrogate pair in UTF-16)
    expect(compareCodePoints('\uFF01', '\u{1F600}')).toBeLessThan(0);
    expect(compareCodePoints('ab', 'a')).toBeGreaterThan(0);
  });
});
