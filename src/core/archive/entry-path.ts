/**
 * Tar entry names as LayerLens shows them: absolute, normalised, with whiteouts turned into the path they
 * delete. Nothing here touches the file system; a `..` component is reported, never resolved.
 */

export interface EntryPath {
  /** "/usr/bin/node"; for a whiteout, the deleted path; for an opaque marker, its directory. */
  path: string;
  whiteout?: true;
  opaque?: true;
  /** Why the name is unsafe, when it is. */
  unsafe?: string;
}

const whiteoutPrefix = '.wh.';
const opaqueMarker = '.wh..wh..opq';

/** Splits a tar name into its components, without leading "./" or "/", empty or "." parts. */
export function pathComponents(raw: string): string[] {
  return raw.split('/').filter((part) => part !== '' && part !== '.');
}

export function hasParentComponent(raw: string): boolean {
  return raw.split('/').includes('..');
}

/** Normalises a tar entry name; undefined for the root directory entry ("./", "/"). */
export function normaliseEntryPath(raw: string): EntryPath | undefined {
  const parts = pathComponents(raw);
  if (parts.length === 0) return undefined;
  const unsafe = hasParentComponent(raw) ? `the name "${raw}" has a ".." component` : undefined;
  const base = parts[parts.length - 1];
  let result: EntryPath;
  if (base === opaqueMarker) {
    result = { path: '/' + parts.slice(0, -1).join('/'), opaque: true };
  } else if (base.startsWith(whiteoutPrefix) && base.length > whiteoutPrefix.length) {
    result = { path: '/' + [...parts.slice(0, -1), base.slice(whiteoutPrefix.length)].join('/'), whiteout: true };
  } else {
    result = { path: '/' + parts.join('/') };
  }
  if (unsafe) result.unsafe = unsafe;
  return result;
}
