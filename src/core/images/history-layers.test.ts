import { describe, expect, it } from 'vitest';
import { cleanInstruction, mapHistoryToLayers, type HistoryStep } from './history-layers';

const step = (createdBy: string, sizeBytes: number): HistoryStep => ({ createdBy, sizeBytes, created: 1700000000 });

describe('cleanInstruction', () => {
  it.each([
    ['/bin/sh -c #(nop)  CMD ["node"]', 'CMD ["node"]'],
    ['/bin/sh -c #(nop) COPY file:abc in /app ', 'COPY file:abc in /app'],
    ['/bin/sh -c apt-get update', 'RUN apt-get update'],
    ['RUN /bin/sh -c npm ci # buildkit', 'RUN npm ci'],
    ['COPY . . # buildkit', 'COPY . .'],
  ])('%s', (raw, clean) => expect(cleanInstruction(raw)).toBe(clean));
});

describe('mapHistoryToLayers', () => {
  it('maps sized steps to layers and the rest to metadata (legacy builder)', () => {
    const history = [
      step('/bin/sh -c #(nop) ADD file:1 in / ', 100),
      step('/bin/sh -c #(nop)  ENV A=1', 0),
      step('/bin/sh -c echo hi > /x', 3),
      step('/bin/sh -c #(nop)  CMD ["bash"]', 0),
    ];
    const mapping = mapHistoryToLayers(history, ['sha256:a', 'sha256:b']);
    expect(mapping.exact).toBe(true);
    expect(mapping.layers.map((l) => [l.digest, l.sizeBytes, l.instruction])).toEqual([
      ['sha256:a', 100, 'ADD file:1 in /'],
      ['sha256:b', 3, 'RUN echo hi > /x'],
    ]);
    expect(mapping.metadataSteps).toEqual([
      expect.objectContaining({ afterLayer: 0, instruction: 'ENV A=1' }),
      expect.objectContaining({ afterLayer: 1, instruction: 'CMD ["bash"]' }),
    ]);
  });

  it('finds a zero-byte layer among metadata steps (BuildKit WORKDIR)', () => {
    const history = [step('ADD rootfs / # buildkit', 50), step('ENV X=1', 0), step('WORKDIR /app', 0), step('CMD ["x"]', 0)];
    const mapping = mapHistoryToLayers(history, ['sha256:a', 'sha256:b']);
    expect(mapping.exact).toBe(true);
    expect(mapping.layers[1]).toMatchObject({ instruction: 'WORKDIR /app', sizeBytes: 0 });
  });

  it('says when the match is a guess', () => {
    const history = [step('ADD rootfs /', 50), step('RUN true', 0), step('RUN : ', 0)];
    const mapping = mapHistoryToLayers(history, ['sha256:a', 'sha256:b']);
    expect(mapping.exact).toBe(false);
    expect(mapping.layers).toHaveLength(2);
  });

  it('fills layers that have no history (imported images)', () => {
    const mapping = mapHistoryToLayers([], ['sha256:a']);
    expect(mapping.layers).toEqual([expect.objectContaining({ digest: 'sha256:a', instruction: '(no history)' })]);
    expect(mapping.exact).toBe(false);
  });
});
