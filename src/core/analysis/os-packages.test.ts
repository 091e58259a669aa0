import { describe, expect, it } from 'vitest';
import { devPackagesOfLockfile, parseApkInstalled, parseDpkgStatus, parsePasswd } from './os-packages';

describe('parseDpkgStatus', () => {
  it('keeps installed packages only', () => {
    const text = [
      'Package: libc6\nStatus: install ok installed\nPriority: optional\nVersion: 2.36-9\nDescription: GNU C Library\n multi-line description\n',
      'Package: removed-one\nStatus: deinstall ok config-files\nVersion: 1.0\n',
      'Package: bash\r\nStatus: install ok installed\r\nVersion: 5.2.15-2+b2\r\n',
    ].join('\n');
    expect(parseDpkgStatus(text)).toEqual([
      { name: 'libc6', version: '2.36-9' },
      { name: 'bash', version: '5.2.15-2+b2' },
    ]);
  });

  it('accepts a distroless status.d paragraph without Status', () => {
    expect(parseDpkgStatus('Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\n')).toEqual([
      { name: 'tzdata', version: '2024a-0+deb12u1' },
    ]);
  });
});

describe('parseApkInstalled', () => {
  it('reads P: and V: lines', () => {
    const text = 'C:Q1abc=\nP:musl\nV:1.2.4-r2\nA:x86_64\n\nC:Q1def=\nP:busybox\nV:1.36.1-r5\n';
    expect(parseApkInstalled(text)).toEqual([
      { name: 'musl', version: '1.2.4-r2' },
      { name: 'busybox', version: '1.36.1-r5' },
    ]);
  });
});

describe('parsePasswd', () => {
  it('reads name, uid and gid', () => {
    expect(parsePasswd('root:x:0:0:root:/root:/bin/sh\n# comment\nnode:x:1000:1000::/home/node:/bin/sh\n')).toEqual([
      { name: 'root', uid: 0, gid: 0 },
      { name: 'node', uid: 1000, gid: 1000 },
    ]);
  });
});

describe('devPackagesOfLockfile', () => {
  it('lists dev-only packages of a v2/v3 lockfile', () => {
    const lock = {
      lockfileVersion: 3,
      packages: {
        '': { name: 'app', devDependencies: { jest: '^29' } },
        'node_modules/jest': { version: '29.0.0', dev: true },
        'node_modules/jest/node_modules/chalk': { version: '4.0.0', dev: true },
        'node_modules/express': { version: '4.0.0' },
        'node_modules/fsevents': { version: '2.0.0', devOptional: true },
      },
    };
    expect(devPackagesOfLockfile(JSON.stringify(lock))).toEqual(['node_modules/jest', 'node_modules/jest/node_modules/chalk']);
  });

  it('walks a v1 lockfile and survives invalid JSON', () => {
    const lock = { lockfileVersion: 1, dependencies: { mocha: { dev: true, dependencies: { debug: { dev: true } } }, ms: {} } };
    expect(devPackagesOfLockfile(JSON.stringify(lock))).toEqual(['node_modules/mocha', 'node_modules/mocha/node_modules/debug']);
    expect(devPackagesOfLockfile('{not json')).toEqual([]);
  });

  it('walks a v1 lockfile nested deeper than the call stack (a hostile input: no recursion over its nesting)', () => {
    const depth = 20_000;
    const text = `{"lockfileVersion":1,"dependencies":${'{"p":{"dependencies":'.repeat(depth)}{"leaf":{"dev":true}}${'}}'.repeat(depth)}}`;
    const [deepest, ...rest] = devPackagesOfLockfile(text);
    expect(rest).toEqual([]);
    expect(deepest).toBe(`${'node_modules/p/'.repeat(depth)}node_modules/leaf`);
  });
});
