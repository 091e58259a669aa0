/** Ping and version: who the engine is (Docker or Podman), its version, API version and platform. */
import type Docker from 'dockerode';
import type { EngineInfo } from '../../shared/contract';
import { engineRequest } from './engine-request';

interface VersionComponent {
  Name?: string;
}

export async function readEngineInfo(docker: Docker, signal?: AbortSignal): Promise<EngineInfo> {
  await engineRequest<string>(docker, { path: '/_ping', signal });
  const version = await engineRequest<
    Docker.DockerVersion & { Components?: VersionComponent[]; Platform?: { Name?: string } }
  >(docker, { path: '/version', signal });
  const names = [version.Platform?.Name, ...(version.Components ?? []).map((c) => c.Name)].filter(Boolean);
  const isPodman = names.some((n) => /podman/i.test(n ?? ''));
  return {
    kind: isPodman ? 'podman' : 'docker',
    name: version.Platform?.Name || (isPodman ? 'Podman Engine' : 'Docker Engine'),
    version: version.Version,
    apiVersion: version.ApiVersion,
    os: version.Os,
    arch: version.Arch,
    kernelVersion: version.KernelVersion,
  };
}
