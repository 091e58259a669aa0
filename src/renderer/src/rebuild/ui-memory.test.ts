import { describe, expect, it } from 'vitest';
import { rememberedForContext, rememberForContext } from './ui-memory';

function memoryStore() {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

describe('memory per build context', () => {
  it('remembers the runtime base and the image name per folder and Dockerfile', () => {
    const store = memoryStore();
    rememberForContext('/src/app/', undefined, { runtimeBase: 'node:18-slim' }, store);
    rememberForContext('/src/app', 'Dockerfile', { image: 'app:1' }, store);
    rememberForContext('/src/app', 'Dockerfile.prod', { runtimeBase: 'node:18-alpine' }, store);
    expect(rememberedForContext('/src/app', 'Dockerfile', store)).toEqual({ runtimeBase: 'node:18-slim', image: 'app:1' });
    expect(rememberedForContext('/src/app', 'Dockerfile.prod', store)).toEqual({ runtimeBase: 'node:18-alpine' });
    expect(rememberedForContext('/src/other', undefined, store)).toEqual({});
  });

  it('forgets a field set to ""', () => {
    const store = memoryStore();
    rememberForContext('/a', undefined, { runtimeBase: 'x', image: 'a:1' }, store);
    rememberForContext('/a', undefined, { runtimeBase: '' }, store);
    expect(rememberedForContext('/a', undefined, store)).toEqual({ image: 'a:1' });
    rememberForContext('/a', undefined, { image: '' }, store);
    expect(store.data.get('layerlens.rebuild.contexts')).toBe('{}');
  });

  it('survives a broken or missing store', () => {
    const store = memoryStore();
    store.setItem('layerlens.rebuild.contexts', 'not json');
    expect(rememberedForContext('/a', undefined, store)).toEqual({});
    expect(rememberedForContext('/a', undefined, undefined)).toEqual({});
    expect(() => rememberForContext('/a', undefined, { runtimeBase: 'x' }, undefined)).not.toThrow();
  });
});
