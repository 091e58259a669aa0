import { describe, expect, it } from 'vitest';
import { stripAnsi } from '../../../shared/format';
import { emptyBuildLog, finishLog, foldProgress, isSpinning, maxLogLines, stopLog, type BuildLog } from './build-log';

const event = (phase: string, done: number, total?: number, detail?: string) => ({ operationId: 'op', phase, done, total, detail });

function fold(log: BuildLog, ...events: ReturnType<typeof event>[]): BuildLog {
  return events.reduce(foldProgress, log);
}

describe('stripAnsi', () => {
  it('removes colours, cursor moves, titles and lone escapes', () => {
    expect(stripAnsi('\u001b[1m\u001b[32mStep 1/7\u001b[0m : FROM node:18')).toBe('Step 1/7 : FROM node:18');
    expect(stripAnsi('\u001b[91mnpm WARN\u001b[0m deprecated')).toBe('npm WARN deprecated');
    expect(stripAnsi('\u001b[2K\u001b[1Gdone')).toBe('done');
    expect(stripAnsi('\u001b]0;title\u0007text')).toBe('text');
    expect(stripAnsi('\u009b31mred')).toBe('red');
    expect(stripAnsi('a\u001bb')).toBe('ab');
  });

  it('keeps what a redrawn line shows last, and tabs and newlines', () => {
    expect(stripAnsi('10%\r50%\r100%')).toBe('100%');
    expect(stripAnsi('line one\r\nline\ttwo')).toBe('line one\nline\ttwo');
    expect(stripAnsi('bell\u0007 and nul\u0000')).toBe('bell and nul');
  });
});

describe('build log', () => {
  it('follows phases, steps and the current instruction, without escapes', () => {
    let log = fold(
      emptyBuildLog(),
      event('plan', 2, 2, 'Reading Dockerfile in /app'),
      event('build-original', 1, 7, '\u001b[1mStep 1/7 : FROM node:18\u001b[0m'),
      event('build-original', 1, 7, ' ---> 5c76677e4ff1'),
    );
    expect(log.phases.plan.state).toBe('done');
    expect(log.phases['build-original']).toMatchObject({ state: 'running', step: 1, total: 7, instruction: 'FROM node:18' });
    log = fold(
      log,
      event('build-lean', 0, undefined, 'building c1: node-slim, non-root'),
      event('build-lean', 3, 17, 'Step 3/17 : COPY package.json ./'),
    );
    expect(log.phases['build-original'].state).toBe('done');
    expect(log.phases['build-lean']).toMatchObject({
      state: 'running',
      instruction: 'COPY package.json ./',
      activity: 'building c1: node-slim, non-root',
    });
    expect(log.current).toBe('build-lean');
    expect(log.lines.map((l) => [l.phase, l.step])).toEqual([
      ['plan', false],
      ['build-original', true],
      ['build-original', false],
      ['build-lean', false],
      ['build-lean', true],
    ]);
    expect(log.lines.every((l) => !l.text.includes('\u001b'))).toBe(true);
    log = finishLog(log);
    expect(log.phases['build-lean'].state).toBe('done');
    expect(log.phases.verify.state).toBe('skipped');
    expect(isSpinning(log)).toBe(false);
  });

  it('follows each candidate through its build and its verification, one phase running at a time', () => {
    let log = fold(
      emptyBuildLog(),
      event('build-original', 0, undefined, 'using the existing image app:latest'),
      event('build-lean', 0, undefined, 'building c1: slim, non-root'),
      event('build-lean', 2, 2, 'Step 2/2 : CMD ["node", "server.js"]'),
      event('verify', 0, undefined, 'verifying c1 against app:latest'),
      event('verify', 0, undefined, 'original: started app:latest'),
      event('verify', 0, undefined, 'lean: waiting for port 3000'),
    );
    expect(log.phases['build-original'].activity).toBe('using the existing image app:latest');
    expect(log.phases['build-lean'].state).toBe('done');
    expect(log.phases.verify).toMatchObject({ state: 'running', activity: 'lean: waiting for port 3000' });
    expect(log.candidates).toEqual([{ id: 'c1', state: 'verifying', note: 'slim, non-root' }]);
    log = fold(
      log,
      event('verify', 0, undefined, 'lean: GET /'),
      event('verify', 0, undefined, 'c1: the original answers, the lean image exited with code 1'),
    );
    expect(log.candidates[0]).toEqual({ id: 'c1', state: 'differs', note: 'the original answers, the lean image exited with code 1' });
    // The next candidate: the verification phase stops spinning while it builds; its step count starts again.
    log = fold(log, event('build-lean', 0, undefined, 'building c2: slim'));
    expect(log.phases.verify.state).toBe('done');
    expect(log.phases['build-lean']).toMatchObject({ state: 'running', instruction: undefined, activity: 'building c2: slim' });
    log = fold(log, event('build-lean', 1, 2, 'Step 1/2 : FROM slim'), event('build-lean', 1, 2, 'c2 did not build: The build failed at step 1/2'));
    expect(log.candidates[1]).toEqual({ id: 'c2', state: 'did-not-build', note: 'The build failed at step 1/2' });
    expect(log.phases.verify.state).toBe('done');
  });

  it('marks a phase that never ran as skipped once a later one starts', () => {
    const log = fold(
      emptyBuildLog(),
      event('build-original', 1, 1, 'Step 1/1 : FROM x'),
      event('measure', 0, undefined, 'measuring devDependencies and secrets in both images'),
    );
    expect(log.phases.plan.state).toBe('skipped');
    expect(log.phases['build-lean'].state).toBe('skipped');
    expect(log.phases.verify.state).toBe('skipped');
    expect(log.phases.measure).toMatchObject({ state: 'running', activity: 'measuring devDependencies and secrets in both images' });
  });

  it('logs the files written after the search without starting the reading phase again', () => {
    const log = fold(
      emptyBuildLog(),
      event('plan', 2, 2),
      event('build-lean', 1, 2, 'Step 1/2 : FROM x'),
      event('plan', 2, 2, 'Dockerfile.lean: written'),
    );
    expect(log.current).toBe('build-lean');
    expect(log.phases.plan.state).toBe('done');
    expect(log.phases['build-lean'].state).toBe('running');
    expect(log.lines.at(-1)).toEqual({ phase: 'plan', text: 'Dockerfile.lean: written', step: false });
  });

  it('stops every spinner on cancel or failure', () => {
    const running = fold(emptyBuildLog(), event('build-original', 3, 6, 'Step 3/6 : RUN sleep 120'));
    const cancelled = stopLog(running, 'cancelled');
    expect(cancelled.phases['build-original'].state).toBe('cancelled');
    expect(isSpinning(cancelled)).toBe(false);
    const verifying = fold(
      emptyBuildLog(),
      event('build-lean', 0, undefined, 'building c1: slim'),
      event('verify', 0, undefined, 'verifying c1 against app'),
    );
    const failed = stopLog(verifying, 'failed');
    expect(failed.phases.verify.state).toBe('failed');
    expect(failed.candidates[0]!.state).toBe('stopped');
    expect(isSpinning(failed)).toBe(false);
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
