/** Turns socket, HTTP and engine failures into typed errors whose message says how to fix them. */
import type { EngineKind } from '../../shared/contract';
import { cancelledError, LayerLensError } from '../../shared/errors';
import { podmanSocketKind, type PodmanSocketKind } from './discovery';
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

const rootlessPodmanStart = 'systemctl --user enable --now podman.socket';
const rootfulPodmanStart = 'sudo systemctl enable --now podman.socket';

/** How to start the Podman that should be listening there: the unit of the socket it is, else both. */
function podmanStartAdvice(socket: PodmanSocketKind, endpoint: EngineEndpoint): string {
  if (socket === 'rootless') return `Start your Podman socket: \`${rootlessPodmanStart}\`.`;
  if (socket === 'rootful') return `Start Podman's system socket: \`${rootfulPodmanStart}\`.`;
  const serveHere = endpoint.protocol === 'unix' ? `, or serve this path with \`podman system service --time=0 unix://${endpoint.socketPath}\`` : '';
  return `Start Podman's socket: \`${rootlessPodmanStart}\` (rootless) or \`${rootfulPodmanStart}\` (rootful)${serveHere}.`;
}

function podmanPermissionAdvice(socket: PodmanSocketKind): string {
  const ownSocket = `your own rootless Podman socket (\`${rootlessPodmanStart}\`, then unix://$XDG_RUNTIME_DIR/podman/podman.sock)`;
  return socket === 'rootful'
    ? `The rootful Podman socket is root's: run LayerLens as root, or use ${ownSocket}.`
    : `This Podman socket belongs to another user: use ${ownSocket}.`;
}

/**
 * `kind`: the engine last seen at the endpoint, when known. Without it, a socket that names Podman
 * (discovery's `podmanSocketKind`) gets Podman's advice; anything else Docker's.
 */
export function toEngineError(error: unknown, endpoint: EngineEndpoint, kind?: EngineKind): LayerLensError {
  if (error instanceof LayerLensError) return error;
  const e = error as NodeLikeError;
  const where = describeEndpoint(endpoint);
  const detail = engineMessage(error);
  const podman = podmanSocketKind(endpoint) ?? (kind === 'podman' ? 'other' : undefined);
  const engine = podman ? 'Podman' : 'the Docker engine';
  if (['ECONNRESET', 'EPIPE'].includes(e?.code ?? '') || /socket hang up/i.test(e?.message ?? '')) {
    return new LayerLensError(
      'DOCKER_UNREACHABLE',
      `The connection to ${engine} at ${where} was lost mid-call (did it stop or restart?). Check that it is running, then try again.`,
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
        podman
          ? `Podman is not serving its API at ${where}. ${podmanStartAdvice(podman, endpoint)}`
          : `The Docker engine is not running at ${where}. Start it (for example \`sudo systemctl start docker\`, ` + 'or open Docker Desktop).',
        detail,
      );
    case 'EACCES':
    case 'EPERM':
      return new LayerLensError(
        'DOCKER_PERMISSION_DENIED',
        podman
          ? `Permission denied on ${where}. ${podmanPermissionAdvice(podman)}`
          : `Permission denied on ${where}. Add your user to the docker group ` + '(`sudo usermod -aG docker $USER`), then log out and back in.',
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

/**
 * The one mapping of the engine's 404 for an image: IMAGE_NOT_FOUND naming it. Other errors pass through
 * unchanged (the caller's own mapping, such as `toEngineError`, still applies to them).
 */
export function imageNotFound(error: unknown, ref: string): unknown {
  if ((error as NodeLikeError)?.statusCode !== 404) return error;
  return new LayerLensError(
    'IMAGE_NOT_FOUND',
    `No image "${ref}" in the engine. Check the name in its image list (\`docker images\` or \`podman images\`).`,
  );
}
