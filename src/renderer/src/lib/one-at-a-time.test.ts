import { describe, expect, it } from 'vitest';
import { oneAtATime } from './one-at-a-time';

describe('oneAtATime', () => {
  it('starts a call only when the one before has settled, failed or not', async () => {
    const log: string[] = [];
    const call =
      (name: string, fail = false) =>
      () =>
        new Promise<string>((resolve, reject) => {
          log.push(`start ${name}`);
          setTimeout(() => {
            log.push(`end ${name}`);
            if (fail) reject(new Error(name));
            else resolve(name);
          }, 5);
        });
    const results = await Promise.allSettled([oneAtATime(call('a', true)), oneAtATime(call('b')), oneAtATime(call('c'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });
});

describe('oneAtATime, when another client is measuring', () => {
  it('tries again while the engine says a disk-usage operation is running, and gives up on other errors', async () => {
    let calls = 0;
    const flaky = () => {
      calls += 1;
      return calls < 3 ? Promise.reject(new Error('answered with an error: a disk usage operation is already running')) : Promise.resolve('listed');
    };
    await expect(oneAtATime(flaky, [1, 1, 1])).resolves.toBe('listed');
    expect(calls).toBe(3);
    let other = 0;
    await expect(
      oneAtATime(() => {
        other += 1;
        return Promise.reject(new Error('permission denied'));
      }, [1, 1]),
    ).rejects.toThrow('permission denied');
    expect(other).toBe(1);
  });
});
