/**
 * From an OCI index (possibly nested: containerd saves an index of an index) or a Docker `manifest.json`
 * to one image: its manifest, config and ordered layers. Platform choice, repo tags from annotations.
 * Pure over a blob loader, so the archive reader (blobs in memory) and the OCI directory reader (blobs on
 * disk) share it.
 */
import { createHash } from 'node:crypto';
import { cancelledError, LayerLensError } from '../../shared/errors';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface Descriptor {
  mediaType?: string;
  digest: string;
  size?: number;
  platform?: Platform;
  annotations?: Record<string, string> | null;
}

export interface ResolvedManifest {
  manifestDigest: string;
  config: Descriptor;
  configDigest: string;
  layers: Descriptor[];
  repoTags: string[];
  platform?: Platform;
}

/** Loads a small JSON blob by digest; undefined when it is not there. */
export type BlobLoader = (digest: string) => Promise<Buffer | undefined>;

const indexTypes = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);
const manifestTypes = new Set(['application/vnd.oci.image.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v2+json']);

const nodeArch: Record<string, { architecture: string; variant?: string }> = {
  x64: { architecture: 'amd64' },
  arm64: { architecture: 'arm64', variant: 'v8' },
  arm: { architecture: 'arm', variant: 'v7' },
  ia32: { architecture: '386' },
  ppc64: { architecture: 'ppc64le' },
  s390x: { architecture: 's390x' },
  riscv64: { architecture: 'riscv64' },
  loong64: { architecture: 'loong64' },
  mips64el: { architecture: 'mips64le' },
};

/** The platform of this machine, as image indexes name it. */
export function defaultPlatform(arch: string = process.arch): Platform {
  const mapped = nodeArch[arch] ?? { architecture: arch };
  return { os: 'linux', ...mapped };
}

export function parsePlatform(text: string): Platform {
  const parts = text.trim().split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^[a-z0-9][a-z0-9._-]*$/i.test(p))) {
    throw new LayerLensError('INVALID_ARGUMENT', `"${text}" is not a platform: write it as os/arch or os/arch/variant (for example linux/amd64).`);
  }
  return parts.length === 3 ? { os: parts[0], architecture: parts[1], variant: parts[2] } : { os: parts[0], architecture: parts[1] };
}

export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

function normalisedVariant(platform: Platform): string | undefined {
  if (platform.variant) return platform.variant;
  return platform.architecture === 'arm64' ? 'v8' : undefined;
}

/** `candidate` satisfies `wanted`: same os and arch, and the same variant when `wanted` names one. */
export function platformMatches(candidate: Platform, wanted: Platform): boolean {
  if (candidate.os !== wanted.os || candidate.architecture !== wanted.architecture) return false;
  if (!wanted.variant) return true;
  return normalisedVariant(candidate) === normalisedVariant(wanted);
}

