import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../shared/contract';
import { OperationRegistry } from './operations';

describe('OperationRegistry', () => {
  it('reports progress under the operation id', async () => {
    const events: ProgressEvent[] = [];
    const registry = new OperationRegistry((e) => events.push(e));
    const result = await registry.run('op-1', async (op) => {
      op.progress('read', 5, 10);
      return 42;
    });
    expect(result).toBe(42);
    expect(events).toEqual([{ operationId: 'op-1', phase: 'read', done: 5, total: 10 }]);
    expect(registry.size).toBe(0);
  });

  it('cancel aborts the signal and the run rejects with CANCELLED', async () => {
    const registry = new OperationRegistry(() => undefined);
    let seen: AbortSignal | undefined;
    const running = registry.run('op-2', (op) => {
      seen = op.signal;
      return new Promise((_, reject) => op.signal.addEventListener('abort', () => reject(new Error('stream aborted'))));
    });
    expect(registry.cancel('op-2')).toBe(true);
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(seen?.aborted).toBe(true);
    expect(registry.cancel('op-2')).toBe(false);
  });

  it('refuses a second operation under a running id', async () => {
    const registry = new OperationRegistry(() => undefined);
    const first = registry.run('same', () => new Promise((resolve) => setTimeout(resolve, 20)));
    await expect(registry.run('same', async () => 1)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await first;
  });
});
