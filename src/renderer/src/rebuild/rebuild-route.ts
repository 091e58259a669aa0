/**
 * The wizard's addresses: `#/rebuild` optimizes a folder opened directly; `#/rebuild/image/<ref>` rebuilds
 * an image (its build context is asked once and remembered per image).
 */
export type RebuildRoute = { from: 'folder' } | { from: 'image'; ref: string };

const base = '#/rebuild';
const imagePrefix = `${base}/image/`;

export function isRebuildHash(hash: string): boolean {
  return hash === base || hash.startsWith(`${base}/`) || hash.startsWith(`${base}?`);
}

export function parseRebuildHash(hash: string): RebuildRoute {
  if (hash.startsWith(imagePrefix)) {
    try {
      const ref = decodeURIComponent(hash.slice(imagePrefix.length));
      if (ref) return { from: 'image', ref };
    } catch {
      // A malformed address falls back to the folder flow.
    }
  }
  return { from: 'folder' };
}

export function rebuildHash(imageRef?: string): string {
  return imageRef ? `${imagePrefix}${encodeURIComponent(imageRef)}` : base;
}
