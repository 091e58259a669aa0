/**
 * A small client of the distribution API (`/v2/<name>/manifests/<reference>`, `/v2/<name>/blobs/<digest>`)
 * over one registry's transport and authenticator. Statuses become errors a user can act on: 401/403
 * UNAUTHORIZED naming the registry and `docker login`, 404 IMAGE_NOT_FOUND naming repository and tag, 429
 * and 5xx REGISTRY_ERROR with the registry's own error code.
 */
import type { IncomingMessage } from 'node:http';
import { LayerLensError } from '../../shared/errors';
import { repositoryScope, RegistryAuthenticator, unauthorizedError } from './auth';
import { findCredentials } from './credentials';
import { header, readBody, RegistryTransport, type RegistryOptions } from './transport';

export const manifestMediaTypes = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;

/** What a manifest request accepts: both image manifests and both indexes (schema 1 is not asked for). */
const manifestAccept = [
  manifestMediaTypes.ociIndex,
  manifestMediaTypes.dockerList,
  manifestMediaTypes.ociManifest,
  manifestMediaTypes.dockerManifest,
].join(', ');

/** The distribution spec's own limit on a manifest's size. */
const maxManifestBytes = 4 * 1024 * 1024;

export interface FetchedManifest {
  bytes: Buffer;
  /** The Content-Type the registry sent (without parameters). */
  mediaType?: string;
  /** Docker-Content-Digest, when sent. */
  digest?: string;
}

export interface ManifestHead {
  digest?: string;
  mediaType?: string;
  size?: number;
}

export type RegistryClientOptions = RegistryOptions;

interface RegistryErrorBody {
  errors?: { code?: unknown; message?: unknown }[];
}

/** The registry's own error code and message ("MANIFEST_UNKNOWN: manifest unknown"), for details. */
async function errorDetail(response: IncomingMessage): Promise<string | undefined> {
  try {
    const body = await readBody(response, 64 * 1024, 'An error answer');
    const parsed = JSON.parse(body.toString('utf8')) as RegistryErrorBody;
    const first = parsed.errors?.[0];
    if (!first) return undefined;
    return (
      [first.code, first.message]
        .filter((v) => typeof v === 'string')
        .join(': ')
        .slice(0, 300) || undefined
    );
  } catch {
    return undefined;
  }
}

export class RegistryClient {
  readonly transport: RegistryTransport;
  readonly auth: RegistryAuthenticator;

  constructor(
    readonly registry: string,
    options: RegistryClientOptions = {},
  ) {
    this.transport = new RegistryTransport(registry, options);
    this.auth = new RegistryAuthenticator(
      this.transport,
      () => findCredentials(registry, { env: options.env, configDir: options.dockerConfigDir }),
      options,
    );
  }

  close(): void {
    this.transport.close();
  }

  /**
   * One request under a repository's pull (or push) scope, authenticated as the registry asks; a 401 is
   * answered once with (fresh) credentials. Resolves with any other status for the caller to judge.
   */
  async send(
    request: { method: 'GET' | 'HEAD'; path: string; headers?: Record<string, string>; signal?: AbortSignal },
    repository: string,
  ): Promise<IncomingMessage> {
    const scope = repositoryScope(repository);
    for (let attempt = 0; ; attempt++) {
      const authorization = await this.auth.authorization(scope, request.signal);
      const response = await this.transport.request({
        method: request.method,
        url: request.path,
        headers: { ...(request.headers ?? {}), ...(authorization ? { Authorization: authorization } : {}) },
        signal: request.signal,
      });
      if (response.statusCode !== 401 || attempt > 0) return response;
      response.resume();
      // Credentials cannot change the answer: it stands, for `failure` to name.
      if (!(await this.auth.unauthorized(response.headers, scope, authorization !== undefined))) return response;
    }
  }

  /** A status that is not the one wanted, as the error to show. `what`: "the image team/app:1". */
  async failure(response: IncomingMessage, what: string, notFound: () => LayerLensError): Promise<LayerLensError> {
    const status = response.statusCode ?? 0;
    const detail = status === 401 ? undefined : await errorDetail(response);
    response.resume();
    if (status === 401 || status === 403) {
      const error = unauthorizedError(this.registry, await this.auth.hasCredential(), what);
      return detail ? new LayerLensError(error.code, error.message, detail) : error;
    }
    if (status === 404) return notFound();
    if (status === 429) {
      return new LayerLensError(
        'REGISTRY_ERROR',
        `The registry ${this.registry} refuses more requests for now (rate limit, 429). Wait, or log in (\`docker login\`) for a higher limit.`,
        detail,
      );
    }
    return new LayerLensError('REGISTRY_ERROR', `The registry ${this.registry} answered ${status} for ${what}.`, detail);
  }

  async getManifest(repository: string, reference: string, what: string, signal?: AbortSignal): Promise<FetchedManifest> {
    const response = await this.send(
      { method: 'GET', path: `/v2/${repository}/manifests/${reference}`, headers: { Accept: manifestAccept }, signal },
      repository,
    );
    if (response.statusCode !== 200) throw await this.failure(response, what, () => this.notFound(repository, reference));
    const bytes = await readBody(response, maxManifestBytes, `The manifest of ${what}`);
    return {
      bytes,
      mediaType: header(response.headers, 'content-type')?.split(';')[0].trim(),
      digest: header(response.headers, 'docker-content-digest'),
    };
  }

  /** The manifest's digest and type without its body; null when the registry has no such tag. */
  async headManifest(repository: string, reference: string, what: string, signal?: AbortSignal): Promise<ManifestHead | null> {
    const response = await this.send(
      { method: 'HEAD', path: `/v2/${repository}/manifests/${reference}`, headers: { Accept: manifestAccept }, signal },
      repository,
    );
    response.resume();
    if (response.statusCode === 404) return null;
    if (response.statusCode !== 200) throw await this.failure(response, what, () => this.notFound(repository, reference));
    const size = Number(header(response.headers, 'content-length'));
    return {
      digest: header(response.headers, 'docker-content-digest'),
      mediaType: header(response.headers, 'content-type')?.split(';')[0].trim(),
      ...(Number.isFinite(size) ? { size } : {}),
    };
  }

  /** A blob's body as a stream (the caller reads it to its end or destroys it). */
  async openBlob(repository: string, digest: string, what: string, signal?: AbortSignal): Promise<IncomingMessage> {
    const response = await this.send({ method: 'GET', path: `/v2/${repository}/blobs/${digest}`, signal }, repository);
    if (response.statusCode !== 200) {
      throw await this.failure(
        response,
        what,
        () =>
          new LayerLensError(
            'REGISTRY_ERROR',
            `The registry ${this.registry} has no blob ${digest} (${what}), which the image's manifest lists. The image in the registry is incomplete.`,
          ),
      );
    }
    return response;
  }

  async getBlob(repository: string, digest: string, maxBytes: number, what: string, signal?: AbortSignal): Promise<Buffer> {
    return readBody(await this.openBlob(repository, digest, what, signal), maxBytes, what);
  }

  notFound(repository: string, reference: string): LayerLensError {
    const name = reference.includes(':') && reference.startsWith('sha') ? `${repository}@${reference}` : `${repository}:${reference}`;
    return new LayerLensError('IMAGE_NOT_FOUND', `No image ${name} in the registry ${this.registry}. Check the repository and the tag.`);
  }
}
