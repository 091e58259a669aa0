/**
 * Images read in place from a registry: what the user types ("127.0.0.1:5000/team/app:1",
 * "ghcr.io/team/app@sha256:…", with or without `registry://`) checked and turned into the `registry://`
 * reference the image page is opened with (`#/image/registry%3A%2F%2F…`). The core parses it again; this
 * only catches what cannot be a pushed image before a round trip.
 */
export const registryPrefix = 'registry://';

export function isRegistryRef(ref: string): boolean {
  return ref.startsWith(registryPrefix);
}

/** "127.0.0.1:5000/app:1" from "registry://127.0.0.1:5000/app:1". */
export function bareRegistryRef(ref: string): string {
  return isRegistryRef(ref) ? ref.slice(registryPrefix.length) : ref;
}

export interface RegistryName {
  /** "registry://HOST/REPO:TAG" or "registry://HOST/REPO@sha256:…", for the route. */
  ref: string;
  /** "HOST/REPO:TAG", for the core's `{kind: 'registry'}` source. */
  bare: string;
  /** "HOST" ("docker.io" when the name names none). */
  registry: string;
}

const component = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/** A typed registry image name, or why it is not one. */
export function parseRegistryInput(input: string): { ok: true; name: RegistryName } | { ok: false; message: string } {
  const text = bareRegistryRef(input.trim());
  if (text === '') return { ok: false, message: 'Name the image: REGISTRY/REPO:TAG or REGISTRY/REPO@sha256:….' };
  if (/\s/.test(text)) return { ok: false, message: 'An image name has no spaces.' };
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^sha256:[0-9a-f]{64}$/.test(digest)) return { ok: false, message: `"${digest}" is not a digest: sha256: and 64 hex digits.` };
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) return { ok: false, message: `"${tag}" is not a valid tag.` };
  }
  if (!tag && !digest) return { ok: false, message: 'Add a tag (:TAG) or a digest (@sha256:…): a registry is read as it is, nothing is assumed.' };
  const parts = rest.split('/');
  const first = parts[0] ?? '';
  const hasRegistry = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasRegistry)
    return {
      ok: false,
      message: `Start with the registry: HOST[:PORT]/${rest}${tag ? `:${tag}` : ''} (docker.io/${rest.includes('/') ? rest : `library/${rest}`} for Docker Hub).`,
    };
  if (!/^[a-zA-Z0-9.-]+(?::[0-9]+)?$/.test(first)) return { ok: false, message: `"${first}" is not a registry host.` };
  const path = parts.slice(1);
  if (path.length === 0 || !path.every((p) => component.test(p)))
    return { ok: false, message: `"${path.join('/')}" is not a repository: lowercase letters, digits and . _ - / only.` };
  const bare = `${first}/${path.join('/')}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  return { ok: true, name: { ref: `${registryPrefix}${bare}`, bare, registry: first } };
}

/** "127.0.0.1:5000" of a registry ref. */
export function registryOf(ref: string): string {
  return bareRegistryRef(ref).split('/')[0] ?? '';
}
