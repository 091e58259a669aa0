/** A two-route hash router: `#/` is the images list, `#/image/<id>` one image. */
import { useSyncExternalStore } from 'react';

export type Route = { page: 'images' } | { page: 'image'; id: string };

const imagePrefix = '#/image/';
// True when the current entry was pushed by opening an image from the list, so "back" can pop it.
let openedFromList = false;

function parse(hash: string): Route {
  if (hash.startsWith(imagePrefix)) {
    try {
      const id = decodeURIComponent(hash.slice(imagePrefix.length));
      if (id) return { page: 'image', id };
    } catch {
      // A malformed address falls back to the list.
    }
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

export function openImage(id: string): void {
  openedFromList = true;
  location.hash = `${imagePrefix}${encodeURIComponent(id)}`;
}

export function backToList(): void {
  if (openedFromList) history.back();
  else location.hash = '#/';
  openedFromList = false;
}
