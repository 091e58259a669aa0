import { describe, expect, it } from 'vitest';
import { chooseBases, guessFacts, parseImageRef, runtimeVariant } from './base-images';

describe('base images', () => {
  it('parses refs with registries and ports', () => {
    expect(parseImageRef('node:18')).toEqual({ name: 'node', tag: '18', digest: undefined });
    expect(parseImageRef('localhost:5000/a/b')).toEqual({ name: 'localhost:5000/a/b', digest: undefined });
    expect(parseImageRef('x/y:1@sha256:ab')).toEqual({ name: 'x/y', tag: '1', digest: 'sha256:ab' });
  });
  it('maps official tags to alpine, or slim with native addons', () => {
    expect(runtimeVariant('18', false)).toBe('18-alpine');
    expect(runtimeVariant('18', true)).toBe('18-slim');
    expect(runtimeVariant('20-bookworm', true)).toBe('20-bookworm-slim');
    expect(runtimeVariant('${NODE_VERSION}', false)).toBe('${NODE_VERSION}-alpine');
    expect(runtimeVariant(undefined, false)).toBe('alpine');
    expect(runtimeVariant('18-alpine', false)).toBeUndefined();
  });
  it('never puts glibc-built addons on musl', () => {
    expect(chooseBases({ original: 'node:18', nativeAddons: ['bcrypt'] }).runtime).toBe('node:18-slim');
    expect(() => chooseBases({ original: 'node:18', nativeAddons: ['bcrypt'], runtimeBase: 'node:18-alpine' })).toThrow(/musl/);
    expect(chooseBases({ original: 'node:18-alpine', nativeAddons: ['bcrypt'] }).runtime).toBe('node:18-alpine');
  });
  it('keeps unknown bases and the user choice', () => {
    const choice = chooseBases({ original: 'acme/node:18', nativeAddons: [] });
    expect(choice.runtime).toBe('acme/node:18');
    expect(choice.noSmallerVariant).toBe(true);
    expect(chooseBases({ original: 'node:18', nativeAddons: [], runtimeBase: 'x/slim:1', builderBase: 'x/full:1' })).toMatchObject({
      runtime: 'x/slim:1',
      builder: 'x/full:1',
    });
    expect(guessFacts('node:18-alpine')).toMatchObject({ libc: 'musl', nodeUser: true });
  });
});
