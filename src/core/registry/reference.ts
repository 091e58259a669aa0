/**
 * Image references as the docker CLI reads them (distribution's reference grammar): `[HOST[:PORT]/]REPO[:TAG][@DIGEST]`.
 * The first component is a registry host when it has a dot or a colon, is `localhost`, or is an IPv6
 * literal in brackets; otherwise the image is on Docker Hub (`docker.io`, with `library/` for one-part
 * names). A `registry://` prefix marks a reference as remote, so it is never taken for a local image.
 */
import { LayerLensError } from '../../shared/errors';

const registryPrefix = 'registry://';

/** Docker Hub's name in references, in its API host, and as the docker CLI keys its credentials. */
export const dockerHub = { name: 'docker.io', apiHost: 'registry-1.docker.io', credentialKey: 'https://index.docker.io/v1/' } as const;

export interface RegistryReference {
  /** The registry as references name it: "docker.io", "ghcr.io", "127.0.0.1:5000", "[::1]:5000". */
  registry: string;
  /** The repository path in the registry: "library/node", "team/app". */
  repository: string;
  tag?: string;
  digest?: string;
}

const component = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const tagPattern = /^[\w][\w.-]{0,127}$/;
const digestPattern = /^(sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128})$/;
const hostPattern =
  /^(?:\[[0-9a-fA-F:.%]+\]|[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*)(?::[0-9]{1,5})?$/;

function invalid(text: string, why: string): LayerLensError {
  return new LayerLensError(
    'INVALID_ARGUMENT',
    `"${text}" is not an image reference: ${why}. Write it as REGISTRY/REPOSITORY:TAG or REGISTRY/REPOSITORY@sha256:….`,
  );
}

/** Whether `text` starts with the explicit registry prefix. */
function hasRegistryPrefix(text: string): boolean {
  return text.startsWith(registryPrefix);
}

function stripRegistryPrefix(text: string): string {
  return hasRegistryPrefix(text) ? text.slice(registryPrefix.length) : text;
}

/** The first path component names a registry (not a Docker Hub namespace). */
function isRegistryHost(first: string): boolean {
  return first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('[') || first !== first.toLowerCase();
}

export function parseReference(input: string): RegistryReference {
  const text = stripRegistryPrefix(input.trim());
  if (text === '') throw invalid(input, 'it is empty');
  if (text.length > 4096) throw invalid(input.slice(0, 64), 'it is too long');
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!digestPattern.test(digest)) throw invalid(input, `"${digest}" is not a digest (sha256: and 64 hex digits)`);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const lastColon = rest.lastIndexOf(':');
  // A colon after the last slash is a tag (one before it is a registry port: "host:5000/app").
  if (lastColon > lastSlash && !(lastSlash < 0 && rest.startsWith('['))) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!tagPattern.test(tag)) throw invalid(input, `"${tag}" is not a tag`);
  }
  const slash = rest.indexOf('/');
  let registry: string = dockerHub.name;
  let repository = rest;
  if (slash >= 0 && isRegistryHost(rest.slice(0, slash))) {
    registry = rest.slice(0, slash);
    repository = rest.slice(slash + 1);
    if (!hostPattern.test(registry)) throw invalid(input, `"${registry}" is not a registry host`);
  }
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = dockerHub.name;
  if (registry === dockerHub.name && !repository.includes('/')) repository = `library/${repository}`;
  if (repository === '' || !repository.split('/').every((part) => component.test(part))) {
    throw invalid(input, `"${repository}" is not a repository name (lowercase letters, digits and . _ - separators)`);
  }
  if (repository.length > 255) throw invalid(input, 'the repository name is longer than 255 characters');
  if (!tag && !digest) tag = 'latest';
  return { registry, repository, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** "127.0.0.1:5000/app:1", "docker.io/library/node:18@sha256:…": the full name, as `docker pull` takes it. */
export function formatReference(ref: RegistryReference): string {
  return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** The name `docker images` would show: Docker Hub's prefixes dropped ("node:18"). */
export function familiarName(ref: RegistryReference): string {
  const full = formatReference(ref);
  return full.replace(/^docker\.io\/library\//, '').replace(/^docker\.io\//, '');
}

/** What a tag or digest in API paths is: the digest when there is one (it pins the content), else the tag. */
export function manifestReference(ref: RegistryReference): string {
  return ref.digest ?? ref.tag ?? 'latest';
}

/** The host (and port) the API is served on. */
export function apiHost(registry: string): string {
  return registry === dockerHub.name ? dockerHub.apiHost : registry;
}

/** The host name without port or brackets ("127.0.0.1", "::1", "localhost"). */
export function hostName(registry: string): string {
  if (registry.startsWith('[')) return registry.slice(1, registry.indexOf(']'));
  const colon = registry.lastIndexOf(':');
  return colon >= 0 ? registry.slice(0, colon) : registry;
}

/** 127.0.0.0/8, ::1 and localhost: a registry on this machine, where plain HTTP is allowed (as Docker does). */
export function isLoopback(registry: string): boolean {
  const host = hostName(registry).toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}
