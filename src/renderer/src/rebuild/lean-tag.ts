/**
 * Image names in the wizard: the default lean tag of an image name, the check that a name is free before
 * Build (so Build never runs into "already exists"), the next unused name (`…-lean-2`, `…-lean-3`), and
 * the runtime bases worth suggesting from the engine's images.
 */
import type { ImageSummary } from '../../../shared/contract';

/** `repo` and `tag` of a reference (the tag is after the last colon that follows the last slash). */
export function splitTag(ref: string): { repo: string; tag: string } {
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? { repo: ref.slice(0, colon), tag: ref.slice(colon + 1) } : { repo: ref, tag: 'latest' };
}

/** `<repo>:<tag>-lean`, as the core names the lean image by default. */
export function leanTagFor(ref: string): string {
  const { repo, tag } = splitTag(ref.trim());
  return `${repo}:${tag}-lean`;
}

/**
 * Why a name cannot be given to a built image, or null when it can. The same rule as the core's (Docker's:
 * lowercase repository path, an optional registry port, a tag of word characters, dots and dashes).
 */
export function tagProblem(ref: string): string | null {
  const text = ref.trim();
  if (text === '') return 'A name is needed.';
  const { repo, tag } = splitTag(text);
  const repoOk = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repo);
  if (!repoOk) return `"${text}" is not a valid image name: lowercase letters, digits and . _ - / only, as repo:tag.`;
  if (!/^[\w][\w.-]{0,127}$/.test(tag)) return `"${tag}" is not a valid tag: letters, digits, _ . - and at most 128 characters.`;
  return null;
}

/** The n-th alternative of a name: `app:latest-lean` -> `app:latest-lean-2` (n >= 2). */
export function tagVariant(ref: string, n: number): string {
  const { repo, tag } = splitTag(ref.trim());
  const suffix = `-${n}`;
  return `${repo}:${tag.slice(0, 128 - suffix.length)}${suffix}`;
}

/** Whether a name names an image: true, false, or a problem with the name or the engine. */
export type TagLookup =
  { kind: 'exists'; id: string } | { kind: 'free' } | { kind: 'invalid'; message: string } | { kind: 'unknown'; message: string };

/**
 * The first of `ref-2`, `ref-3`, … that names no image (`limit` tries), or null. Asks one at a time: the
 * engine answers in milliseconds and the first is nearly always free.
 */
export async function findFreeTag(ref: string, lookup: (ref: string) => Promise<TagLookup>, limit = 20): Promise<string | null> {
  for (let n = 2; n < limit + 2; n += 1) {
    const candidate = tagVariant(ref, n);
    const found = await lookup(candidate);
    if (found.kind === 'free') return candidate;
    if (found.kind !== 'exists') return null;
  }
  return null;
}

const smallBase = /slim|alpine|distroless/i;

/**
 * Runtime bases to suggest: the engine's images whose names look like small runtime bases (slim, alpine,
 * distroless), plus the bases the proposal already uses; those sharing the original base's repository
 * family and version come first (node-slim:18 for node-full:18), then by name.
 */
export function runtimeBaseSuggestions(images: ImageSummary[] | undefined, current: string[], original?: string): string[] {
  const names = new Set<string>();
  for (const name of current) if (name) names.add(name);
  for (const image of images ?? []) {
    for (const tag of image.repoTags) if (!tag.endsWith(':<none>') && smallBase.test(tag)) names.add(tag);
  }
  const family = original ? familyOf(original) : undefined;
  const score = (name: string) => {
    if (!family) return 0;
    const f = familyOf(name);
    return (f.word === family.word ? 2 : 0) + (family.version && f.version === family.version ? 1 : 0);
  };
  return [...names].sort((a, b) => score(b) - score(a) || a.localeCompare(b));
}

/** "layerlens-test/node-full:18" -> {word: "node", version: "18"}; "node:18.20-alpine" -> {node, 18} (the major version). */
function familyOf(ref: string): { word: string; version?: string } {
  const { repo, tag } = splitTag(ref);
  const last = repo.split('/').pop() ?? repo;
  const word = last.split(/[-_.]/)[0] ?? last;
  const version = /^\d+/.exec(tag)?.[0] ?? /-(\d+)$/.exec(last)?.[1];
  return { word, ...(version ? { version } : {}) };
}
