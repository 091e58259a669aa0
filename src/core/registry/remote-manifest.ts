/**
 * From a reference to one image manifest: the tag's manifest (asked with HEAD first, as containerd does,
 * so a manifest seen before in this process is not fetched again), an index or manifest list walked down
 * to the manifest of the wanted platform (default: this machine's), every manifest checked against its
 * digest. OCI and Docker v2 schema 2; schema 1 is refused with a reason.
 */
import { createHash } from 'node:crypto';
import { cancelledError, LayerLensError } from '../../shared/errors';
import {
  defaultPlatform,
  formatPlatform,
  parseJson,
  parsePlatform,
  platformMatches,
  type Descriptor,
  type Platform,
} from '../archive/image-manifest';
import { manifestMediaTypes, type RegistryClient } from './client';
import { formatReference, manifestReference, type RegistryReference } from './reference';

export interface RemoteImage {
  ref: RegistryReference;
  /** The full reference, for messages and as the image's name. */
  name: string;
  /** The digest of the image manifest (of the chosen platform). */
  manifestDigest: string;
  /** The index the manifest was chosen from, if any. */
  indexDigest?: string;
  /** The platform the index lists it for (a single manifest: from the config, once read). */
  platform?: Platform;
  config: Descriptor;
  layers: Descriptor[];
}

const indexTypes = new Set<string>([manifestMediaTypes.ociIndex, manifestMediaTypes.dockerList]);
const imageTypes = new Set<string>([manifestMediaTypes.ociManifest, manifestMediaTypes.dockerManifest]);
const maxIndexDepth = 4;

/** Manifests are content-addressed: one verified by its digest can be kept. Small, per process. */
const seen = new Map<string, Buffer>();
const seenMaxBytes = 8 * 1024 * 1024;
let seenBytes = 0;

function remember(digest: string, bytes: Buffer): void {
  if (seen.has(digest) || bytes.length > seenMaxBytes / 4) return;
  seen.set(digest, bytes);
  seenBytes += bytes.length;
  for (const [key, value] of seen) {
    if (seenBytes <= seenMaxBytes) break;
    seen.delete(key);
    seenBytes -= value.length;
  }
}

function sha(algorithm: string, bytes: Buffer): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

function corrupt(message: string): LayerLensError {
  return new LayerLensError('ARCHIVE_CORRUPT', message);
}

/** The manifest bytes are the ones `digest` names (sha256 or sha512), or the registry sent something else. */
function checkDigest(bytes: Buffer, digest: string, where: string): void {
  const algorithm = digest.split(':')[0];
  if (algorithm !== 'sha256' && algorithm !== 'sha512') throw corrupt(`${where}: the digest ${digest} uses an algorithm LayerLens does not check.`);
  const actual = sha(algorithm, bytes);
  if (actual !== digest) throw corrupt(`${where}: the registry sent a manifest whose digest is ${actual}, not ${digest}.`);
}

interface Loaded {
  bytes: Buffer;
  digest: string;
  mediaType?: string;
}

/** A manifest by tag or digest, checked: by digest against it; by tag against Docker-Content-Digest. */
async function loadManifest(client: RegistryClient, repository: string, reference: string, what: string, signal?: AbortSignal): Promise<Loaded> {
  const byDigest = reference.includes(':');
  let digest = byDigest ? reference : undefined;
  if (!digest) {
    // HEAD is cheap (registries do not count it against pull limits) and may name a manifest already read.
    const head = await client.headManifest(repository, reference, what, signal);
    if (!head) throw client.notFound(repository, reference);
    digest = head.digest;
  }
  const cached = digest ? seen.get(digest) : undefined;
  if (cached) return { bytes: cached, digest: digest! };
  const fetched = await client.getManifest(repository, digest ?? reference, what, signal);
  const checkedDigest = digest ?? fetched.digest ?? sha('sha256', fetched.bytes);
  checkDigest(fetched.bytes, checkedDigest, `${what}`);
  remember(checkedDigest, fetched.bytes);
  return { bytes: fetched.bytes, digest: checkedDigest, mediaType: fetched.mediaType };
}

function isAttestation(descriptor: Descriptor): boolean {
  return descriptor.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' || descriptor.platform?.os === 'unknown';
}

