import { describe, expect, it } from 'vitest';
import { vcsDirectoryFindings } from './vcs-directory';
import { contextOf } from './test-context';
import { buildImage, dir, file, layer } from '../testing/image-builder';

describe('vcsDirectoryFindings', () => {
  it('reports each outermost .git directory with its files', () => {
    const image = buildImage([
      layer('COPY . /app', [
        dir('/app/.git'),
        file('/app/.git/objects/pack/p.pack', 5000),
        file('/app/.git/HEAD', 20),
        dir('/app/.git/modules/sub/.git'),
        file('/app/.git/modules/sub/.git/HEAD', 20),
        dir('/app/node_modules/x/.git'),
        file('/app/.gitignore', 5),
      ]),
    ]);
    const findings = vcsDirectoryFindings(contextOf(image));
    expect(findings.map((f) => [f.title, f.bytes, f.fileCount, f.instruction])).toEqual([
      ['Version-control directory /app/.git', 5040, 3, 'COPY . /app'],
    ]);
    expect(findings[0].fix).toContain('.dockerignore');
  });
});
