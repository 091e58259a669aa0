import { describe, expect, it } from 'vitest';
import { collectGarbage } from './collect-garbage';

/** The next job: a WeakRef keeps its target alive until the job that made or read it ends. */
const nextJob = () => new Promise((resolve) => setImmediate(resolve));

describe('collectGarbage', () => {
  it('frees what nothing refers to any more, at once', async () => {
    let big: Uint8Array | undefined = new Uint8Array(32 * 1024 * 1024);
    const ref = new WeakRef(big);
    big = undefined;
    await nextJob();
    collectGarbage();
    expect(ref.deref() === undefined).toBe(true);
  });

  it('keeps what is still referred to', async () => {
    const kept = new Uint8Array(1024);
    const ref = new WeakRef(kept);
    await nextJob();
    collectGarbage();
    expect(ref.deref() === kept).toBe(true);
  });
});
