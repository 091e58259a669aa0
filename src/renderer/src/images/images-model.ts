/** How the images list names, filters and orders images; kept apart from React so it stays obvious. */
import type { ImageFacts, ImageSummary } from '../../../shared/contract';
import { shortId } from '../../../shared/format';

export type SortKey = 'size' | 'own' | 'saving' | 'created' | 'name';
export type SortDirection = 'asc' | 'desc';

export interface ListView {
  sort: SortKey;
  direction: SortDirection;
  filter: string;
  /** Leave out the dangling (`<none>`) images. */
  hideDangling: boolean;
}

export const defaultListView: ListView = { sort: 'size', direction: 'desc', filter: '', hideDangling: false };

/** The direction a column starts in when first clicked: biggest and newest first, names A→Z. */
export const firstDirection: Record<SortKey, SortDirection> = { size: 'desc', own: 'desc', saving: 'desc', created: 'desc', name: 'asc' };

const danglingName = '<none>';

export function imageName(image: Pick<ImageSummary, 'repoTags'>): string {
  return image.repoTags[0] ?? danglingName;
}

/** How a picker names an image: its first tag, or "untagged" and its short id. */
export function pickerName(image: Pick<ImageSummary, 'repoTags' | 'id'>): string {
  return image.repoTags[0] ?? `untagged ${shortId(image.id)}`;
}

function matchesFilter(image: ImageSummary, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  if (!needle) return true;
  const id = image.id.toLowerCase();
  return (
    id.includes(needle) ||
    shortId(id).includes(needle) ||
    image.repoTags.some((tag) => tag.toLowerCase().includes(needle)) ||
    (image.dangling && (danglingName.includes(needle) || 'untagged'.includes(needle)))
  );
}

export type FactsById = ReadonlyMap<string, ImageFacts>;

function compare(a: ImageSummary, b: ImageSummary, key: SortKey, facts: FactsById): number {
  // Images not described yet (or never analysed) sort as the smallest.
  const fact = (image: ImageSummary, pick: (f: ImageFacts) => number | null) => {
    const value = facts.get(image.id);
    return value ? (pick(value) ?? -1) : -1;
  };
  switch (key) {
    case 'size':
      return a.sizeBytes - b.sizeBytes;
    case 'own':
      return fact(a, (f) => f.ownBytes) - fact(b, (f) => f.ownBytes);
    case 'saving':
      return fact(a, (f) => f.potentialSavingBytes) - fact(b, (f) => f.potentialSavingBytes);
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

export function visibleImages(images: ImageSummary[], view: ListView, facts: FactsById = new Map()): ImageSummary[] {
  const sign = view.direction === 'asc' ? 1 : -1;
  return images
    .filter((image) => !(view.hideDangling && image.dangling) && matchesFilter(image, view.filter))
    .sort((a, b) => danglingLast(a, b, view.sort) || sign * compare(a, b, view.sort, facts) || a.id.localeCompare(b.id));
}

/** How many untagged images an empty search leaves out of the picker. */
export function pickerUntaggedHidden(images: ImageSummary[], filter: string, exclude: ReadonlySet<string>): number {
  return filter.trim() !== '' ? 0 : images.filter((image) => image.dangling && !exclude.has(image.id)).length;
}

/** The names removing an image's row takes away: every tag (the last one takes the image), or its id when untagged. */
export function removalRefs(image: Pick<ImageSummary, 'repoTags' | 'id'>): string[] {
  return image.repoTags.length > 0 ? image.repoTags : [image.id];
}

/**
 * The picker's order: named images by name, the untagged ones last. Untagged images (build leftovers, most
 * of the time) are only offered once something is typed: an empty search lists what has a name.
 */
export function pickerImages(images: ImageSummary[], filter: string, exclude: ReadonlySet<string>): ImageSummary[] {
  const typed = filter.trim() !== '';
  return images
    .filter((image) => !exclude.has(image.id) && (typed || !image.dangling) && matchesFilter(image, filter))
    .sort((a, b) => danglingLast(a, b, 'name') || imageName(a).localeCompare(imageName(b)) || a.id.localeCompare(b.id));
}
