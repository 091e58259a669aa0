import { describe, expect, it } from 'vitest';
import { signedBytes } from './signed-bytes';

describe('signedBytes', () => {
  it('signs a change in the app’s size format', () => {
    expect(signedBytes(2_000_000)).toBe('+2.00 MB');
    expect(signedBytes(-1_044_500_000)).toBe('−1.04 GB');
    expect(signedBytes(0)).toBe('±0 B');
  });
});
