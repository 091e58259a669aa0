/**
 * Which engine the app talks to (Docker or Podman) and, when it cannot talk to it, the fix for that engine:
 * Podman's socket units instead of "start docker" and the docker group. The engine's own `/version` says
 * who it is while connected; when it is not, the endpoint (a Podman socket path, or discovery's "rootless
 * Podman socket") and the core's message (it names Podman when the engine last seen there was Podman) do.
 */
import type { ConnectionStatus, EngineKind } from '../../../shared/contract';

export const rootlessPodmanStart = 'systemctl --user enable --now podman.socket';
export const rootfulPodmanStart = 'sudo systemctl enable --now podman.socket';
export const dockerStart = 'sudo systemctl start docker';
export const dockerGroupFix = 'sudo usermod -aG docker $USER';

/** Docker or Podman, as far as the status tells; undefined when nothing names either. */
export function engineKindOf(status: ConnectionStatus | undefined): EngineKind | undefined {
  if (!status) return undefined;
  if (status.engine) return status.engine.kind;
  if (/podman/i.test(status.endpoint)) return 'podman';
  if (status.error && /\bpodman\b/i.test(status.error.message)) return 'podman';
  if (/docker\.sock|docker desktop/i.test(status.endpoint)) return 'docker';
  return undefined;
}

/** "Podman" / "Docker" for the status bar, or undefined. */
export function engineLabel(kind: EngineKind | undefined): string | undefined {
  return kind === 'podman' ? 'Podman' : kind === 'docker' ? 'Docker' : undefined;
}

/** Whose Podman socket an endpoint is: the user's (rootless), root's (rootful), or a path of its own. */
export function podmanSocketOf(endpoint: string): 'rootless' | 'rootful' | 'other' {
  if (/rootless|\/run\/user\/\d+\/|xdg_runtime_dir/i.test(endpoint)) return 'rootless';
  if (/rootful|(?:\/var)?\/run\/podman\/podman\.sock/i.test(endpoint)) return 'rootful';
  return 'other';
}

export interface EngineFix {
  /** One sentence: what to do. */
  text: string;
  /** The commands that do it, each copyable. */
  commands: string[];
}

/** The fix for an engine that cannot be reached or refuses us; null when there is no fix to give. */
export function engineFix(status: ConnectionStatus): EngineFix | null {
  const code = status.error?.code;
  const kind = engineKindOf(status);
  if (kind === 'podman') {
    const socket = podmanSocketOf(status.endpoint);
    if (code === 'DOCKER_UNREACHABLE') {
      if (socket === 'rootless') return { text: 'Start your Podman socket (rootless, as your user):', commands: [rootlessPodmanStart] };
      if (socket === 'rootful') return { text: 'Start Podman’s system socket (rootful):', commands: [rootfulPodmanStart] };
      return {
        text: 'Start Podman’s socket: as your user (rootless), or the system one (rootful):',
        commands: [rootlessPodmanStart, rootfulPodmanStart],
      };
    }
    if (code === 'DOCKER_PERMISSION_DENIED') {
      return {
        text:
          socket === 'rootful'
            ? 'The rootful Podman socket is root’s: run LayerLens as root, or use your own rootless Podman socket:'
            : 'This Podman socket belongs to another user: use your own rootless Podman socket:',
        commands: [rootlessPodmanStart],
      };
    }
    return null;
  }
  if (code === 'DOCKER_PERMISSION_DENIED') {
    return { text: 'Add your user to the docker group, then log out and back in (or run newgrp docker):', commands: [dockerGroupFix] };
  }
  if (code === 'DOCKER_UNREACHABLE' && kind === 'docker') {
    return { text: 'Start the Docker engine (or open Docker Desktop):', commands: [dockerStart] };
  }
  return null;
}
