import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../../../shared/analysis';
import { findingsOf } from './findings-filter';

const finding = (layerIndex: number, inBase?: boolean): Finding => ({
  category: 'package-cache',
  title: `layer ${layerIndex}`,
  bytes: 1,
  layerIndex,
  instruction: '',
  files: [],
  fileCount: 0,
  fix: '',
  ...(inBase ? { inBase } : {}),
});

describe('findingsOf', () => {
  const all = [finding(0, true), finding(1, true), finding(-1), finding(-1, true), finding(3), finding(5)];

  it('keeps everything for the whole image', () => {
    expect(findingsOf(all, 'all', 2).shown).toHaveLength(6);
  });

  it('keeps the findings of the layers your build added, and counts what it leaves out', () => {
    const own = findingsOf(all, 'own', 2);
    expect(own.shown.map((f) => f.layerIndex)).toEqual([3, 5]);
    expect(own.inBase).toBe(3);
    expect(own.imageWide).toBe(1);
  });
});
