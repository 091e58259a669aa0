import { describe, expect, it } from 'vitest';
import { buildToolchainFindings, isToolchainPath } from './build-toolchain';
import { contextOf } from './test-context';
import { buildImage, file, layer, symlink } from '../testing/image-builder';

describe('buildToolchainFindings', () => {
  it('sums compilers, headers and static libraries of the final image', () => {
    const image = buildImage([
      layer('base', [file('/usr/bin/node', 5000)]),
      layer('/bin/sh -c apt-get install -y build-essential', [
        file('/usr/bin/gcc-12', 900),
        symlink('/usr/bin/gcc', 'gcc-12'),
        file('/usr/bin/make', 200),
        file('/usr/include/stdio.h', 30),
        file('/usr/lib/gcc/x86_64-linux-gnu/12/cc1', 3000),
        file('/usr/lib/x86_64-linux-gnu/libc.a', 700),
      ]),
    ]);
    const [finding] = buildToolchainFindings(contextOf(image));
    expect(finding).toMatchObject({ bytes: 4830, fileCount: 6, layerIndex: 1 });
    expect(finding.files[0]).toEqual({ path: '/usr/lib/gcc/x86_64-linux-gnu/12/cc1', bytes: 3000 });
    expect(finding.fix).toContain('multi-stage');
  });

  it('stays quiet on runtime-only images', () => {
    expect(isToolchainPath('/usr/lib/x86_64-linux-gnu/libc.so.6')).toBe(false);
    expect(buildToolchainFindings(contextOf(buildImage([layer('a', [file('/usr/bin/node', 1)])])))).toEqual([]);
  });
});
