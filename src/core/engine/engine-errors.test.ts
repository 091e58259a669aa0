import { describe, expect, it } from 'vitest';
import type { EngineEndpoint } from './endpoint';
import { toEngineError } from './engine-errors';

const endpoint: EngineEndpoint = { protocol: 'unix', socketPath: '/var/run/docker.sock', source: 'default socket' };
const sysError = (code: string) => Object.assign(new Error(`connect ${code} /var/run/docker.sock`), { code });

describe('toEngineError', () => {
  it.each(['ENOENT', 'ECONNREFUSED'])('%s means the engine is not running, and names the socket', (code) => {
    const error = toEngineError(sysError(code), endpoint);
    expect(error.code).toBe('DOCKER_UNREACHABLE');
    expect(error.message).toContain('not running at unix:///var/run/docker.sock');
    expect(error.detail).toContain(code);
  });

  it('EACCES tells the user to join the docker group', () => {
    const error = toEngineError(sysError('EACCES'), endpoint);
    expect(error.code).toBe('DOCKER_PERMISSION_DENIED');
    expect(error.message).toContain('usermod -aG docker');
  });

  it('a timeout is DOCKER_TIMEOUT', () => {
    const timeout = Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
    expect(toEngineError(timeout, endpoint).code).toBe('DOCKER_TIMEOUT');
  });

  it('an abort is CANCELLED', () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(toEngineError(abort, endpoint).code).toBe('CANCELLED');
  });

  it('keeps the engine message of an HTTP error', () => {
    const error = toEngineError(Object.assign(new Error('x'), { statusCode: 500, json: { message: 'disk full' } }), endpoint);
    expect(error).toMatchObject({ code: 'INTERNAL', detail: 'disk full' });
  });
});
