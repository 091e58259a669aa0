import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionStatus, ImageChange, ImageDetail } from '../../../shared/contract';
import { LayerLensError } from '../../../shared/errors';
import { watchImageGone, type Gone } from './useImageGone';

const id = 'sha256:aaaa';

/** A client whose inspects answer when the test says, in any order, and whose events the test sends. */
function fakeClient() {
  const listeners: { connection?: (status: ConnectionStatus) => void; imagesChanged?: (change: ImageChange) => void } = {};
  const answers: { resolve: (detail: ImageDetail) => void; reject: (error: unknown) => void }[] = [];
  const client = {
    inspectImage: () => new Promise<ImageDetail>((resolve, reject) => answers.push({ resolve, reject })),
    on: (event: string, listener: never) => {
      (listeners as Record<string, unknown>)[event] = listener;
      return () => undefined;
    },
  };
  return { client: client as unknown as Parameters<typeof watchImageGone>[0], listeners, answers };
}

const notFound = () => new LayerLensError('IMAGE_NOT_FOUND', 'No such image');
const settle = async () => {
  await vi.advanceTimersByTimeAsync(300);
};

describe('watchImageGone', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('says an image was removed when its delete event is followed by a not-found', async () => {
    const { client, listeners, answers } = fakeClient();
    const reports: (Gone | undefined)[] = [];
    watchImageGone(client, id, id, (gone) => reports.push(gone));
    listeners.imagesChanged!({ action: 'delete', id });
    await settle();
    answers[0].reject(notFound());
    await settle();
    expect(reports.map((gone) => gone?.kind)).toEqual(['removed']);
  });

  it('keeps the removal when an inspect asked before it answers after it', async () => {
    const { client, listeners, answers } = fakeClient();
    const reports: (Gone | undefined)[] = [];
    watchImageGone(client, id, id, (gone) => reports.push(gone));
    // Asked when the connection came up, before `docker rmi`; its answer is held up.
    listeners.connection!({ state: 'connected', endpoint: 'x' });
    await settle();
    listeners.imagesChanged!({ action: 'delete', id });
    await settle();
    expect(answers).toHaveLength(2);
    answers[1].reject(notFound());
    await settle();
    answers[0].resolve({ id } as ImageDetail);
    await settle();
    expect(reports.map((gone) => gone?.kind)).toEqual(['removed']);
  });

  it('says the name moved when it answers with another image, and nothing once stopped', async () => {
    const { client, listeners, answers } = fakeClient();
    const reports: (Gone | undefined)[] = [];
    const stop = watchImageGone(client, 'app:1', id, (gone) => reports.push(gone));
    listeners.imagesChanged!({ action: 'tag', id: 'sha256:bbbb' });
    await settle();
    answers[0].resolve({ id: 'sha256:bbbb' } as ImageDetail);
    await settle();
    expect(reports).toEqual([expect.objectContaining({ kind: 'moved', id: 'sha256:bbbb' })]);
    listeners.imagesChanged!({ action: 'untag', id });
    await settle();
    stop();
    answers[1].reject(notFound());
    await settle();
    expect(reports).toHaveLength(1);
  });
});
