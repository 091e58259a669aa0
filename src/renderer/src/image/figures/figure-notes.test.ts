import { describe, expect, it } from 'vitest';
import type { ImageAnalysis } from '../../../../shared/analysis';
import { figureNotes } from './figure-notes';

const analysis = {
  sizeBytes: 1_310_000_000,
  wastedBytes: 1_690_000,
  efficiency: 0.998,
  dive: { efficiency: 0.998, wastedBytes: 2_600_000, userWastedPercent: 0.01 },
  inefficientFiles: [{ path: '/a', cumulativeBytes: 1, layers: [1, 2] }],
  potentialSavingBytes: 607_000_000,
  layers: [
    { index: 0, wastedBytes: 0 },
    { index: 2, wastedBytes: 1_690_000 },
  ],
  findings: [
    { title: 'Large base image', bytes: 500_000_000, inBase: true },
    { title: 'npm cache in `/root/.npm`', bytes: 107_000_000 },
  ],
} as unknown as ImageAnalysis;

describe('figureNotes', () => {
  it('gives each headline figure its tooltip and what it counts', () => {
    const [waste, efficiency, saving] = figureNotes(analysis);
    expect([waste.value, efficiency.value, saving.value]).toEqual(['1.69 MB', '99.8 %', '607 MB']);
    expect(waste.counts[0]).toBe('Stored but hidden: 1.69 MB in layer 2.');
    expect(efficiency.counts[0]).toContain('2.60 MB in 1 path');
    expect(saving.counts[0]).toBe('The largest: 500 MB: Large base image; 107 MB: npm cache in `/root/.npm`.');
    expect(saving.counts[1]).toMatch(/^500 MB of the findings sit in the base image/);
    for (const note of [waste, efficiency, saving]) expect(note.tooltip.length).toBeGreaterThan(20);
  });
});
