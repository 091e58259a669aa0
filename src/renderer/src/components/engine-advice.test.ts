import { describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../../shared/contract';
import { dockerGroupFix, dockerStart, engineFix, engineKindOf, rootfulPodmanStart, rootlessPodmanStart } from './engine-advice';

const down = (endpoint: string, code: 'DOCKER_UNREACHABLE' | 'DOCKER_PERMISSION_DENIED', message = 'not there'): ConnectionStatus => ({
  state: 'disconnected',
  endpoint,
  error: { code, message },
});

describe('engineKindOf', () => {
  it('takes the engine’s own word while connected', () => {
    const status: ConnectionStatus = {
      state: 'connected',
      endpoint: 'unix:///var/run/docker.sock (default socket)',
      engine: { kind: 'podman', name: 'Podman Engine', version: '4.3.1', apiVersion: '1.41', os: 'linux', arch: 'amd64' },
    };
    expect(engineKindOf(status)).toBe('podman');
  });

  it('tells Podman by its socket path, or by the core’s message for a podman-docker socket', () => {
    expect(engineKindOf(down('unix:///run/user/1000/podman/podman.sock (rootless Podman socket)', 'DOCKER_UNREACHABLE'))).toBe('podman');
    expect(engineKindOf(down('unix:///var/run/docker.sock (default socket)', 'DOCKER_UNREACHABLE', 'Podman is not serving its API at …'))).toBe(
      'podman',
    );
    expect(engineKindOf(down('unix:///var/run/docker.sock (default socket)', 'DOCKER_UNREACHABLE', 'The Docker engine is not running'))).toBe(
      'docker',
    );
    expect(engineKindOf(down('tcp://10.0.0.2:2375 (DOCKER_HOST)', 'DOCKER_UNREACHABLE', 'timeout'))).toBeUndefined();
    expect(engineKindOf(undefined)).toBeUndefined();
  });
});

describe('engineFix', () => {
  it('gives Podman’s socket units, never Docker’s advice, for a Podman endpoint', () => {
    expect(engineFix(down('unix:///run/user/1000/podman/podman.sock (rootless Podman socket)', 'DOCKER_UNREACHABLE'))?.commands).toEqual([
      rootlessPodmanStart,
    ]);
    expect(engineFix(down('unix:///run/podman/podman.sock (rootful Podman socket)', 'DOCKER_UNREACHABLE'))?.commands).toEqual([rootfulPodmanStart]);
    expect(engineFix(down('unix:///tmp/my/podman.sock (DOCKER_HOST)', 'DOCKER_UNREACHABLE'))?.commands).toEqual([
      rootlessPodmanStart,
      rootfulPodmanStart,
    ]);
    const denied = engineFix(down('unix:///run/podman/podman.sock (rootful Podman socket)', 'DOCKER_PERMISSION_DENIED'));
    expect(denied?.commands).toEqual([rootlessPodmanStart]);
    expect(denied?.text).toContain('root');
    expect(JSON.stringify(denied)).not.toContain('usermod');
  });

  it('gives Docker’s advice for Docker', () => {
    expect(engineFix(down('unix:///var/run/docker.sock (default socket)', 'DOCKER_PERMISSION_DENIED'))?.commands).toEqual([dockerGroupFix]);
    expect(engineFix(down('unix:///var/run/docker.sock (default socket)', 'DOCKER_UNREACHABLE'))?.commands).toEqual([dockerStart]);
  });

  it('gives nothing it cannot stand behind', () => {
    expect(engineFix(down('tcp://10.0.0.2:2375 (DOCKER_HOST)', 'DOCKER_UNREACHABLE'))).toBeNull();
    expect(
      engineFix({ state: 'disconnected', endpoint: 'unix:///var/run/docker.sock', error: { code: 'DOCKER_TIMEOUT', message: 'slow' } }),
    ).toBeNull();
  });
});
