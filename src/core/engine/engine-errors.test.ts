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

describe("toEngineError on Podman's sockets: Podman's advice, not Docker's", () => {
  const unix = (socketPath: string, source = 'LayerLens setting'): EngineEndpoint => ({ protocol: 'unix', socketPath, source });
  const rootless = unix('/run/user/1000/podman/podman.sock', 'rootless Podman socket');
  const rootful = unix('/run/podman/podman.sock', 'rootful Podman socket');

  it('a missing rootless socket: start the user unit', () => {
    const error = toEngineError(sysError('ENOENT'), rootless);
    expect(error.code).toBe('DOCKER_UNREACHABLE');
    expect(error.message).toBe(
      'Podman is not serving its API at unix:///run/user/1000/podman/podman.sock (rootless Podman socket). ' +
        'Start your Podman socket: `systemctl --user enable --now podman.socket`.',
    );
  });

  it('a missing rootful socket: start the system unit', () => {
    const error = toEngineError(sysError('ECONNREFUSED'), rootful);
    expect(error.message).toContain('Podman is not serving its API at unix:///run/podman/podman.sock');
    expect(error.message).toContain('`sudo systemctl enable --now podman.socket`');
    expect(error.message).not.toContain('--user');
    expect(error.message).not.toMatch(/docker/i);
  });

  it('another path naming Podman: both units, or serving that very path', () => {
    const error = toEngineError(sysError('ENOENT'), unix('/run/layerlens-podman/podman.sock'));
    expect(error.message).toContain(
      '`systemctl --user enable --now podman.socket` (rootless) or `sudo systemctl enable --now podman.socket` (rootful)',
    );
    expect(error.message).toContain('`podman system service --time=0 unix:///run/layerlens-podman/podman.sock`');
  });

  it('a Docker-named socket that was Podman when last seen (podman-docker) gets Podman advice', () => {
    const error = toEngineError(sysError('ENOENT'), endpoint, 'podman');
    expect(error.message).toContain('Podman is not serving its API at unix:///var/run/docker.sock');
    expect(error.message).not.toContain('systemctl start docker');
    // Without that knowledge, the same socket is Docker's.
    expect(toEngineError(sysError('ENOENT'), endpoint).message).toContain('sudo systemctl start docker');
  });

  it("permission denied: root's socket or another user's, never the docker group", () => {
    const onRootful = toEngineError(sysError('EACCES'), rootful);
    expect(onRootful.code).toBe('DOCKER_PERMISSION_DENIED');
    expect(onRootful.message).toContain("The rootful Podman socket is root's: run LayerLens as root, or use your own rootless Podman socket");
    expect(onRootful.message).not.toContain('docker group');
    expect(toEngineError(sysError('EACCES'), rootless).message).toContain('This Podman socket belongs to another user');
  });

  it('a connection lost mid-call names Podman', () => {
    const error = toEngineError(sysError('ECONNRESET'), rootful);
    expect(error.message).toMatch(/^The connection to Podman at unix:\/\/\/run\/podman\/podman.sock .* was lost mid-call/);
  });
});
