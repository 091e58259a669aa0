/**
 * Image names and what a base offers. The smaller runtime for the final stage's base keeps its libc and
 * release: `node:18` -> `node:18-slim`, `node:20-bookworm` -> `node:20-bookworm-slim`; Alpine, slim and
 * distroless images are small already. Facts guessed from a name stand in until the engine is asked.
 */
import type { BaseFacts } from '../../shared/rebuild';

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

/** An image that runs Node.js, by its name: node, nodejs, node-…, distroless/nodejs. */
export function isNodeImageName(image: string): boolean {
  const { name } = parseImageRef(image.toLowerCase());
  const last = name.split('/').pop() ?? '';
  return /^node(js)?(\d+)?([-_.]|$)/.test(last) || /distroless\/nodejs/.test(name);
}

/** What an image probably offers, from its name alone. */
export function guessFacts(image: string): BaseFacts {
  const { name, tag = 'latest' } = parseImageRef(image);
  const musl = /alpine/.test(tag) || /alpine/.test(name);
  if (/distroless/.test(name) || /distroless/.test(tag)) {
    return {
      nodeUser: false,
      npm: false,
      yarn: false,
      pnpm: false,
      libc: 'glibc',
      shell: false,
      userTool: 'none',
      packageTool: 'none',
      curl: false,
      wget: false,
    };
  }
  if (isOfficialNode(name)) {
    const slim = /slim/.test(tag);
    return {
      nodeUser: true,
      npm: true,
      yarn: true,
      pnpm: false,
      libc: musl ? 'musl' : 'glibc',
      shell: true,
      userTool: musl ? 'adduser' : 'useradd',
      packageTool: musl ? 'apk' : 'apt',
      curl: !musl && !slim,
      wget: musl || !slim,
    };
  }
  return { ...(musl ? { libc: 'musl' as const, userTool: 'adduser' as const, packageTool: 'apk' as const } : {}) };
}

const debianCodenames = ['trixie', 'bookworm', 'bullseye', 'buster', 'stretch'];

/** The slim variant of an official node tag, or undefined when it is small already. */
export function slimVariant(tag: string | undefined): string | undefined {
  const value = tag ?? 'latest';
  if (/alpine|slim|distroless/.test(value)) return undefined;
  const parts = value.split('-');
  const version = parts[0] === 'latest' || debianCodenames.includes(parts[0]!) ? '' : parts[0]!;
  const codename = parts.find((p) => debianCodenames.includes(p));
  if (version) return `${version}${codename ? `-${codename}` : ''}-slim`;
  return codename ? `${codename}-slim` : 'slim';
}

export interface RuntimeBaseChoice {
  image: string;
  reason: string;
  /** True when no smaller base is known: the runtime keeps the original base. */
  same: boolean;
}

/** The runtime base of the most aggressive candidate. */
export function smallerRuntimeBase(base: string, chosen?: string): RuntimeBaseChoice {
  if (chosen) return { image: chosen, reason: `the runtime base ${chosen} was chosen`, same: chosen === base };
  const ref = parseImageRef(base);
  const variant = isOfficialNode(ref.name) && !ref.digest ? slimVariant(ref.tag) : undefined;
  if (variant) {
    const image = `${ref.name}:${variant}`;
    return {
      image,
      reason: `${base} carries compilers, headers, git and python for building; ${image} is the same Node release and libc with the runtime only`,
      same: false,
    };
  }
  const small = /alpine|slim|distroless/.test(base);
  return {
    image: base,
    reason: small
      ? `${base} is a small base already: the gain comes from what is copied onto it`
      : `no smaller variant of ${base} is known: choose a runtime base (an image with the same Node release and libc)`,
    same: true,
  };
}
