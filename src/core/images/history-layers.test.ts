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
    ['/bin/busybox --install -s /bin', 'RUN /bin/busybox --install -s /bin'],
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

  it("never takes a base image's CMD for a legacy builder's WORKDIR layer", () => {
    const history = [
      step('', 117_000_000),
      step('/bin/sh -c apt-get install -y nodejs', 1_200_000_000),
      step('/bin/sh -c #(nop)  CMD ["node"]', 0),
      step('/bin/sh -c #(nop) WORKDIR /app', 0),
      step('/bin/sh -c #(nop) COPY file:abc in . ', 300),
      step('/bin/sh -c npm install', 5_000_000),
      step('/bin/sh -c #(nop)  CMD ["node", "server.js"]', 0),
    ];
    const mapping = mapHistoryToLayers(history, ['sha256:1', 'sha256:2', 'sha256:3', 'sha256:4', 'sha256:5']);
    expect(mapping.layers.map((l) => l.instruction)).toEqual([
      '',
      'RUN apt-get install -y nodejs',
      'WORKDIR /app',
      'COPY file:abc in .',
      'RUN npm install',
    ]);
    expect(mapping.metadataSteps.map((m) => m.instruction)).toEqual(['CMD ["node"]', 'CMD ["node", "server.js"]']);
    expect(mapping.exact).toBe(true);
  });

  it('is exact with the config history, and prefers RUN over WORKDIR without it', () => {
    const history = [
      step('ADD rootfs /', 50),
      step('/bin/sh -c #(nop) WORKDIR /app', 0),
      step('/bin/sh -c true', 0),
      step('/bin/sh -c #(nop) WORKDIR /x', 0),
    ];
    const guessed = mapHistoryToLayers(history, ['sha256:a', 'sha256:b', 'sha256:c']);
    expect(guessed.layers.map((l) => l.instruction)).toEqual(['ADD rootfs /', 'WORKDIR /app', 'RUN true']);
    expect(guessed.exact).toBe(false);
    const exact = mapHistoryToLayers(history, ['sha256:a', 'sha256:b', 'sha256:c'], [false, true, false, false]);
    expect(exact.layers.map((l) => l.instruction)).toEqual(['ADD rootfs /', 'RUN true', 'WORKDIR /x']);
    expect(exact.exact).toBe(true);
  });

  it('fills layers that have no history (imported images)', () => {
    const mapping = mapHistoryToLayers([], ['sha256:a']);
    expect(mapping.layers).toEqual([expect.objectContaining({ digest: 'sha256:a', instruction: '(no history)' })]);
    expect(mapping.exact).toBe(false);
  });
});