/** "docker.io/library/node:18" -> "node:18", as `docker images` shows it. */
export function shortRepoTag(name: string): string {
  return name.replace(/^docker\.io\/library\//, '').replace(/^docker\.io\//, '');
}

/** Repo tags named by index annotations (`io.containerd.image.name`, a full `org.opencontainers.image.ref.name`). */
export function repoTagsFromAnnotations(annotations: Record<string, string> | undefined): string[] {
  const tags: string[] = [];
  const containerd = annotations?.['io.containerd.image.name'];
  if (containerd) tags.push(shortRepoTag(containerd));
  const ref = annotations?.['org.opencontainers.image.ref.name'];
  // A bare "latest" is only a tag: without the repository it names nothing.
  if (ref && /[:/]/.test(ref) && !ref.startsWith('sha256:')) tags.push(shortRepoTag(ref));
  return tags;
}

export function parseJson(data: Buffer, what: string): unknown {
  try {
    return JSON.parse(data.toString('utf8'));
  } catch (error) {
    throw new LayerLensError('ARCHIVE_CORRUPT', `The ${what} is not valid JSON.`, String(error));
  }
}

/** containerd nests an index in an index; nothing real nests deeper than a few levels. */
const maxIndexDepth = 8;

interface Candidate {
  descriptor: Descriptor;
  manifest: { config: Descriptor; layers: Descriptor[] };
  tags: string[];
  platform?: Platform;
}

function isAttestation(descriptor: Descriptor): boolean {
  return descriptor.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' || descriptor.platform?.os === 'unknown';
}

function corrupt(message: string): LayerLensError {
  return new LayerLensError('ARCHIVE_CORRUPT', message);
}

/**
 * A blob loaded by its descriptor is the one the descriptor names: its size and (sha256 or sha512) digest
 * agree, or ARCHIVE_CORRUPT says which does not.
 */
export function checkBlob(data: Buffer, descriptor: Pick<Descriptor, 'digest' | 'size'>, where: string): void {
  const what = `${where}: the blob ${descriptor.digest}`;
  if (descriptor.size !== undefined && data.length !== descriptor.size) {
    throw corrupt(`${what} is ${data.length} bytes, but its descriptor says ${descriptor.size}.`);
  }
  const [algorithm, hex] = descriptor.digest.split(':');
  if (algorithm !== 'sha256' && algorithm !== 'sha512') return;
  const actual = createHash(algorithm).update(data).digest('hex');
  if (actual !== hex) throw corrupt(`${what} has the digest ${algorithm}:${actual}; it is corrupt.`);
}

/** The fields that tell an index from a manifest, whatever the blob is (`null`, a string…). */
function shapeOf(value: unknown): { mediaType?: unknown; manifests?: unknown; config?: unknown } {
  return typeof value === 'object' && value !== null ? value : {};
}

export interface ResolveOptions {
  platform?: string;
  where: string;
  /** Check every blob against its descriptor's size and digest (default). */
  verify?: boolean;
  signal?: AbortSignal;
}

/**
 * Walks an OCI index down to the image manifests it lists (those whose blobs are present), then picks one
 * by platform: the requested one; else the only one; else this machine's. INVALID_ARGUMENT names the
 * platforms there are when the choice fails. Every blob is walked once, to a bounded depth: an index that
 * lists itself (or a loop of indexes) is ARCHIVE_CORRUPT naming the digest, not a hang.
 */
export async function resolveOciIndex(index: unknown, load: BlobLoader, options: ResolveOptions): Promise<ResolvedManifest> {
  const { where, signal } = options;
  const wanted = options.platform ? parsePlatform(options.platform) : undefined;
  const candidates: Candidate[] = [];
  const { checked, imageConfigSchema, ociIndexSchema, ociManifestSchema } = await import('./archive-schema');
  const loadChecked = async (descriptor: Descriptor): Promise<Buffer | undefined> => {
    const blob = await load(descriptor.digest);
    if (blob && options.verify !== false) checkBlob(blob, descriptor, where);
    return blob;
  };
  const walking = new Set<string>();
  const walked = new Set<string>();

  const walk = async (list: Descriptor[], tags: string[], depth: number): Promise<void> => {
    for (const descriptor of list) {
      if (signal?.aborted) throw cancelledError();
      if (isAttestation(descriptor)) continue;
      if (walking.has(descriptor.digest)) throw corrupt(`${where}: the index ${descriptor.digest} contains itself (an index cycle).`);
      if (walked.has(descriptor.digest)) continue;
      if (depth >= maxIndexDepth) throw corrupt(`${where}: indexes nest deeper than ${maxIndexDepth} levels at ${descriptor.digest}.`);
      const here = [...tags, ...repoTagsFromAnnotations(descriptor.annotations ?? undefined)];
      const type = descriptor.mediaType ?? '';
      if (type !== '' && !indexTypes.has(type) && !manifestTypes.has(type)) continue;
      const blob = await loadChecked(descriptor);
      if (!blob) continue; // another platform's manifest, not saved in this archive
      const what = `${where}: manifest ${descriptor.digest}`;
      const parsed = parseJson(blob, `manifest ${descriptor.digest}`);
      const shape = shapeOf(parsed);
      walking.add(descriptor.digest);
      if (indexTypes.has(type) || indexTypes.has(String(shape.mediaType)) || Array.isArray(shape.manifests)) {
        await walk(checked(ociIndexSchema, parsed, what).manifests, here, depth + 1);
      } else if (manifestTypes.has(type) || shape.config !== undefined) {
        candidates.push({ descriptor, manifest: checked(ociManifestSchema, parsed, what), tags: here, platform: descriptor.platform });
      }
      walking.delete(descriptor.digest);
      walked.add(descriptor.digest);
    }
  };
  await walk(checked(ociIndexSchema, index, `${where}: index.json`).manifests, [], 0);

  if (candidates.length === 0) throw corrupt(`${where}: the index lists no image manifest that is present.`);
  for (const candidate of candidates) {
    if (candidate.platform?.os && candidate.platform.architecture) continue;
    const { config: descriptor } = candidate.manifest;
    const configBlob = await loadChecked(descriptor);
    if (!configBlob) continue;
    const config = checked(
      imageConfigSchema,
      parseJson(configBlob, `image config ${descriptor.digest}`),
      `${where}: the image config ${descriptor.digest}: config`,
    );
    if (config.os && config.architecture) {
      candidate.platform = { os: config.os, architecture: config.architecture, variant: config.variant };
    }
  }

  const chosen = choose(candidates, wanted, where);
  return {
    manifestDigest: chosen.descriptor.digest,
    config: chosen.manifest.config,
    configDigest: chosen.manifest.config.digest,
    layers: chosen.manifest.layers,
    repoTags: [...new Set(chosen.tags)],
    platform: chosen.platform,
  };
}

function choose(candidates: Candidate[], wanted: Platform | undefined, where: string): Candidate {
  const matching = (platform: Platform): Candidate | undefined =>
    candidates.find((c) => c.platform !== undefined && platformMatches(c.platform, platform));
  if (wanted) {
    const found = matching(wanted);
    if (found) return found;
  } else {
    if (candidates.length === 1) return candidates[0];
    const found = matching(defaultPlatform()) ?? matching({ ...defaultPlatform(), variant: undefined });
    if (found) return found;
  }
  const available = candidates.map((c) => (c.platform ? formatPlatform(c.platform) : 'unknown')).join(', ');
  const asked = wanted ? formatPlatform(wanted) : `this machine's platform (${formatPlatform(defaultPlatform())})`;
  throw new LayerLensError('INVALID_ARGUMENT', `${where} has no image for ${asked}. Platforms available: ${available}. Choose one of them.`);
}
