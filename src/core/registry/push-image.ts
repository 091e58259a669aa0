/**
 * Pushing an image (the lean one, after a rebuild) to its registry through the engine
 * (`POST /images/{name}/push` with `X-Registry-Auth` made from the docker CLI's credentials), never over a
 * tag the registry already has unless the caller confirmed replacing it. The check asks the registry
 * itself (a HEAD of the tag's manifest), with the same credentials.
 */
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { PushImageResult, RemoteTagState } from '../../shared/rebuild';
import { cancelledError, LayerLensError } from '../../shared/errors';
import { imageIdOf } from '../images/image-tags';
import { RegistryClient, type RegistryClientOptions } from './client';
import { engineAuthHeader, findCredentials } from './credentials';
import { formatReference, parseReference, type RegistryReference } from './reference';

export interface PushOptions {
  signal?: AbortSignal;
  /** Bytes pushed so far of the layers' total, as the engine reports them. */
  onProgress?: (done: number, total?: number, detail?: string) => void;
  registry?: RegistryClientOptions;
}

/** A reference that can be pushed: a registry repository and a tag (a digest names content, not a target). */
function pushTarget(image: string): RegistryReference & { tag: string } {
  const ref = parseReference(image);
  if (ref.digest || !ref.tag) throw new LayerLensError('INVALID_ARGUMENT', `"${image}" names a digest; a push needs a tag (REGISTRY/REPO:TAG).`);
  return { ...ref, tag: ref.tag };
}

/** Whether the registry already has the image's tag (and which manifest it names). */
export async function checkRemoteTag(image: string, options: PushOptions = {}): Promise<RemoteTagState> {
  const ref = pushTarget(image);
  const client = new RegistryClient(ref.registry, options.registry);
  try {
    const head = await client.headManifest(ref.repository, ref.tag, `the tag ${formatReference(ref)}`, options.signal);
    return { image: formatReference(ref), registry: ref.registry, exists: head !== null, ...(head?.digest ? { digest: head.digest } : {}) };
  } finally {
    client.close();
  }
}

interface PushMessage {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
  aux?: { Tag?: string; Digest?: string; Size?: number };
}

/** The engine's push error as one a user can act on (the engine talks to the registry, so it says what failed). */
function pushError(message: string, registry: string): LayerLensError {
  const login = `docker login ${registry === 'docker.io' ? '' : registry}`.trim();
  if (/unauthorized|authentication required|no basic auth credentials|denied|insufficient_scope|forbidden/i.test(message)) {
    return new LayerLensError(
      'UNAUTHORIZED',
      `The registry ${registry} refused the push. Log in with \`${login}\` (LayerLens uses the docker CLI's credentials) with an account that may push to this repository.`,
      message,
    );
  }
  if (/x509|certificate/i.test(message)) {
    return new LayerLensError(
      'TLS_UNTRUSTED',
      `The engine does not trust the TLS certificate of ${registry}. Put the registry's CA certificate in /etc/docker/certs.d/${registry}/ca.crt on the engine's machine, then try again.`,
      message,
    );
  }
  if (/connection refused|no such host|i\/o timeout|server gave HTTP response to HTTPS client|dial tcp/i.test(message)) {
    return new LayerLensError(
      'SERVER_UNREACHABLE',
      `The engine cannot reach the registry ${registry} to push. Check the name, the network, and (for a plain HTTP registry) the engine's insecure-registries setting.`,
      message,
    );
  }
  return new LayerLensError('REGISTRY_ERROR', `The push to ${registry} failed: ${message.slice(0, 300)}`, message);
}

