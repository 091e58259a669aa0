import { describe, expect, it } from 'vitest';
import { progressText, splitPhase } from './progress-text';

describe('progressText', () => {
  it('names the export wait with its seconds, and has no bar for it', () => {
    expect(progressText({ phase: 'export', done: 12 })).toEqual({ label: 'The engine is exporting the image (12 s)', amount: '', ratio: undefined });
  });

  it('counts bytes read, never past the total', () => {
    expect(progressText({ phase: 'read', done: 1_400_000_000, total: 1_310_000_000 })).toEqual({
      label: 'Reading the image’s files',
      amount: '1.31 GB of 1.31 GB',
      ratio: 1,
    });
    expect(progressText({ phase: 'read', done: 310_000_000 }).amount).toBe('310 MB');
  });

  it('says which image a comparison or a report is at', () => {
    expect(progressText({ phase: 'a: export', done: 3 }).label).toBe('Image A: the engine is exporting the image (3 s)');
    expect(progressText({ phase: 'after: read', done: 5, total: 10 }).label).toBe('After image: reading the image’s files');
    expect(splitPhase('before: export')).toEqual({ who: 'before', step: 'export' });
    expect(splitPhase('analyse')).toEqual({ who: undefined, step: 'analyse' });
  });
});
