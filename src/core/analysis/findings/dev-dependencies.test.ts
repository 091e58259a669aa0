import { describe, expect, it } from 'vitest';
import { devDependencyFindings } from './dev-dependencies';
import { contextOf } from './test-context';
import { buildImage, file, layer } from '../testing/image-builder';

const lock = JSON.stringify({
  lockfileVersion: 3,
  packages: {
    '': {},
    'node_modules/jest': { dev: true },
    'node_modules/jest/node_modules/chalk': { dev: true },
    'node_modules/typescript': { dev: true },
    'node_modules/express': {},
  },
});

describe('devDependencyFindings', () => {
  it('sums the dev packages present under node_modules', () => {
    const image = buildImage([
      layer(
        '/bin/sh -c npm ci',
        [
          file('/app/package-lock.json', 10),
          file('/app/node_modules/jest/index.js', 300),
          file('/app/node_modules/jest/node_modules/chalk/index.js', 20),
          file('/app/node_modules/express/index.js', 1000),
        ],
        { '/app/package-lock.json': lock },
      ),
    ]);
    const [finding] = devDependencyFindings(contextOf(image));
    expect(finding).toMatchObject({ category: 'dev-dependencies', bytes: 320, fileCount: 2, layerIndex: 0, instruction: 'RUN npm ci' });
    expect(finding.title).toBe('2 devDependencies installed in /app/node_modules');
    expect(finding.fix).toContain('--omit=dev');
  });

  it('needs a captured lockfile', () => {
    const image = buildImage([layer('npm ci', [file('/app/package-lock.json', 10), file('/app/node_modules/jest/index.js', 300)])]);
    expect(devDependencyFindings(contextOf(image))).toEqual([]);
  });
});
