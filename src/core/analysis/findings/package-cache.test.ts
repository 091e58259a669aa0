import { describe, expect, it } from 'vitest';
import { packageCacheFindings } from './package-cache';
import { contextOf } from './test-context';
import { buildImage, dir, file, layer } from '../testing/image-builder';

describe('packageCacheFindings', () => {
  it('attributes each cache to the layer that wrote it, largest files first', () => {
    const image = buildImage([
      layer('/bin/sh -c apt-get update && apt-get install -y curl', [
        file('/var/lib/apt/lists/deb.debian.org_dists_main', 9000),
        file('/var/cache/apt/pkgcache.bin', 3000),
        file('/usr/bin/curl', 200),
      ]),
      layer('/bin/sh -c npm ci', [
        dir('/root/.npm'),
        file('/root/.npm/_cacache/content/a', 50),
        file('/root/.npm/_cacache/content/b', 70),
        file('/app/node_modules/x/index.js', 5),
      ]),
      layer('/bin/sh -c pip install flask', [file('/root/.cache/pip/http/1', 40), file('/home/dev/.cache/yarn/v6/pkg', 0)]),
    ]);
    const findings = packageCacheFindings(contextOf(image));
    expect(findings.map((f) => [f.layerIndex, f.title, f.bytes, f.fileCount, f.files[0].path, f.instruction])).toEqual([
      [0, 'apt cache left in layer 0', 12000, 2, '/var/lib/apt/lists/deb.debian.org_dists_main', 'RUN apt-get update && apt-get install -y curl'],
      [1, 'npm cache left in layer 1', 120, 2, '/root/.npm/_cacache/content/b', 'RUN npm ci'],
      [2, 'pip cache left in layer 2', 40, 1, '/root/.cache/pip/http/1', 'RUN pip install flask'],
    ]);
    expect(findings[1].fix).toContain('npm cache clean --force');
  });
});