/** Reads the engine's JSON-lines push stream; resolves with the pushed digest and size, rejects on an `error` line. */
async function followPush(stream: Readable, registry: string, options: PushOptions): Promise<{ digest: string | null; size?: number }> {
  const layers = new Map<string, { current: number; total: number }>();
  let digest: string | null = null;
  let size: number | undefined;
  let buffered = '';
  const handle = (line: string): void => {
    if (!line.trim()) return;
    let message: PushMessage;
    try {
      message = JSON.parse(line) as PushMessage;
    } catch {
      return;
    }
    if (message.error) throw pushError(message.errorDetail?.message ?? message.error, registry);
    if (message.aux?.Digest) {
      digest = message.aux.Digest;
      size = message.aux.Size;
    }
    if (message.id && message.progressDetail?.total) {
      layers.set(message.id, { current: message.progressDetail.current ?? 0, total: message.progressDetail.total });
    } else if (message.id && /^(Pushed|Layer already exists|Mounted from)/.test(message.status ?? '')) {
      const known = layers.get(message.id);
      if (known) known.current = known.total;
    }
    const done = [...layers.values()].reduce((sum, l) => sum + l.current, 0);
    const total = [...layers.values()].reduce((sum, l) => sum + l.total, 0);
    options.onProgress?.(done, total || undefined, message.id ? `${message.id}: ${message.status ?? ''}` : message.status);
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    buffered += chunk.toString('utf8');
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      handle(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
    }
  }
  handle(buffered);
  return { digest, size };
}

/** The engine's push as a stream (dockerode's modem: the auth header and the signal passed down). */
function openPush(docker: Docker, ref: RegistryReference & { tag: string }, auth: string, signal?: AbortSignal): Promise<Readable> {
  const name = `${ref.registry}/${ref.repository}`;
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      {
        path: `/images/${name}/push?`,
        method: 'POST',
        options: { tag: ref.tag },
        authconfig: { base64: auth },
        isStream: true,
        statusCodes: { 200: true, 404: 'no such image', 500: 'server error' },
        abortSignal: signal,
      } as Parameters<Docker['modem']['dial']>[0],
      (error: unknown, data: unknown) => (error ? reject(error) : resolve(data as Readable)),
    );
  });
}

/**
 * Pushes a local image to the registry its name points to. Refuses (INVALID_ARGUMENT) when the registry
 * already has that tag, unless `replace`; IMAGE_NOT_FOUND when the engine has no such image.
 */
export async function pushImage(docker: Docker, request: { image: string; replace?: boolean }, options: PushOptions = {}): Promise<PushImageResult> {
  const ref = pushTarget(request.image);
  const name = formatReference(ref);
  const local = await imageIdOf(docker, request.image, options.signal);
  if (!local)
    throw new LayerLensError('IMAGE_NOT_FOUND', `No image "${request.image}" in the engine to push. Check the name with \`docker images\`.`);
  const existing = await checkRemoteTag(request.image, options);
  if (existing.exists && !request.replace) {
    throw new LayerLensError(
      'INVALID_ARGUMENT',
      `${name} already exists in the registry${existing.digest ? ` (${existing.digest})` : ''}; LayerLens never replaces a pushed tag without a confirmation. Choose another tag, or confirm replacing it.`,
    );
  }
  if (options.signal?.aborted) throw cancelledError();
  const credential = await findCredentials(ref.registry, { env: options.registry?.env, configDir: options.registry?.dockerConfigDir });
  let stream: Readable;
  try {
    stream = await openPush(docker, ref, engineAuthHeader(credential, ref.registry), options.signal);
  } catch (error) {
    if (options.signal?.aborted) throw cancelledError();
    if ((error as { statusCode?: number }).statusCode === 404)
      throw new LayerLensError('IMAGE_NOT_FOUND', `No image "${request.image}" in the engine to push.`);
    throw error;
  }
  const abort = () => stream.destroy();
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    const pushed = await followPush(stream, ref.registry, options);
    return {
      image: name,
      registry: ref.registry,
      imageId: local.id,
      digest: pushed.digest,
      ...(pushed.size !== undefined ? { sizeBytes: pushed.size } : {}),
      replaced: existing.exists,
      ...(existing.exists && existing.digest ? { previousDigest: existing.digest } : {}),
    };
  } catch (error) {
    if (options.signal?.aborted) throw cancelledError();
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', abort);
    stream.destroy();
  }
}
