/**
 * Finds the engine the way the docker CLI does, then the places Docker Desktop and Podman use:
 * explicit setting, DOCKER_HOST, the current Docker context, ~/.docker/run/docker.sock,
 * /var/run/docker.sock, $XDG_RUNTIME_DIR/podman/podman.sock (rootless), /run/podman/podman.sock (rootful).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LayerLensError } from '../../shared/errors';
import { parseEngineHost, type EngineEndpoint, type TlsSettings } from './endpoint';

export interface DiscoveryInput {
  /** An explicit engine host from the user's settings or `--host`; wins over everything else. */
  setting?: string;
  env: Record<string, string | undefined>;
  homeDir: string;
  /** Injected so tests can lay out a fake home without touching the real one. */
  exists?: (file: string) => boolean;
  readFile?: (file: string) => string;
}

export const defaultSocket = '/var/run/docker.sock';
/** Where `sudo systemctl enable --now podman.socket` puts the rootful Podman socket. */
export const rootfulPodmanSocket = '/run/podman/podman.sock';

/**
 * Whether an endpoint is a Podman socket, and whose: `rootless` (a user's, under /run/user/UID or
 * $XDG_RUNTIME_DIR, started with `systemctl --user`), `rootful` (root's, /run/podman), or `other` (a path
 * naming Podman that neither unit makes, e.g. one `podman system service` was given). Undefined: not
 * recognisably Podman's (a Docker socket, TCP, SSH).
 */
export type PodmanSocketKind = 'rootless' | 'rootful' | 'other';

export function podmanSocketKind(endpoint: EngineEndpoint): PodmanSocketKind | undefined {
  if (endpoint.protocol !== 'unix') return /podman/i.test(endpoint.source) ? 'other' : undefined;
  const socket = endpoint.socketPath;
  if (!/podman/i.test(socket) && !/podman/i.test(endpoint.source)) return undefined;
  if (/^\/(var\/)?run\/user\/\d+\//.test(socket) || /rootless/i.test(endpoint.source)) return 'rootless';
  if (socket === rootfulPodmanSocket || socket === `/var${rootfulPodmanSocket}`) return 'rootful';
  return 'other';
}

interface ContextMeta {
  Name?: string;
  Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } };
}

function configDir(input: DiscoveryInput): string {
  return input.env.DOCKER_CONFIG || path.join(input.homeDir, '.docker');
}

function readJson<T>(input: DiscoveryInput, file: string): T | undefined {
  const read = input.readFile ?? ((f: string) => fs.readFileSync(f, 'utf8'));
  try {
    return JSON.parse(read(file)) as T;
  } catch {
    return undefined;
  }
}

function currentContextName(input: DiscoveryInput): { name: string; source: string } | undefined {
  if (input.env.DOCKER_CONTEXT) return { name: input.env.DOCKER_CONTEXT, source: 'DOCKER_CONTEXT' };
  const config = readJson<{ currentContext?: string }>(input, path.join(configDir(input), 'config.json'));
  if (config?.currentContext) return { name: config.currentContext, source: 'current Docker context' };
  return undefined;
}

function contextHost(input: DiscoveryInput, name: string): string | undefined {
  // The CLI stores a context under the SHA-256 of its name.
  const dir = createHash('sha256').update(name).digest('hex');
  const meta = readJson<ContextMeta>(input, path.join(configDir(input), 'contexts', 'meta', dir, 'meta.json'));
  return meta?.Endpoints?.docker?.Host;
}

function tlsSettings(input: DiscoveryInput): TlsSettings {
  return {
    verify: Boolean(input.env.DOCKER_TLS_VERIFY) && input.env.DOCKER_TLS_VERIFY !== '0',
    certDir: input.env.DOCKER_CERT_PATH || configDir(input),
  };
}

export function discoverEngine(input: DiscoveryInput): EngineEndpoint {
  const exists = input.exists ?? ((f: string) => fs.existsSync(f));
  if (input.setting) return parseEngineHost(input.setting, 'LayerLens setting', tlsSettings(input));
  if (input.env.DOCKER_HOST) return parseEngineHost(input.env.DOCKER_HOST, 'DOCKER_HOST', tlsSettings(input));

  const context = currentContextName(input);
  if (context && context.name !== 'default') {
    const host = contextHost(input, context.name);
    if (!host) {
      throw new LayerLensError(
        'DOCKER_HOST_INVALID',
        `The Docker context "${context.name}" (${context.source}) does not exist or has no Docker endpoint. ` +
          'Run `docker context ls` and `docker context use default` to pick another.',
      );
    }
    return parseEngineHost(host, `Docker context "${context.name}"`, tlsSettings(input));
  }

  const candidates: [string, string][] = [
    [path.join(input.homeDir, '.docker', 'run', 'docker.sock'), 'Docker Desktop socket'],
    [defaultSocket, 'default socket'],
  ];
  if (input.env.XDG_RUNTIME_DIR) {
    candidates.push([path.join(input.env.XDG_RUNTIME_DIR, 'podman', 'podman.sock'), 'rootless Podman socket']);
  }
  candidates.push([rootfulPodmanSocket, 'rootful Podman socket']);
  for (const [socketPath, source] of candidates) {
    if (exists(socketPath)) return { protocol: 'unix', socketPath, source };
  }
  // Nothing found: aim at the default so that the error names the usual place.
  return { protocol: 'unix', socketPath: defaultSocket, source: 'default socket' };
}

export function discoverFromProcess(setting?: string): EngineEndpoint {
  return discoverEngine({ setting, env: process.env, homeDir: os.homedir() });
}
