/** Where the engine lives, parsed from a Docker host URL (`unix://`, `tcp://`, `http(s)://`, `ssh://`). */
import path from 'node:path';
import { LayerLensError } from '../../shared/errors';

export interface TlsFiles {
  caPath: string;
  certPath: string;
  keyPath: string;
}

export type EngineEndpoint =
  | { protocol: 'unix'; socketPath: string; source: string }
  | { protocol: 'http' | 'https'; host: string; port: number; tls?: TlsFiles; source: string }
  | { protocol: 'ssh'; host: string; port: number; username?: string; source: string };

export interface TlsSettings {
  verify: boolean;
  certDir: string;
}

function invalidHost(host: string, why: string): LayerLensError {
  return new LayerLensError(
    'DOCKER_HOST_INVALID',
    `The Docker host "${host}" is malformed: ${why}. Use unix:///path/to/docker.sock, tcp://host:2376 or ssh://user@host.`,
  );
}

function tlsFiles(certDir: string): TlsFiles {
  return {
    caPath: path.join(certDir, 'ca.pem'),
    certPath: path.join(certDir, 'cert.pem'),
    keyPath: path.join(certDir, 'key.pem'),
  };
}

export function parseEngineHost(host: string, source: string, tls?: TlsSettings): EngineEndpoint {
  const trimmed = host.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed)?.[1]?.toLowerCase();
  if (!scheme) throw invalidHost(host, 'it has no scheme');
  if (scheme === 'unix') {
    const socketPath = trimmed.slice('unix://'.length);
    if (!socketPath.startsWith('/')) throw invalidHost(host, 'a unix socket path must be absolute');
    return { protocol: 'unix', socketPath, source };
  }
  if (scheme === 'npipe') throw invalidHost(host, 'named pipes exist only on Windows');

  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw invalidHost(host, 'it is not a valid URL');
  }
  if (!url.hostname) throw invalidHost(host, 'it names no host');
  const explicitPort = url.port === '' ? undefined : Number(url.port);

  if (scheme === 'ssh') {
    return {
      protocol: 'ssh',
      host: url.hostname,
      port: explicitPort ?? 22,
      username: url.username || undefined,
      source,
    };
  }
  if (scheme === 'tcp' || scheme === 'http' || scheme === 'https') {
    const secure = scheme === 'https' || (tls?.verify ?? false);
    const endpoint: EngineEndpoint = {
      protocol: secure ? 'https' : 'http',
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: explicitPort ?? (secure ? 2376 : 2375),
      source,
    };
    if (secure && tls) endpoint.tls = tlsFiles(tls.certDir);
    return endpoint;
  }
  throw invalidHost(host, `the scheme "${scheme}" is not supported`);
}

export function describeEndpoint(endpoint: EngineEndpoint): string {
  const where =
    endpoint.protocol === 'unix'
      ? `unix://${endpoint.socketPath}`
      : endpoint.protocol === 'ssh'
        ? `ssh://${endpoint.username ? `${endpoint.username}@` : ''}${endpoint.host}:${endpoint.port}`
        : `${endpoint.protocol}://${endpoint.host}:${endpoint.port}`;
  return `${where} (${endpoint.source})`;
}
