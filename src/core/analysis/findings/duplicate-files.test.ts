import { describe, expect, it } from 'vitest';
import { findDuplicates } from '../duplicates';
import { duplicateFileFindings } from './duplicate-files';
import { contextOf } from './test-context';
import { buildImage, file, layer } from '../testing/image-builder';

describe('duplicateFileFindings', () => {
  it('keeps the lowest-layer copy and reports the others', () => {
    const image = buildImage([
      layer('base', [file('/z/lib.so', 100, { hash: 'l' })]),
      layer('COPY', [file('/a/lib.so', 100, { hash: 'l' }), file('/b/x', 5, { hash: 'x' }), file('/c/x', 5, { hash: 'x' })]),
    ]);
    const context = contextOf(image);
    const findings = duplicateFileFindings(context, findDuplicates(context.replay.final));
    expect(findings.map((f) => [f.title, f.bytes, f.layerIndex, f.files.map((file) => file.path)])).toEqual([
      ['2 duplicate files in 2 groups of identical content', 105, -1, ['/a/lib.so', '/c/x']],
    ]);
    expect(duplicateFileFindings(context, { wastedBytes: 0, groups: [] })).toEqual([]);
  });
});
