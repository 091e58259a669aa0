import { describe, expect, it } from 'vitest';
import { median, runBenchmark } from './harness';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('bench harness', () => {
  it('takes the median', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('measures both sides in the same run and reports their ratio', async () => {
    const calls: string[] = [];
    const result = await runBenchmark({
      name: 'n',
      description: 'd',
      iterations: 3,
      baseline: { label: 'slow', run: async () => (calls.push('b'), sleep(20)) },
      candidate: { label: 'fast', run: async () => (calls.push('c'), sleep(2)) },
    });
    expect(calls.filter((c) => c === 'b')).toHaveLength(4);
    expect(calls.filter((c) => c === 'c')).toHaveLength(4);
    expect(result.ratio).toBeLessThan(1);
    expect(result.baselineMs).toBeGreaterThan(result.candidateMs);
  });
});
