/** Turns socket, HTTP and engine failures into typed errors whose message says how to fix them. */
import { cancelledError, LayerLensError } from '../../shared/errors';
import { describeEndpoint, type EngineEndpoint } from './endpoint';

interface NodeLikeError {
  code?: string;
  errno?: number;
  statusCode?: number;
  name?: string;
  message?: string;
  json?: { message?: string } | null;
}

export function engineMessage(error: unknown): string {
  const e = error as NodeLikeError;
  return e?.json?.message ?? e?.message ?? String(error);
}

export function isAbort(error: unknown): boolean {
  const e = error as NodeLikeError;
  return e?.name === 'AbortError' || e?.code === 'ABORT_ERR';
}

/** The connection to the engine broke (not an answer from it): work in flight cannot be judged. */
export function isConnectionLoss(error: unknown): boolean {
  const e = error as NodeLikeError;
  return ['ENOENT', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes(e?.code ?? '') || /socket hang up/i.test(e?.message ?? '');
}

export function toEngineError(error: unknown, endpoint: EngineEndpoint): LayerLensError {
  if (error instanceof LayerLensError) return error;
  const e = error as NodeLikeError;
  const where = describeEndpoint(endpoint);
  const detail = engineMessage(error);
  if (['ECONNRESET', 'EPIPE'].includes(e?.code ?? '') || /socket hang up/i.test(e?.message ?? '')) {
    return new LayerLensError(
      'DOCKER_UNREACHABLE',
      `The connection to the Docker engine at ${where} was lost mid-call (did it stop or restart?). Check that it is running, then try again.`,
      detail,
    );
  }
  switch (e?.code) {
    case 'ENOENT':
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new LayerLensError(
        'DOCKER_UNREACHABLE',
        `The Docker engine is not running at ${where}. Start it (for example \`sudo systemctl start docker\`, ` +
          'or open Docker Desktop).',
        detail,
      );
    case 'EACCES':
    case 'EPERM':
      return new LayerLensError(
        'DOCKER_PERMISSION_DENIED',
        `Permission denied on ${where}. Add your user to the docker group ` +
          '(`sudo usermod -aG docker $USER`), then log out and back in.',
        detail,
      );
    case 'ETIMEDOUT':
    case 'ESOCKETTIMEDOUT':
      return timeoutError(where, detail);
  }
  if (e?.name === 'TimeoutError' || /timeout/i.test(e?.message ?? '')) return timeoutError(where, detail);
  if (isAbort(error)) return cancelledError();
  return new LayerLensError('INTERNAL', `The engine at ${where} answered with an error: ${detail}`, detail);
}

function timeoutError(where: string, detail: string): LayerLensError {
  return new LayerLensError(
    'DOCKER_TIMEOUT',
    `The engine at ${where} did not answer in time. It may be starting or overloaded; LayerLens keeps retrying.`,
    detail,
  );
}
