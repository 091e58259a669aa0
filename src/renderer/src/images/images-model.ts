/** How the images list names, filters and orders images; kept apart from React so it stays obvious. */
import type { ImageSummary } from '../../../shared/contract';
import { shortId } from '../../../shared/format';

export type SortKey = 'size' | 'created' | 'name';
export type SortDirection = 'asc' | 'desc';

export interface ListView {
  sort: SortKey;
  direction: SortDirection;
  filter: string;
}

export const defaultListView: ListView = { sort: 'size', direction: 'desc', filter: '' };

/** The direction a column starts in when first clicked: biggest and newest first, names A→Z. */
export const firstDirection: Record<SortKey, SortDirection> = { size: 'desc', created: 'desc', name: 'asc' };

export const danglingName = '<none>';

export function imageName(image: Pick<ImageSummary, 'repoTags'>): string {
  return image.repoTags[0] ?? danglingName;
}

export function matchesFilter(image: ImageSummary, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  if (!needle) return true;
  const id = image.id.toLowerCase();
  return (
    id.includes(needle) ||
    shortId(id).includes(needle) ||
    image.repoTags.some((tag) => tag.toLowerCase().includes(needle)) ||
    (image.dangling && danglingName.includes(needle))
  );
}

function compare(a: ImageSummary, b: ImageSummary, key: SortKey): number {
  switch (key) {
    case 'size':
      return a.sizeBytes - b.sizeBytes;
    case 'created':
      return a.created - b.created;
    case 'name':
      return imageName(a).localeCompare(imageName(b));
  }
}

/** By name, dangling images go last either way: "<none>" says nothing about the image. */
function danglingLast(a: ImageSummary, b: ImageSummary, key: SortKey): number {
  return key === 'name' && a.dangling !== b.dangling ? (a.dangling ? 1 : -1) : 0;
}

export function visibleImages(images: ImageSummary[], view: ListView): ImageSummary[] {
  const sign = view.direction === 'asc' ? 1 : -1;
  return images
    .filter((image) => matchesFilter(image, view.filter))
    .sort((a, b) => danglingLast(a, b, view.sort) || sign * compare(a, b, view.sort) || a.id.localeCompare(b.id));
}
