import { describe, expect, it } from 'vitest';
import type { ImageAnalysis } from '../../shared/analysis';
import { applyBase, unknownBase } from './base-split';

const analysis = {
  layers: [0, 1, 2, 3].map((index) => ({ index, sizeBytes: (index + 1) * 100 })),
  findings: [
    {
      category: 'package-cache',
      title: 'apt lists',
      bytes: 50,
      layerIndex: 1,
      instruction: 'RUN apt-get update',
      files: [],
      fileCount: 1,
      fix: 'end the RUN with rm -rf /var/lib/apt/lists/*',
    },
    {
      category: 'package-cache',
      title: 'npm cache',
      bytes: 40,
      layerIndex: 3,
      instruction: 'RUN npm install',
      files: [],
      fileCount: 1,
      fix: 'npm cache clean',
    },
    {
      category: 'large-base-image',
      title: 'The base image (1200 MB) ships a build toolchain',
      bytes: 30,
      layerIndex: 1,
      instruction: '',
      files: [],
      fileCount: 1,
      fix: 'use slim',
    },
  ],
} as unknown as ImageAnalysis;

describe('applyBase', () => {
  it("splits the bytes into base and build, and says base findings are the base's, pointing at a smaller base", () => {
    const base = {
      how: 'local-image' as const,
      name: 'node:18',
      id: 'sha256:b',
      layerCount: 2,
      sizeBytes: 300,
      smaller: [{ name: 'node:18-slim', sizeBytes: 200_000_000 }],
    };
    const split = applyBase(analysis, base);
    expect(split.ownSizeBytes).toBe(300 + 400);
    expect(split.findings[0]).toMatchObject({
      inBase: true,
      fix: 'This is in the base image node:18 (layer 1), not in your Dockerfile: no instruction of yours can remove it. A smaller base drops it: node:18-slim (200 MB), measured in this engine.',
    });
    expect(split.findings[1]).toMatchObject({ inBase: false, fix: 'npm cache clean' });
    expect(split.findings[2]!.title).toBe('The base image node:18 (1200 MB) ships a build toolchain');
  });

  it('changes nothing but the base field when the base is unknown', () => {
    const split = applyBase(analysis, unknownBase);
    expect(split.ownSizeBytes).toBeNull();
    expect(split.findings.map((f) => f.fix)).toEqual(analysis.findings.map((f) => f.fix));
    expect(split.findings.every((f) => f.inBase === false)).toBe(true);
  });
});
