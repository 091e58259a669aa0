/**
 * Choosing the builder and runtime bases: official `node:X` maps to `node:X-alpine`, or to `node:X-slim`
 * when glibc-built native addons are present (never onto musl); the user's choices win. What a base offers
 * (node user, npm, libc) comes from a probe of the image when the engine has it, else from its name.
 */
import { LayerLensError } from '../../shared/errors';
import type { BaseFacts } from './types';

export interface ImageRef {
  /** Everything before the tag: registry/repository. */
  name: string;
  tag?: string;
  digest?: string;
}

export function parseImageRef(ref: string): ImageRef {
  const [beforeDigest, digest] = ref.split('@') as [string, string | undefined];
  const slash = beforeDigest.lastIndexOf('/');
  const colon = beforeDigest.lastIndexOf(':');
  if (colon > slash) return { name: beforeDigest.slice(0, colon), tag: beforeDigest.slice(colon + 1), digest };
  return { name: beforeDigest, digest };
}

export function isOfficialNode(name: string): boolean {
  return ['node', 'library/node', 'docker.io/library/node', 'docker.io/node', 'index.docker.io/library/node'].includes(name);
}

const debianCodenames = ['trixie', 'bookworm', 'bullseye', 'buster', 'stretch'];

/** What an image probably offers, from its name alone. */
export function guessFacts(image: string): BaseFacts {
  const { name, tag = 'latest' } = parseImageRef(image);
  const musl = /alpine/.test(tag) || /alpine/.test(name);
  if (/distroless/.test(name) || /distroless/.test(tag)) return { nodeUser: false, npm: false, libc: 'glibc', shell: false, userTool: 'none' };
  if (isOfficialNode(name)) {
    return { nodeUser: true, npm: true, libc: musl ? 'musl' : 'glibc', shell: true, userTool: musl ? 'adduser' : 'useradd' };
  }
  return { libc: musl ? 'musl' : undefined, userTool: musl ? 'adduser' : undefined };
}

export interface BaseChoice {
  builder: string;
  runtime: string;
  /** Why the runtime base is what it is (shown with the base-image change). */
  runtimeReason: string;
  runtimeFacts: BaseFacts;
  builderFacts: BaseFacts;
  /** Set when the runtime could not be made smaller automatically. */
  noSmallerVariant?: boolean;
}

/** The runtime variant of an official node tag: alpine, or slim when glibc is needed. */
export function runtimeVariant(tag: string | undefined, glibc: boolean): string | undefined {
  const value = tag ?? 'latest';
  if (/alpine|slim|distroless/.test(value)) return undefined; // already a small variant
  const parts = value.split('-');
  const version = parts[0] === 'latest' ? '' : parts[0]!;
  const codename = parts.find((p) => debianCodenames.includes(p));
  if (glibc) return version ? `${version}${codename ? `-${codename}` : ''}-slim` : codename ? `${codename}-slim` : 'slim';
  return version ? `${version}-alpine` : 'alpine';
}

export function chooseBases(options: {
  original: string;
  nativeAddons: string[];
  runtimeBase?: string;
  builderBase?: string;
  runtimeFacts?: BaseFacts;
  builderFacts?: BaseFacts;
  /** The runtime stage keeps apt-get installs: it needs a Debian-based (glibc) runtime. */
  runtimeUsesApt?: boolean;
}): BaseChoice {
  const builder = options.builderBase ?? options.original;
  const builderFacts = { ...guessFacts(builder), ...options.builderFacts };
  const nativeGlibc = options.nativeAddons.length > 0 && builderFacts.libc !== 'musl';
  const needsGlibc = nativeGlibc || (options.runtimeUsesApt === true && builderFacts.libc !== 'musl');
  let runtime: string;
  let runtimeReason: string;
  let noSmallerVariant = false;
  if (options.runtimeBase) {
    runtime = options.runtimeBase;
    runtimeReason = `runtime base ${runtime} chosen by the user`;
  } else {
    const ref = parseImageRef(options.original);
    const variant = isOfficialNode(ref.name) && !ref.digest ? runtimeVariant(ref.tag, needsGlibc) : undefined;
    if (variant) {
      runtime = `${ref.name}:${variant}`;
      runtimeReason = nativeGlibc
        ? `${options.original} ships compilers, git and python the app never runs; ${runtime} is the glibc runtime-only variant (native addons built on glibc must not run on musl Alpine)`
        : needsGlibc
        ? `${options.original} ships compilers, git and python the app never runs; ${runtime} is the Debian runtime-only variant (the image installs packages with apt-get)`
        : `${options.original} ships compilers, git and python the app never runs; ${runtime} holds only the Node runtime`;
    } else {
      runtime = options.original;
      noSmallerVariant = !/alpine|slim|distroless/.test(options.original);
      runtimeReason = noSmallerVariant
        ? `no known smaller variant of ${options.original}: the runtime keeps it (choose one with --runtime-base)`
        : `${options.original} is already a small runtime base`;
    }
  }
  const runtimeFacts = { ...guessFacts(runtime), ...options.runtimeFacts };
  if (options.nativeAddons.length > 0 && runtimeFacts.libc === 'musl' && builderFacts.libc !== 'musl') {
    throw new LayerLensError(
      'INVALID_ARGUMENT',
      `The project has native addons (${options.nativeAddons[0]}): built on ${builder} (glibc) they would not load on ${runtime} (musl). Choose a glibc runtime base (e.g. a -slim image) or a musl builder base.`,
    );
  }
  return { builder, runtime, runtimeReason, runtimeFacts, builderFacts, noSmallerVariant };
}
