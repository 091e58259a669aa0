/**
 * A long contract call (analysis, comparison) run as a cancellable operation: progress events by
 * operation id, a byte rate and an ETA, cancel on request and when the component goes away.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { LayerLensClient, ProgressEvent } from '../../../shared/contract';
import { toErrorData, type ApiErrorData } from '../../../shared/errors';
import { useClient } from './bridge-context';

export interface Progress {
  phase: string;
  done: number;
  total?: number;
  /** Seconds left, from the rate of the current phase (when it has a total). */
  etaSeconds?: number;
}

export type OperationState<T> =
  | { kind: 'running'; progress?: Progress }
  | { kind: 'done'; result: T; receivedAt: number }
  | { kind: 'failed'; error: ApiErrorData };

export function newOperationId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `op-${Date.now()}-${Math.random()}`;
}

interface RateSample {
  phase: string;
  at: number;
  done: number;
}

function withEta(event: ProgressEvent, first: RateSample | undefined, now: number): Progress {
  const progress: Progress = { phase: event.phase, done: event.done, total: event.total };
  if (first && first.phase === event.phase && event.total && event.done > first.done && now - first.at > 500) {
    const rate = (event.done - first.done) / ((now - first.at) / 1000);
    progress.etaSeconds = Math.max(0, (event.total - event.done) / rate);
  }
  return progress;
}

/**
 * Runs `start(client, operationId)` when `key` changes (and on retry). Mount under a `key` when the
 * operation belongs to one screen.
 */
export function useOperation<T>(
  key: string,
  start: (client: LayerLensClient, operationId: string) => Promise<T>,
): { state: OperationState<T>; cancel: () => void; retry: () => void } {
  const client = useClient();
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<OperationState<T>>({ kind: 'running' });
  const running = useRef<string | undefined>(undefined);
  const starter = useRef(start);
  useLayoutEffect(() => {
    starter.current = start;
  });

  useEffect(() => {
    const operation = newOperationId();
    running.current = operation;
    let first: RateSample | undefined;
    const off = client.on('progress', (event) => {
      if (event.operationId !== operation) return;
      const now = performance.now();
      if (!first || first.phase !== event.phase) first = { phase: event.phase, at: now, done: event.done };
      const progress = withEta(event, first, now);
      setState((current) => (current.kind === 'running' ? { kind: 'running', progress } : current));
    });
    const settle = (next: OperationState<T>) => {
      if (running.current !== operation) return;
      running.current = undefined;
      off();
      setState(next);
    };
    starter.current(client, operation).then(
      (result) => settle({ kind: 'done', result, receivedAt: performance.now() }),
      (error: unknown) => settle({ kind: 'failed', error: toErrorData(error) }),
    );
    return () => {
      off();
      if (running.current === operation) void client.cancel(operation).catch(() => undefined);
      running.current = undefined;
    };
  }, [client, key, attempt]);

  const cancel = useCallback(() => {
    if (running.current) void client.cancel(running.current).catch(() => undefined);
  }, [client]);

  const retry = useCallback(() => {
    setState({ kind: 'running' });
    setAttempt((n) => n + 1);
  }, []);
  return { state, cancel, retry };
}
