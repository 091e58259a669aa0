/**
 * Pushing the lean image after a rebuild: where it goes (the registry its name points to, Docker Hub when it
 * names none, as Docker reads names), the steps (ask the registry whether the tag exists, confirm moving
 * it, push with progress, done or failed), and a failure in words a user can act on. The push itself is
 * the core's (`checkRemoteTag`, `pushImage`); a tag the registry has is never replaced without `replace`,
 * which only the confirmation sets.
 */
import type { ApiErrorData } from '../../../shared/errors';
import { formatBytes } from '../../../shared/format';
import type { PushImageResult, RemoteTagState } from '../../../shared/rebuild';

export interface PushTarget {
  /** The name pushed, as the engine has it (the lean image's name). */
  image: string;
  /** "127.0.0.1:5000", "ghcr.io", or "docker.io" when the name has no registry part. */
  registry: string;
  /** The repository inside the registry ("team/app", "library/node"). */
  repository: string;
  tag: string;
  /** False when the registry is Docker Hub only because the name names none. */
  explicitRegistry: boolean;
}

/** Docker's rule: the first part of a name is a registry when it has a dot or a port, or is "localhost". */
function isRegistryPart(part: string): boolean {
  return part.includes('.') || part.includes(':') || part === 'localhost';
}

/** Where a name would be pushed; null for a name that cannot be pushed (a digest, an id, no tag). */
export function pushTargetOf(image: string): PushTarget | null {
  const name = image.trim().replace(/^registry:\/\//, '');
  if (name === '' || name.includes('@') || /^(sha256:)?[0-9a-f]{12,64}$/.test(name)) return null;
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  const explicitRegistry = first !== '' && isRegistryPart(first);
  const rest = explicitRegistry ? name.slice(slash + 1) : name;
  const colon = rest.lastIndexOf(':');
  if (colon <= rest.lastIndexOf('/')) return null;
  const path = rest.slice(0, colon);
  const tag = rest.slice(colon + 1);
  if (!path || !tag) return null;
  const registry = explicitRegistry ? first : 'docker.io';
  const repository = !explicitRegistry && !path.includes('/') ? `library/${path}` : path;
  return { image: name, registry, repository, tag, explicitRegistry };
}

/** "127.0.0.1:5000/app:1-lean"; Docker Hub spelled out when the name leaves it implied. */
export function pushTargetText(target: PushTarget): string {
  return target.explicitRegistry ? target.image : `docker.io/${target.image}`;
}

export type PushState =
  | { kind: 'idle' }
  | { kind: 'checking' }
  /** The registry has the tag: pushing moves it, which needs a yes in words. */
  | { kind: 'confirm'; remote: RemoteTagState }
  | { kind: 'pushing'; replace: boolean; done: number; total?: number; detail?: string }
  | { kind: 'pushed'; result: PushImageResult }
  | { kind: 'failed'; error: ApiErrorData }
  | { kind: 'cancelled' };

export type PushEvent =
  | { type: 'check' }
  | { type: 'checked'; remote: RemoteTagState }
  | { type: 'confirm' }
  | { type: 'progress'; done: number; total?: number; detail?: string }
  | { type: 'pushed'; result: PushImageResult }
  | { type: 'failed'; error: ApiErrorData }
  | { type: 'reset' };

/**
 * The steps of a push. A free tag goes straight to pushing (no replace); a taken one waits for `confirm`,
 * and only that sets replace. Events that do not belong to the current step are ignored (a late progress
 * event after the push settled, a second click).
 */
export function pushReducer(state: PushState, event: PushEvent): PushState {
  switch (event.type) {
    case 'check':
      return state.kind === 'idle' || state.kind === 'failed' || state.kind === 'cancelled' ? { kind: 'checking' } : state;
    case 'checked':
      if (state.kind !== 'checking') return state;
      return event.remote.exists ? { kind: 'confirm', remote: event.remote } : { kind: 'pushing', replace: false, done: 0 };
    case 'confirm':
      return state.kind === 'confirm' ? { kind: 'pushing', replace: true, done: 0 } : state;
    case 'progress':
      return state.kind === 'pushing' ? { ...state, done: event.done, total: event.total, detail: event.detail ?? state.detail } : state;
    case 'pushed':
      return state.kind === 'pushing' ? { kind: 'pushed', result: event.result } : state;
    case 'failed':
      if (state.kind !== 'pushing' && state.kind !== 'checking') return state;
      return event.error.code === 'CANCELLED' ? { kind: 'cancelled' } : { kind: 'failed', error: event.error };
    case 'reset':
      return { kind: 'idle' };
  }
}

/** "12.3 MB of 40.1 MB", or the bytes so far when the total is not known yet. */
export function pushAmount(done: number, total?: number): { text: string; ratio?: number } {
  if (!total || total <= 0) return { text: done > 0 ? formatBytes(done) : '' };
  const clamped = Math.min(done, total);
  return { text: `${formatBytes(clamped)} of ${formatBytes(total)}`, ratio: clamped / total };
}

/** A failed push as a heading and what to do; the core's message (already specific) is shown under it. */
export function pushFailureTitle(error: ApiErrorData, registry: string): string {
  switch (error.code) {
    case 'UNAUTHORIZED':
      return `The registry ${registry} refused: log in first`;
    case 'SERVER_UNREACHABLE':
      return `The registry ${registry} cannot be reached`;
    case 'TLS_UNTRUSTED':
      return `The certificate of ${registry} is not trusted`;
    case 'IMAGE_NOT_FOUND':
      return 'The lean image is no longer in the engine';
    case 'INVALID_ARGUMENT':
      return 'The push was refused';
    case 'DOCKER_UNREACHABLE':
    case 'DOCKER_TIMEOUT':
    case 'DOCKER_PERMISSION_DENIED':
      return 'The engine could not be reached to push';
    default:
      return `The push to ${registry} failed`;
  }
}

/** The command to log in, for an UNAUTHORIZED push (LayerLens uses the docker CLI's credentials). */
export function loginCommand(registry: string): string {
  return registry === 'docker.io' ? 'docker login' : `docker login ${registry}`;
}
