/**
 * The app's one hash router. Every page's address is parsed here, from one subscription to the hash:
 * `#/` the images list, `#/image/<ref>` one image, `#/compare/<a>/<b>` two images, `#/report/<id>` a report
 * (report/report-route.ts), `#/rebuild…` the rebuild wizard (rebuild/rebuild-route.ts).
 */
import { useMemo, useSyncExternalStore } from 'react';
import { isRebuildHash, parseRebuildHash, type RebuildRoute } from '../rebuild/rebuild-route';
import { isReportHash, parseReportHash, type ReportAddress } from '../report/report-route';

export type Route =
  | { page: 'images' }
  | { page: 'image'; id: string }
  | { page: 'compare'; a: string; b: string }
  /** No address when the hash names no report (the page says so). */
  | { page: 'report'; address?: ReportAddress }
  /** `hash` keys the wizard: a new address starts a new wizard. */
  | { page: 'rebuild'; route: RebuildRoute; hash: string };

const imagePrefix = '#/image/';
const comparePrefix = '#/compare/';

export function parseRoute(hash: string): Route {
  if (isReportHash(hash)) return { page: 'report', address: parseReportHash(hash) };
  if (isRebuildHash(hash)) return { page: 'rebuild', route: parseRebuildHash(hash), hash };
  try {
    if (hash.startsWith(imagePrefix)) {
      const id = decodeURIComponent(hash.slice(imagePrefix.length));
      if (id) return { page: 'image', id };
    }
    if (hash.startsWith(comparePrefix)) {
      const [a, b] = hash.slice(comparePrefix.length).split('/').map(decodeURIComponent);
      if (a && b) return { page: 'compare', a, b };
    }
  } catch {
    // A malformed address falls back to the list.
  }
  return { page: 'images' };
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

/** The current route; the same object while the hash stays the same. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => location.hash);
  return useMemo(() => parseRoute(hash), [hash]);
}

export function imageHash(id: string): string {
  return `${imagePrefix}${encodeURIComponent(id)}`;
}

export function compareHash(a: string, b: string): string {
  return `${comparePrefix}${encodeURIComponent(a)}/${encodeURIComponent(b)}`;
}

// True when the current entry was pushed by opening an image from the list, so "back" can pop it.
let openedFromList = false;

export function openImage(id: string): void {
  openedFromList = true;
  location.hash = imageHash(id);
}

export function openCompare(a: string, b: string): void {
  openedFromList = false;
  location.hash = compareHash(a, b);
}

export function backToList(): void {
  if (openedFromList) history.back();
  else location.hash = '#/';
  openedFromList = false;
}
