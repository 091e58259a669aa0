import { describe, expect, it } from 'vitest';
import { globToRegExp, isGlob, pathMatcher } from './path-match';

describe('path filters', () => {
  it('treats a query with wildcards as a glob', () => {
    expect(isGlob('*.map')).toBe(true);
    expect(isGlob('node_modules')).toBe(false);
  });

  it('matches file names for a pattern without a slash', () => {
    const match = pathMatcher('*.map');
    expect(match('/app/dist/main.js.map')).toBe(true);
    expect(match('/app/dist/main.js')).toBe(false);
  });

  it('lets ** cross directories and * stay within one', () => {
    expect(globToRegExp('/usr/**/*.so').test('/usr/lib/x86_64/libc.so')).toBe(true);
    expect(globToRegExp('/usr/**/*.so').test('/usr/libc.so')).toBe(true);
    expect(globToRegExp('/usr/*/libc.so').test('/usr/lib/x86/libc.so')).toBe(false);
    expect(globToRegExp('lib/?.so').test('/usr/lib/a.so')).toBe(true);
    expect(globToRegExp('[ab].txt').test('/x/b.txt')).toBe(true);
    expect(globToRegExp('[!ab].txt').test('/x/b.txt')).toBe(false);
  });

  it('matches a plain query as a case-insensitive substring', () => {
    const match = pathMatcher('Node_Modules');
    expect(match('/app/node_modules/x')).toBe(true);
    expect(match('/app/src/x')).toBe(false);
    expect(pathMatcher('  ')('/anything')).toBe(true);
  });
});
