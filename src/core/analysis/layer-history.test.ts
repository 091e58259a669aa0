import { describe, expect, it } from 'vitest';
import { layerHistory, noHistory } from './layer-history';
import { buildImage, file, layer } from './testing/image-builder';

describe('layerHistory', () => {
  it('skips empty_layer steps and cleans instructions', () => {
    const image = buildImage([layer('/bin/sh -c #(nop) ADD file:abc in / ', [file('/a', 1)]), layer('/bin/sh -c apt-get update', [file('/b', 1)])], {
      emptySteps: [
        { after: 0, createdBy: '/bin/sh -c #(nop)  ENV A=1' },
        { after: 1, createdBy: '/bin/sh -c #(nop)  CMD ["sh"]' },
      ],
    });
    expect(layerHistory(image.config, 2)).toEqual([
      { instruction: 'ADD file:abc in /', createdBy: '/bin/sh -c #(nop) ADD file:abc in / ' },
      { instruction: 'RUN apt-get update', createdBy: '/bin/sh -c apt-get update' },
    ]);
  });

  it('falls back when the history is missing or short', () => {
    const image = buildImage([layer('a', []), layer('b', [])], { noHistory: true });
    expect(layerHistory(image.config, 2).map((h) => h.instruction)).toEqual([noHistory, noHistory]);
    const short = { history: [{ created_by: 'COPY . . # buildkit' }] };
    expect(layerHistory(short, 3).map((h) => h.instruction)).toEqual(['COPY . .', noHistory, noHistory]);
  });

  it('uses the comment when a step has no created_by', () => {
    expect(layerHistory({ history: [{ comment: 'imported from tarball' }] }, 1)[0].instruction).toBe('imported from tarball');
  });
});
