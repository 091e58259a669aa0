import { describe, expect, it } from 'vitest';
import { toolKind, toolName } from './tools';

describe('toolKind', () => {
  it.each([
    ['/bin/sh', 'shell'],
    ['/usr/bin/bash', 'shell'],
    ['/bin/busybox', 'shell'],
    ['/usr/bin/apt-get', 'package-manager'],
    ['/usr/local/bin/npm', 'package-manager'],
    ['/usr/bin/pip3.11', 'package-manager'],
    ['/usr/bin/gcc-12', 'compiler'],
    ['/usr/bin/x86_64-linux-gnu-gcc-12', 'compiler'],
    ['/usr/bin/make', 'compiler'],
    ['/usr/bin/node', undefined],
    ['/usr/share/bash', undefined],
    ['/app/bin/sh', undefined],
  ])('%s -> %s', (path, kind) => expect(toolKind(path)).toBe(kind));

  it('strips versions and target triples', () => {
    expect(toolName('/usr/bin/aarch64-linux-gnu-ld.bfd')).toBe('ld.bfd');
    expect(toolName('/usr/bin/clang-17')).toBe('clang');
  });
});
