/** One image's detail, loaded as a cancellable operation that reports progress. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImageDetail, ProgressEvent } from '../../../shared/contract';
import { toErrorData, type ApiErrorData } from '../../../shared/errors';
import { useClient } from './bridge-context';

export type DetailState =
  | { kind: 'loading'; progress?: ProgressEvent }
  | { kind: 'loaded'; detail: ImageDetail }
  | { kind: 'failed'; error: ApiErrorData };

function newOperationId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `op-${Date.now()}-${Math.random()}`;
}

/** Mount it under `key={id}`: the state belongs to one image. */
export function useImageDetail(id: string): { state: DetailState; cancel: () => void; retry: () => void } {
  const client = useClient();
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<DetailState>({ kind: 'loading' });
  const running = useRef<string | undefined>(undefined);

  useEffect(() => {
    // A fresh id per run: a late `cancel` of an earlier run must not hit this one.
    const operation = newOperationId();
    running.current = operation;
    const off = client.on('progress', (progress) => {
      if (progress.operationId !== operation) return;
      setState((current) => (current.kind === 'loading' ? { kind: 'loading', progress } : current));
    });
    const settle = (next: DetailState) => {
      if (running.current !== operation) return;
      running.current = undefined;
      off();
      setState(next);
    };
    client.inspectImage(id, { operationId: operation }).then(
      (detail) => settle({ kind: 'loaded', detail }),
      (error: unknown) => settle({ kind: 'failed', error: toErrorData(error) }),
    );
    return () => {
      off();
      // Leaving the page: stop the work nobody will look at.
      if (running.current === operation) void client.cancel(operation).catch(() => undefined);
      running.current = undefined;
    };
  }, [client, id, attempt]);

  const cancel = useCallback(() => {
    if (running.current) void client.cancel(running.current).catch(() => undefined);
  }, [client]);

  const retry = useCallback(() => {
    setState({ kind: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  return { state, cancel, retry };
}
