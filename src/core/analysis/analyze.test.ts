import { describe, expect, it } from 'vitest';
import { analyzeImage } from './analyze';
import { buildImage, dir, file, layer, whiteout } from './testing/image-builder';

const source = { kind: 'archive', ref: '/tmp/x.tar' } as const;
const cache = { layersRead: 1, layersFromCache: 1 };
const now = () => new Date('2025-01-02T03:04:05Z');

describe('analyzeImage', () => {
  it('assembles layers, dive figures, true waste, findings and savings', () => {
    const image = buildImage(
      [
        layer('/bin/sh -c #(nop) ADD file:base in / ', [dir('/bin'), file('/bin/sh', 1000, { mode: 0o755 })]),
        layer('/bin/sh -c curl -o /tmp/big https://x', [dir('/tmp', { mode: 0o1777 }), file('/tmp/big', 500)]),
        layer('/bin/sh -c rm /tmp/big', [dir('/tmp', { mode: 0o1777 }), whiteout('/tmp/big')]),
      ],
      { emptySteps: [{ after: 2, createdBy: '/bin/sh -c #(nop)  CMD ["sh"]' }], user: 'app' },
    );
    const analysis = analyzeImage(image, source, cache, now);
    expect(analysis).toMatchObject({
      source,
      name: 'example:latest',
      os: 'linux',
      architecture: 'amd64',
      sizeBytes: 1500,
      userSizeBytes: 500,
      wastedBytes: 500,
      potentialSavingBytes: 500,
      cache,
      analysedAt: '2025-01-02T03:04:05.000Z',
    });
    expect(analysis.layers.map((l) => [l.index, l.instruction, l.sizeBytes, l.fileCount, l.added, l.modified, l.removed, l.wastedBytes])).toEqual([
      [0, 'ADD file:base in /', 1000, 2, 2, 0, 0, 0],
      [1, 'RUN curl -o /tmp/big https://x', 500, 2, 2, 0, 0, 500],
      [2, 'RUN rm /tmp/big', 0, 1, 0, 0, 1, 0],
    ]);
    // dive: /tmp/big seen twice (500 + whiteout of a file: 0) -> wasted 500; score (1000 + 0 + 0) / 1500.
    expect(analysis.dive).toEqual({ efficiency: 1000 / 1500, wastedBytes: 500, userWastedPercent: 1 });
    expect(analysis.findings.map((f) => [f.category, f.layerIndex, f.bytes])).toEqual([['hidden-by-later-layer', 1, 500]]);
    expect(analysis.attackSurface).toMatchObject({ runsAsRoot: false, shells: ['/bin/sh'], worldWritableStickyDirs: ['/tmp'] });
    expect(JSON.parse(JSON.stringify(analysis))).toEqual(analysis);
  });

  it('handles an empty image and names an untagged image by its short id', () => {
    const image = { ...buildImage([]), repoTags: [] };
    const analysis = analyzeImage(image, source, cache, now);
    expect(analysis).toMatchObject({
      name: 'abcdef012345',
      sizeBytes: 0,
      efficiency: 1,
      wastedBytes: 0,
      potentialSavingBytes: 0,
      layers: [],
      findings: [],
    });
  });

  it('caps the potential saving at the image size', () => {
    const image = buildImage([layer('a', [file('/a', 10, { hash: 'same' }), file('/b', 10, { hash: 'same' })])]);
    const analysis = analyzeImage(image, source, cache, now);
    expect(analysis.potentialSavingBytes).toBe(10);
    expect(analysis.potentialSavingBytes).toBeLessThanOrEqual(analysis.sizeBytes);
  });
});
