import { describe, expect, it } from 'vitest';
import type { PushImageResult } from '../../../shared/rebuild';
import { loginCommand, pushAmount, pushFailureTitle, pushReducer, pushTargetOf, pushTargetText, type PushState } from './push-offer';

describe('pushTargetOf', () => {
  it('reads the registry from the name as Docker does', () => {
    expect(pushTargetOf('127.0.0.1:5000/team/app:1-lean')).toEqual({
      image: '127.0.0.1:5000/team/app:1-lean',
      registry: '127.0.0.1:5000',
      repository: 'team/app',
      tag: '1-lean',
      explicitRegistry: true,
    });
    expect(pushTargetOf('ghcr.io/team/app:1-lean')).toMatchObject({ registry: 'ghcr.io', repository: 'team/app', explicitRegistry: true });
    expect(pushTargetOf('localhost/app:2')).toMatchObject({ registry: 'localhost', repository: 'app' });
    expect(pushTargetOf('registry://127.0.0.1:5000/app:x')).toMatchObject({ image: '127.0.0.1:5000/app:x', registry: '127.0.0.1:5000' });
  });

  it('names Docker Hub when the name names no registry', () => {
    const team = pushTargetOf('layerlens-test/app:1-lean')!;
    expect(team).toMatchObject({ registry: 'docker.io', repository: 'layerlens-test/app', tag: '1-lean', explicitRegistry: false });
    expect(pushTargetText(team)).toBe('docker.io/layerlens-test/app:1-lean');
    expect(pushTargetOf('node:18-lean')).toMatchObject({ registry: 'docker.io', repository: 'library/node' });
    expect(pushTargetText(pushTargetOf('127.0.0.1:5000/app:1')!)).toBe('127.0.0.1:5000/app:1');
  });

  it('refuses what cannot be pushed: no tag, a digest, an id', () => {
    expect(pushTargetOf('127.0.0.1:5000/app')).toBeNull();
    expect(pushTargetOf('app@sha256:' + 'a'.repeat(64))).toBeNull();
    expect(pushTargetOf('sha256:' + 'b'.repeat(64))).toBeNull();
    expect(pushTargetOf('  ')).toBeNull();
  });
});

describe('pushReducer', () => {
  const result: PushImageResult = {
    image: '127.0.0.1:5000/app:1-lean',
    registry: '127.0.0.1:5000',
    imageId: 'sha256:1',
    digest: 'sha256:2',
    replaced: false,
  };
  const run = (...events: Parameters<typeof pushReducer>[1][]) => events.reduce<PushState>(pushReducer, { kind: 'idle' });

  it('pushes at once when the tag is free, never with replace', () => {
    const state = run({ type: 'check' }, { type: 'checked', remote: { image: 'x', registry: 'r', exists: false } });
    expect(state).toEqual({ kind: 'pushing', replace: false, done: 0 });
  });

  it('waits for a yes before moving a tag the registry has; only that yes sets replace', () => {
    const asked = run({ type: 'check' }, { type: 'checked', remote: { image: 'x', registry: 'r', exists: true, digest: 'sha256:old' } });
    expect(asked).toEqual({ kind: 'confirm', remote: { image: 'x', registry: 'r', exists: true, digest: 'sha256:old' } });
    expect(pushReducer(asked, { type: 'progress', done: 5 })).toBe(asked);
    expect(pushReducer(asked, { type: 'pushed', result })).toBe(asked);
    expect(pushReducer(asked, { type: 'confirm' })).toEqual({ kind: 'pushing', replace: true, done: 0 });
    expect(pushReducer(asked, { type: 'reset' })).toEqual({ kind: 'idle' });
    // A confirmation out of turn moves nothing.
    expect(run({ type: 'confirm' })).toEqual({ kind: 'idle' });
  });

  it('follows progress, then settles; late events change nothing', () => {
    let state = run(
      { type: 'check' },
      { type: 'checked', remote: { image: 'x', registry: 'r', exists: false } },
      { type: 'progress', done: 10, total: 100, detail: 'abc: Pushing' },
    );
    expect(state).toMatchObject({ kind: 'pushing', done: 10, total: 100, detail: 'abc: Pushing' });
    state = pushReducer(state, { type: 'pushed', result });
    expect(state).toEqual({ kind: 'pushed', result });
    expect(pushReducer(state, { type: 'progress', done: 100 })).toBe(state);
    expect(pushReducer(state, { type: 'check' })).toBe(state);
  });

  it('tells a cancel from a failure, and both can be tried again', () => {
    const pushing = run({ type: 'check' }, { type: 'checked', remote: { image: 'x', registry: 'r', exists: false } });
    const cancelled = pushReducer(pushing, { type: 'failed', error: { code: 'CANCELLED', message: 'cancelled' } });
    expect(cancelled).toEqual({ kind: 'cancelled' });
    const failed = pushReducer({ kind: 'checking' }, { type: 'failed', error: { code: 'SERVER_UNREACHABLE', message: 'no' } });
    expect(failed).toMatchObject({ kind: 'failed', error: { code: 'SERVER_UNREACHABLE' } });
    expect(pushReducer(cancelled, { type: 'check' })).toEqual({ kind: 'checking' });
    expect(pushReducer(failed, { type: 'check' })).toEqual({ kind: 'checking' });
  });
});

describe('wording', () => {
  it('says what failed and how to log in', () => {
    expect(pushFailureTitle({ code: 'UNAUTHORIZED', message: '' }, 'ghcr.io')).toBe('The registry ghcr.io refused: log in first');
    expect(pushFailureTitle({ code: 'SERVER_UNREACHABLE', message: '' }, '127.0.0.1:1')).toBe('The registry 127.0.0.1:1 cannot be reached');
    expect(loginCommand('docker.io')).toBe('docker login');
    expect(loginCommand('ghcr.io')).toBe('docker login ghcr.io');
  });

  it('counts bytes of the total', () => {
    expect(pushAmount(0)).toEqual({ text: '' });
    expect(pushAmount(50, 100).ratio).toBe(0.5);
    expect(pushAmount(150, 100).ratio).toBe(1);
  });
});
