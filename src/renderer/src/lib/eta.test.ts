import { describe, expect, it } from 'vitest';
import { EtaEstimator } from './eta';

/** Feeds a phase at a steady rate and returns the estimates, one per 100 ms. */
function feed(eta: EtaEstimator, bytesPerSecond: (second: number) => number, seconds: number, total: number, phase = 'read'): (number | undefined)[] {
  const out: (number | undefined)[] = [];
  let done = 0;
  for (let t = 0; t <= seconds * 1000; t += 100) {
    out.push(eta.update(phase, Math.min(done, total), total, t));
    done += bytesPerSecond(t / 1000) / 10;
  }
  return out;
}

describe('EtaEstimator', () => {
  it('says nothing for the first seconds, then the time left at a steady rate', () => {
    // 1 GB at 10 MB/s: after 6 s, 94 s are left.
    const estimates = feed(new EtaEstimator(), () => 10e6, 6, 1e9);
    expect(estimates.slice(0, 30).every((e) => e === undefined)).toBe(true);
    const last = estimates[estimates.length - 1]!;
    expect(last).toBeGreaterThan(92);
    expect(last).toBeLessThan(96);
  });

  it('waits while the rate swings', () => {
    // Bursts: 50 MB/s for half a second, nothing for one and a half.
    const estimates = feed(new EtaEstimator(), (s) => (s % 2 < 0.5 ? 50e6 : 0), 5, 1e9);
    expect(estimates.filter((e) => e !== undefined)).toEqual([]);
  });

  it('has no ETA without a total, and starts again in a new phase', () => {
    const eta = new EtaEstimator();
    expect(eta.update('export', 3, undefined, 5000)).toBeUndefined();
    feed(eta, () => 10e6, 6, 100e6);
    expect(eta.update('analyse', 0, 1, 7000)).toBeUndefined();
  });
});
