/**
 * A small hash router: `#/` is the images list, `#/image/<id>` one image, `#/compare/<idA>/<idB>` two
 * images side by side.
 */
import { useSyncExternalStore } from 'react';

export type Route = { page: 'images' } | { page: 'image'; id: string } | { page: 'compare'; a: string; b: string };

const imagePrefix = '#/image/';
const comparePrefix = '#/compare/';
// True when the current entry was pushed by opening an image from the list, so "back" can pop it.
let openedFromList = false;

function parse(hash: string): Route {
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

export function useHashRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => location.hash);
  return parse(hash);
}

export function imageHash(id: string): string {
  return `${imagePrefix}${encodeURIComponent(id)}`;
}

export function compareHash(a: string, b: string): string {
  return `${comparePrefix}${encodeURIComponent(a)}/${encodeURIComponent(b)}`;
}

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
