import { describe, expect, it } from 'vitest';
import { classify, testsDocsSourcemapsFindings } from './tests-docs-sourcemaps';
import { contextOf } from './test-context';
import { buildImage, file, layer } from '../testing/image-builder';

describe('classify', () => {
  const app = ['/app'];
  it.each([
    ['/app/node_modules/lodash/README.md', 'node-modules'],
    ['/app/node_modules/@scope/pkg/test/a.js', 'node-modules'],
    ['/app/node_modules/pkg/docs/guide.html', 'node-modules'],
    ['/app/node_modules/pkg/LICENSE.md', undefined],
    ['/app/node_modules/pkg/lib/index.js', undefined],
    ['/app/node_modules/test/index.js', undefined],
    ['/app/dist/main.js.map', 'source-maps'],
    ['/app/src/__tests__/a.js', 'app-tests'],
    ['/app/src/a.spec.ts', 'app-tests'],
    ['/usr/share/doc/bash/README.gz', 'system-docs'],
    ['/usr/share/doc/bash/copyright', undefined],
    ['/usr/lib/python3.11/test/test_os.py', undefined],
    ['/opt/tool/README.md', undefined],
    ['/srv/x.map', undefined],
  ])('%s -> %s', (path, kind) => expect(classify(path, app)).toBe(kind));
});

describe('testsDocsSourcemapsFindings', () => {
  it('groups by kind and uses WORKDIR as an app directory', () => {
    const image = buildImage(
      [
        layer('COPY . .', [file('/srv/web/main.js.map', 800), file('/srv/web/main.js', 100), file('/srv/web/node_modules/a/README.md', 30)]),
        layer('/bin/sh -c apt-get install -y bash', [file('/usr/share/man/man1/bash.1.gz', 90)]),
      ],
      { workingDir: '/srv/web' },
    );
    const findings = testsDocsSourcemapsFindings(contextOf(image));
    expect(findings.map((f) => [f.title, f.bytes, f.layerIndex]).sort()).toEqual([
      ['Source maps (*.map) shipped with the app', 800, 0],
      ['System documentation (/usr/share/doc, man, info)', 90, 1],
      ['Tests, docs and examples inside node_modules', 30, 0],
    ]);
  });
});
