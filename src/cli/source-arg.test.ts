import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { UsageError } from './command';
import { sourceKindOption, sourceOf } from './source-arg';

describe('what an image argument names', () => {
  it('is a registry image only when said so: registry:// or --source registry', () => {
    expect(sourceOf('registry://127.0.0.1:5000/app:1')).toEqual({ kind: 'registry', ref: '127.0.0.1:5000/app:1' });
    expect(sourceOf('127.0.0.1:5000/app:1', 'registry')).toEqual({ kind: 'registry', ref: '127.0.0.1:5000/app:1' });
    expect(sourceOf('registry://ghcr.io/a/b', 'registry')).toEqual({ kind: 'registry', ref: 'ghcr.io/a/b' });
    // Without either, a name is always a local image, even one that names a registry.
    expect(sourceOf('127.0.0.1:5000/app:1')).toEqual({ kind: 'engine', ref: '127.0.0.1:5000/app:1' });
    expect(sourceOf('ghcr.io/a/b:1')).toEqual({ kind: 'engine', ref: 'ghcr.io/a/b:1' });
  });

  it('refuses an empty registry reference and a prefix that contradicts --source', () => {
    expect(() => sourceOf('registry://')).toThrow(UsageError);
    expect(() => sourceOf('registry://a/b', 'engine')).toThrow(UsageError);
  });

  it('reads --source, and lets it force a kind', () => {
    expect(sourceKindOption({})).toBeUndefined();
    expect(sourceKindOption({ source: 'registry' })).toBe('registry');
    expect(() => sourceKindOption({ source: 'cloud' })).toThrow(/--source is one of engine, archive, oci-dir, registry/);
    expect(sourceOf(os.tmpdir(), 'engine')).toEqual({ kind: 'engine', ref: os.tmpdir() });
    expect(sourceOf(os.tmpdir())).toMatchObject({ kind: 'oci-dir' });
  });
});
