/**
 * The `{result} | {error}` envelope that carries a call over IPC or HTTP: thrown errors do not survive
 * structured cloning with their fields, plain data does.
 */
import { apiMethods, type ApiMethod, type EventSource, type LayerLensApi, type LayerLensClient } from './contract';
import { fromErrorData, type ApiErrorData } from './errors';

export type Envelope<T> = { ok: true; result: T } | { ok: false; error: ApiErrorData };

type Result<M extends ApiMethod> = Awaited<ReturnType<LayerLensApi[M]>>;

/** A transport sends one call and answers with its envelope. */
export type CallTransport = <M extends ApiMethod>(method: M, args: Parameters<LayerLensApi[M]>) => Promise<Envelope<Result<M>>>;

/** Turns a transport plus an event source into the typed client the renderer and tests use. */
export function createClient(call: CallTransport, events: EventSource): LayerLensClient {
  const client: Record<string, unknown> = { on: events.on.bind(events) };
  for (const method of apiMethods) {
    client[method] = async (...args: unknown[]) => {
      const envelope = await call(method, args as never);
      if (envelope.ok) return envelope.result;
      throw fromErrorData(envelope.error);
    };
  }
  return client as unknown as LayerLensClient;
}

/**
 * What the Electron preload exposes as `window.layerlens`: every contract method answering with its
 * envelope, plus the event source. The renderer turns it into a client with `createClient`.
 */
export type RemoteApi = {
  [M in ApiMethod]: (...args: Parameters<LayerLensApi[M]>) => Promise<Envelope<Result<M>>>;
} & EventSource;

export function transportOf(remote: RemoteApi): CallTransport {
  return (method, args) => (remote[method] as (...a: unknown[]) => Promise<never>)(...args);
}