function chooseFromIndex(manifests: Descriptor[], wanted: Platform | undefined, name: string): Descriptor {
  const candidates = manifests.filter(
    (d) => !isAttestation(d) && (d.mediaType === undefined || indexTypes.has(d.mediaType) || imageTypes.has(d.mediaType)),
  );
  const matching = (platform: Platform) => candidates.find((d) => d.platform !== undefined && platformMatches(d.platform, platform));
  const found = wanted
    ? matching(wanted)
    : (matching(defaultPlatform()) ??
      matching({ ...defaultPlatform(), variant: undefined }) ??
      (candidates.length === 1 ? candidates[0] : undefined));
  if (found) return found;
  const available = candidates.map((d) => (d.platform ? formatPlatform(d.platform) : 'unknown')).join(', ') || 'none';
  const asked = wanted ? formatPlatform(wanted) : `this machine's platform (${formatPlatform(defaultPlatform())})`;
  throw new LayerLensError('INVALID_ARGUMENT', `${name} has no image for ${asked}. Platforms available: ${available}. Choose one of them.`);
}

function typeOf(loaded: Loaded, parsed: unknown): 'index' | 'image' | 'schema1' | 'other' {
  const shape = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as {
    mediaType?: unknown;
    manifests?: unknown;
    config?: unknown;
    schemaVersion?: unknown;
  };
  const type = typeof shape.mediaType === 'string' ? shape.mediaType : loaded.mediaType;
  if (shape.schemaVersion === 1 || type?.startsWith('application/vnd.docker.distribution.manifest.v1')) return 'schema1';
  if ((type && indexTypes.has(type)) || Array.isArray(shape.manifests)) return 'index';
  if ((type && imageTypes.has(type)) || shape.config !== undefined) return 'image';
  return 'other';
}

/** Resolves a reference to the manifest of one image; the platform is "os/arch[/variant]". */
export async function resolveRemoteImage(
  client: RegistryClient,
  ref: RegistryReference,
  options: { platform?: string; signal?: AbortSignal } = {},
): Promise<RemoteImage> {
  const name = formatReference(ref);
  const wanted = options.platform ? parsePlatform(options.platform) : undefined;
  const { checked, ociIndexSchema, ociManifestSchema } = await import('../archive/archive-schema');
  let reference = manifestReference(ref);
  let indexDigest: string | undefined;
  let platform: Platform | undefined;
  for (let depth = 0; ; depth++) {
    if (options.signal?.aborted) throw cancelledError();
    const what = depth === 0 ? `the image ${name}` : `the manifest ${reference} of ${name}`;
    const loaded = await loadManifest(client, ref.repository, reference, what, options.signal);
    const parsed = parseJson(loaded.bytes, `manifest of ${name}`);
    const kind = typeOf(loaded, parsed);
    if (kind === 'schema1') {
      throw new LayerLensError(
        'INVALID_ARGUMENT',
        `${name} has a Docker schema 1 manifest, which LayerLens does not read (it is deprecated and names no layer diff IDs). Push the image again with a current Docker.`,
      );
    }
    if (kind === 'other')
      throw new LayerLensError('INVALID_ARGUMENT', `${name} is not a container image (its manifest is ${loaded.mediaType ?? 'of an unknown type'}).`);
    if (kind === 'index') {
      if (depth >= maxIndexDepth) throw corrupt(`${name}: indexes nest deeper than ${maxIndexDepth} levels.`);
      const index = checked(ociIndexSchema, parsed, `the index of ${name}`);
      const chosen = chooseFromIndex(index.manifests, wanted, name);
      indexDigest ??= loaded.digest;
      platform = chosen.platform ?? platform;
      reference = chosen.digest;
      continue;
    }
    const manifest = checked(ociManifestSchema, parsed, `the manifest of ${name}`);
    return {
      ref,
      name,
      manifestDigest: loaded.digest,
      ...(indexDigest ? { indexDigest } : {}),
      ...(platform ? { platform } : {}),
      config: manifest.config,
      layers: manifest.layers,
    };
  }
}

/** Forgets the manifests kept in memory (tests). */
export function forgetManifests(): void {
  seen.clear();
  seenBytes = 0;
}
