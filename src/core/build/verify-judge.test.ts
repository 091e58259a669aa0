/** How verification judges two runs: behaviour, not noise; "cannot verify" rather than a false verdict. */
import { describe, expect, it } from 'vitest';
import { firstErrorLine, judge, normalizedLines, type Observation, type VerifyPlan } from './verify-images';

const plan = (mode: VerifyPlan['mode']): VerifyPlan => ({
  mode,
  paths: ['/'],
  timeoutMs: 30_000,
  settleMs: 5000,
  env: [],
  ...(mode === 'http' ? { port: 3000 } : {}),
});

function seen(options: {
  logs?: string;
  exitCode?: number | null;
  problem?: string;
  ready?: boolean;
  running?: boolean;
  answers?: [string, { status: number; body: string }][];
}): Observation {
  return {
    run: {
      image: 'img',
      container: 'c',
      logs: options.logs ?? '',
      exitCode: options.exitCode,
      ...(options.problem ? { problem: options.problem } : {}),
    },
    answers: new Map(options.answers ?? []),
    ready: options.ready ?? false,
    running: options.running ?? false,
  };
}

describe('judging verification runs', () => {
  it('ignores package-manager banners, colours, timestamps and ids', () => {
    const npm = '\n> app@1.0.0 job\n> node job.js\n\n\u001b[32mprocessed\u001b[39m 2s at 2026-11-29T10:00:00.123Z id 6f1e0c3a2b9d8e7f6a5b\n';
    const direct = 'processed 2s at 2026-11-29T11:11:11.999Z id 0123456789abcdef0123\n';
    expect(normalizedLines(npm)).toEqual(normalizedLines(direct));
    const result = judge(seen({ logs: npm, exitCode: 0 }), seen({ logs: direct, exitCode: 0 }), plan('command'), 10);
    expect(result).toMatchObject({ passed: true, verdict: 'same', summary: 'both exit with code 0 and the same output' });
  });

  it('calls "both exit with code 1 and the same first error line" the same behaviour, said as such', () => {
    const logs = 'Error: DATABASE_URL is not set\n    at Object.<anonymous> (/app/server.js:1:1)\n';
    const a = seen({ logs, exitCode: 1, problem: 'exited with code 1 before answering' });
    const b = seen({ logs: `> x\n${logs}`, exitCode: 1, problem: 'exited with code 1 before answering' });
    const result = judge(a, b, plan('http'), 10);
    expect(result).toMatchObject({ passed: true, verdict: 'same' });
    expect(result.summary).toBe(
      'neither answers: both exit with code 1 and the same first error line: Error: DATABASE_URL is not set (the app may need settings to start)',
    );
  });

  it('says "cannot verify" when neither answers and they fail differently, never that the lean image is broken', () => {
    const a = seen({ logs: 'Error: connect ECONNREFUSED 127.0.0.1:5432', exitCode: 1, problem: 'exited with code 1 before answering' });
    const b = seen({ logs: 'Error: getaddrinfo ENOTFOUND db', exitCode: 1, problem: 'exited with code 1 before answering' });
    expect(judge(a, b, plan('http'), 10)).toMatchObject({
      passed: false,
      verdict: 'cannot-verify',
      summary: expect.stringContaining('give the app what it needs to start'),
    });
    expect(
      judge(seen({ problem: 'did not answer within 30 s' }), seen({ ready: true, answers: [['/', { status: 200, body: 'ok' }]] }), plan('http'), 10),
    ).toMatchObject({ verdict: 'cannot-verify' });
  });

  it('never calls two silent containers that neither answer nor exit the same behaviour', () => {
    const silent = seen({ problem: 'did not answer within 30 s' });
    const result = judge(silent, seen({ problem: 'did not answer within 30 s' }), plan('http'), 60_000);
    expect(result).toMatchObject({ passed: false, verdict: 'cannot-verify' });
    expect(result.summary).toContain('neither exits');
    // One of them exited: still no "same", and the verdict says they differ in what can be seen.
    const exited = seen({ exitCode: 1, problem: 'exited with code 1 before answering', logs: 'Error: EACCES mkdir /dist\n' });
    expect(judge(silent, exited, plan('http'), 60_000)).toMatchObject({ passed: false, verdict: 'cannot-verify' });
  });

  it('reports a lean image that fails where the original answers, with its first error line', () => {
    const original = seen({ ready: true, answers: [['/', { status: 200, body: 'ok' }]] });
    const lean = seen({
      logs: "Error: Cannot find module 'left-pad'\nRequire stack: ...",
      exitCode: 1,
      problem: 'exited with code 1 before answering',
    });
    expect(judge(original, lean, plan('http'), 10)).toMatchObject({
      passed: false,
      verdict: 'different',
      summary: "the original answers, the lean image exited with code 1 before answering: Error: Cannot find module 'left-pad'",
    });
    const otherBody = seen({ ready: true, answers: [['/', { status: 200, body: 'other' }]] });
    expect(judge(original, otherBody, plan('http'), 10)).toMatchObject({
      verdict: 'different',
      summary: expect.stringContaining('GET / body differs'),
    });
  });

  it('judges long-running workers by staying up', () => {
    expect(judge(seen({ running: true }), seen({ running: true }), plan('command'), 10)).toMatchObject({
      verdict: 'same',
      summary: 'both start and keep running for 5 s',
    });
    expect(judge(seen({ running: true }), seen({ exitCode: 1, logs: 'TypeError: x is not a function' }), plan('command'), 10)).toMatchObject({
      verdict: 'different',
      summary: 'the original keeps running, the lean image exits with code 1: TypeError: x is not a function',
    });
    expect(firstErrorLine('starting\nlistening\n')).toBe('starting');
  });
});
