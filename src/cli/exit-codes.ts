import type { ErrorCode } from '../shared/errors';

export const exitCodes = { ok: 0, usage: 1, engineUnreachable: 2, failure: 3 } as const;

const engineCodes: ErrorCode[] = ['DOCKER_UNREACHABLE', 'DOCKER_PERMISSION_DENIED', 'DOCKER_TIMEOUT', 'DOCKER_HOST_INVALID'];

export function exitCodeFor(code: ErrorCode): number {
  if (engineCodes.includes(code)) return exitCodes.engineUnreachable;
  if (code === 'INVALID_ARGUMENT') return exitCodes.usage;
  return exitCodes.failure;
}
