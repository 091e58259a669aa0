import { describe, expect, it } from 'vitest';
import { engineInfoFromVersion, type VersionAnswer } from './engine-info';

// `/version` as Podman 4.3.1 (Debian 12) answers it on its Docker-compatible socket.
const podman = {
  Platform: { Name: 'linux/amd64/debian-12' },
  Components: [
    { Name: 'Podman Engine', Version: '4.3.1', Details: { APIVersion: '4.3.1', MinAPIVersion: '4.0.0' } },
    { Name: 'Conmon', Version: 'conmon version 2.1.6, commit: unknown' },
    { Name: 'OCI Runtime (runc)', Version: 'runc version 1.1.5+ds1' },
  ],
  Version: '4.3.1',
  ApiVersion: '1.41',
  MinAPIVersion: '1.24',
  Os: 'linux',
  Arch: 'amd64',
  KernelVersion: '6.1.0',
} as unknown as VersionAnswer;

describe('engineInfoFromVersion', () => {
  it('names Podman by its component, not by the host platform it puts in Platform.Name', () => {
    expect(engineInfoFromVersion(podman)).toEqual({
      kind: 'podman',
      name: 'Podman Engine',
      version: '4.3.1',
      apiVersion: '1.41',
      os: 'linux',
      arch: 'amd64',
      kernelVersion: '6.1.0',
    });
  });

  it('names Docker by its platform, or "Docker Engine" when it gives none', () => {
    const docker = {
      Platform: { Name: 'Docker Engine - Community' },
      Components: [{ Name: 'Engine', Version: '24.0.7' }],
      Version: '24.0.7',
      ApiVersion: '1.43',
      Os: 'linux',
      Arch: 'arm64',
    } as unknown as VersionAnswer;
    expect(engineInfoFromVersion(docker)).toMatchObject({ kind: 'docker', name: 'Docker Engine - Community', version: '24.0.7' });
    expect(engineInfoFromVersion({ ...docker, Platform: { Name: '' } })).toMatchObject({ kind: 'docker', name: 'Docker Engine' });
  });
});
