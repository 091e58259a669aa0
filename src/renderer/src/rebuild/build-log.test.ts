import { describe, expect, it } from 'vitest';
import { emptyBuildLog, finishLog, foldProgress, maxLogLines } from './build-log';

const event = (phase: string, done: number, total?: number, detail?: string) => ({ operationId: 'op', phase, done, total, detail });

describe('build log', () => {
  it('follows phases, steps and the current instruction', () => {
    let log = emptyBuildLog();
    log = foldProgress(log, event('plan', 2, 2, 'Dockerfile.lean: written'));
    log = foldProgress(log, event('build-original', 1, 7, 'Step 1/7 : FROM node:18'));
    log = foldProgress(log, event('build-original', 1, 7, ' ---> 5c76677e4ff1'));
    expect(log.phases.plan.state).toBe('done');
    expect(log.phases['build-original']).toEqual({ state: 'running', step: 1, total: 7, instruction: 'FROM node:18' });
    log = foldProgress(log, event('build-lean', 3, 17, 'Step 3/17 : COPY package.json ./'));
    expect(log.phases['build-original'].state).toBe('done');
    expect(log.current).toBe('build-lean');
    expect(log.lines.map((l) => [l.phase, l.step])).toEqual([
      ['plan', false],
      ['build-original', true],
      ['build-original', false],
      ['build-lean', true],
    ]);
    log = finishLog(log);
    expect(log.phases['build-lean'].state).toBe('done');
    expect(log.phases.verify.state).toBe('waiting');
  });

  it('ignores other phases and keeps only the newest lines', () => {
    let log = emptyBuildLog();
    expect(foldProgress(log, event('read', 1, 2, 'x'))).toBe(log);
    for (let i = 0; i < maxLogLines + 10; i += 1) log = foldProgress(log, event('build-lean', 1, 2, `line ${i}`));
    expect(log.lines).toHaveLength(maxLogLines);
    expect(log.dropped).toBe(10);
    expect(log.lines[0]!.text).toBe('line 10');
  });
});
