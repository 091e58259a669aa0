/**
 * Long operations by id: each gets an AbortSignal (passed down to the HTTP stream) and a progress
 * reporter, and can be cancelled from any front door through `cancel(operationId)`.
 */
import { randomUUID } from 'node:crypto';
import type { ProgressEvent } from '../../shared/contract';
import { cancelledError, LayerLensError } from '../../shared/errors';

export interface Operation {
  id: string;
  signal: AbortSignal;
  progress(phase: string, done: number, total?: number, detail?: string): void;
}

export class OperationRegistry {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly onProgress: (event: ProgressEvent) => void) {}

  async run<T>(operationId: string | undefined, work: (operation: Operation) => Promise<T>): Promise<T> {
    const id = operationId ?? randomUUID();
    if (this.running.has(id)) {
      throw new LayerLensError('INVALID_ARGUMENT', `An operation with id "${id}" is already running.`);
    }
    const controller = new AbortController();
    this.running.set(id, controller);
    const operation: Operation = {
      id,
      signal: controller.signal,
      progress: (phase, done, total, detail) =>
        this.onProgress(detail === undefined ? { operationId: id, phase, done, total } : { operationId: id, phase, done, total, detail }),
    };
    try {
      const result = await work(operation);
      if (controller.signal.aborted) throw cancelledError();
      return result;
    } catch (error) {
      if (controller.signal.aborted) throw cancelledError();
      throw error;
    } finally {
      this.running.delete(id);
    }
  }

  cancel(operationId: string): boolean {
    const controller = this.running.get(operationId);
    controller?.abort();
    return controller !== undefined;
  }

  get size(): number {
    return this.running.size;
  }
}
