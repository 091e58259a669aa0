/** Ping and version: who the engine is (Docker or Podman), its version, API version and platform. */
import type Docker from 'dockerode';
import type { EngineInfo, EngineKind } from '../../shared/contract';
import { engineRequest } from './engine-request';

interface VersionComponent {
  Name?: string;
  Version?: string;
}

export type VersionAnswer = Docker.DockerVersion & { Components?: VersionComponent[]; Platform?: { Name?: string } };

/**
 * The engine as `/version` describes it. Podman names itself in a component ("Podman Engine") and puts
 * the host's platform in `Platform.Name` ("linux/amd64/debian-12"), so its name comes from the component.
 */
export function engineInfoFromVersion(version: VersionAnswer): EngineInfo {
  const podman = (version.Components ?? []).find((c) => /podman/i.test(c.Name ?? ''));
  const isPodman = Boolean(podman) || /podman/i.test(version.Platform?.Name ?? '');
  return {
    kind: isPodman ? 'podman' : 'docker',
    name: (isPodman ? podman?.Name : version.Platform?.Name) || (isPodman ? 'Podman Engine' : 'Docker Engine'),
    version: version.Version,
    apiVersion: version.ApiVersion,
    os: version.Os,
    arch: version.Arch,
    kernelVersion: version.KernelVersion,
  };
}

export async function readEngineInfo(docker: Docker, signal?: AbortSignal): Promise<EngineInfo> {
  await engineRequest<string>(docker, { path: '/_ping', signal });
  const info = engineInfoFromVersion(await engineRequest<VersionAnswer>(docker, { path: '/version', signal }));
  kinds.set(docker, Promise.resolve(info.kind));
  return info;
}

const kinds = new WeakMap<Docker, Promise<EngineKind>>();

/**
 * Docker or Podman, for the few places that must answer Podman's differences (docs/ARCHITECTURE.md,
 * "Podman differences"): known from the connection's own `/version`, else asked once per client.
 */
export function engineKind(docker: Docker, signal?: AbortSignal): Promise<EngineKind> {
  let kind = kinds.get(docker);
  if (!kind) {
    kind = engineRequest<VersionAnswer>(docker, { path: '/version', signal }).then((v) => engineInfoFromVersion(v).kind);
    kinds.set(docker, kind);
    kind.catch(() => kinds.delete(docker));
  }
  return kind;
}
