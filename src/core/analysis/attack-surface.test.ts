import { describe, expect, it } from 'vitest';
import { attackSurface, runsAsRoot } from './attack-surface';
import { stackLayers } from './file-tree';
import { visibleCaptures } from './captured-view';
import { buildImage, dir, file, hardlink, layer, symlink, whiteout } from './testing/image-builder';

describe('runsAsRoot', () => {
  it.each([
    ['', true],
    ['root', true],
    ['0', true],
    ['0:0', true],
    ['root:staff', true],
    ['1000', false],
    ['node', false],
    ['node:node', false],
  ])('User=%j -> %s', (user, expected) => expect(runsAsRoot(user)).toBe(expected));

  it('resolves a named user with uid 0 through /etc/passwd', () => {
    expect(runsAsRoot('toor', 'root:x:0:0::/root:/bin/sh\ntoor:x:0:0::/root:/bin/sh\n')).toBe(true);
  });
});

describe('attackSurface', () => {
  const image = buildImage(
    [
      layer(
        'base',
        [
          dir('/bin'),
          file('/bin/busybox', 900, { mode: 0o755 }),
          hardlink('/bin/sh', '/bin/busybox', { mode: 0o755 }),
          symlink('/bin/bash', '/bin/busybox'),
          dir('/usr/bin'),
          file('/usr/bin/passwd', 50, { mode: 0o4755 }),
          file('/usr/bin/wall', 20, { mode: 0o2755 }),
          file('/usr/bin/apt-get', 30, { mode: 0o755 }),
          file('/usr/bin/gcc-12', 30, { mode: 0o755 }),
          dir('/tmp', { mode: 0o1777 }),
          dir('/data', { mode: 0o777 }),
          dir('/etc'),
          file('/etc/readme', 5),
          dir('/var/lib/dpkg'),
          file('/var/lib/dpkg/status', 100),
        ],
        { '/var/lib/dpkg/status': 'Package: libc6\nStatus: install ok installed\nVersion: 2.36\n' },
      ),
      layer('remove gcc', [whiteout('/usr/bin/gcc-12')]),
    ],
    { user: 'app' },
  );

  it('lists tools, special bits, world-writable dirs and packages', () => {
    const final = stackLayers(image.layers);
    const surface = attackSurface(image, final, visibleCaptures(image, final));
    expect(surface).toEqual({
      osPackages: { manager: 'dpkg', count: 1, packages: [{ name: 'libc6', version: '2.36' }] },
      shells: ['/bin/bash', '/bin/busybox', '/bin/sh'],
      packageManagers: ['/usr/bin/apt-get'],
      compilers: [],
      setuidFiles: ['/usr/bin/passwd'],
      setgidFiles: ['/usr/bin/wall'],
      worldWritableDirs: ['/data'],
      worldWritableStickyDirs: ['/tmp'],
      runsAsRoot: false,
      user: 'app',
      fileCount: 7,
      executableCount: 5,
    });
  });

  it('reads apk databases and handles an empty image', () => {
    const alpine = buildImage([layer('a', [file('/lib/apk/db/installed', 10)], { '/lib/apk/db/installed': 'P:musl\nV:1.2\n' })]);
    const final = stackLayers(alpine.layers);
    expect(attackSurface(alpine, final, visibleCaptures(alpine, final)).osPackages).toEqual({
      manager: 'apk',
      count: 1,
      packages: [{ name: 'musl', version: '1.2' }],
    });
    const empty = buildImage([]);
    const surface = attackSurface(empty, stackLayers([]), new Map());
    expect(surface).toMatchObject({ osPackages: null, fileCount: 0, runsAsRoot: true });
  });
});
