/**
 * One typed, cancellable Engine API call through dockerode's modem. dockerode's own wrappers do not all
 * forward an AbortSignal (image inspect and history do not), and every call here must be cancellable.
 */
import { addAbortSignal, type Readable } from 'node:stream';
import type Docker from 'dockerode';

export interface EngineRequest {
  path: string;
  method?: 'GET' | 'POST' | 'DELETE' | 'HEAD';
  query?: Record<string, unknown>;
  signal?: AbortSignal;
  /** Status codes the caller expects; others reject with the engine's message. */
  statusCodes?: Record<number, true | string>;
}

const defaultStatus: Record<number, true | string> = {
  200: true,
  400: 'bad parameter',
  404: 'not found',
  409: 'conflict',
  500: 'server error',
};

export function engineRequest<T>(docker: Docker, request: EngineRequest): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    docker.modem.dial(
      {
        path: request.path,
        method: request.method ?? 'GET',
        options: request.query ?? {},
        statusCodes: request.statusCodes ?? defaultStatus,
        abortSignal: request.signal,
      } as Parameters<Docker['modem']['dial']>[0],
      (error: unknown, data: unknown) => (error ? reject(error) : resolve(data as T)),
    );
  });
}

export interface EngineStreamRequest {
  path: string;
  query?: Record<string, unknown>;
  signal?: AbortSignal;
  statusCodes?: Record<number, true | string>;
}

/**
 * The raw body of a GET as a stream (for example `/images/{name}/get`, an image archive). The signal aborts
 * the request before the answer and destroys the body after it (the stream then errors with an AbortError).
 * A status the caller does not expect rejects like `engineRequest` does (with `statusCode`).
 */
export function engineStream(docker: Docker, request: EngineStreamRequest): Promise<Readable> {
  return new Promise<Readable>((resolve, reject) => {
    docker.modem.dial(
      {
        path: request.path,
        method: 'GET',
        options: request.query ?? {},
        isStream: true,
        statusCodes: request.statusCodes ?? defaultStatus,
        abortSignal: request.signal,
      } as Parameters<Docker['modem']['dial']>[0],
      (error: unknown, data: unknown) => {
        if (error) {
          reject(error);
          return;
        }
        const body = data as Readable;
        if (request.signal) {
          if (request.signal.aborted) body.destroy(Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' }));
          else addAbortSignal(request.signal, body);
        }
        resolve(body);
      },
    );
  });
}
