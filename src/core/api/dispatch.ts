/**
 * The generic half of every adapter: a method name and an argument list from the wire, checked
 * against the contract's method list, answered as an envelope. IPC and HTTP both call this.
 */
import { isApiMethod, type LayerLensApi } from '../../shared/contract';
import type { Envelope } from '../../shared/envelope';
import { LayerLensError, toErrorData } from '../../shared/errors';

export async function dispatch(api: LayerLensApi, method: unknown, args: unknown): Promise<Envelope<unknown>> {
  try {
    if (!isApiMethod(method)) {
      throw new LayerLensError('INVALID_ARGUMENT', `Unknown method "${String(method)}".`);
    }
    if (!Array.isArray(args)) throw new LayerLensError('INVALID_ARGUMENT', `Arguments of ${method} must be a list.`);
    const fn = api[method] as (...a: unknown[]) => Promise<unknown>;
    return { ok: true, result: await fn.apply(api, args) };
  } catch (error) {
    return { ok: false, error: toErrorData(error) };
  }
}
