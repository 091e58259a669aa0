/**
 * A long contract call (inspect, analysis, comparison) run as a cancellable operation: its progress events
 * by operation id, an ETA once it is stable, cancel on request and when the component goes away.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { LayerLensClient } from '../../../shared/contract';
import { toErrorData, type ApiErrorData } from '../../../shared/errors';
import { EtaEstimator } from '../lib/eta';
import { newOperationId } from '../lib/operation-id';
import { useClient } from './bridge-context';

export interface Progress {
  phase: string;
  done: number;
  total?: number;
  detail?: string;
  /** Seconds left, once the rate of the current phase is stable. */
  etaSeconds?: number;
}

export type OperationState<T> =
  { kind: 'running'; progress?: Progress } | { kind: 'done'; result: T; receivedAt: number } | { kind: 'failed'; error: ApiErrorData };

export interface Operation<T> {
  state: OperationState<T>;
  cancel: () => void;
  retry: () => void;
}

/**
 * Runs `start(client, operationId)` when `key` changes (and on retry). Mount under a `key` when the
 * operation belongs to one screen.
 */
export function useOperation<T>(key: string, start: (client: LayerLensClient, operationId: string) => Promise<T>): Operation<T> {
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
    const eta = new EtaEstimator();
    const off = client.on('progress', (event) => {
      if (event.operationId !== operation) return;
      const etaSeconds = eta.update(event.phase, event.done, event.total, performance.now());
      const progress: Progress = { phase: event.phase, done: event.done, total: event.total, detail: event.detail, etaSeconds };
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
      // Leaving the screen: stop the work nobody will look at.
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
