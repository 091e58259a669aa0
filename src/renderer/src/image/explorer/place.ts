/**
 * Where the explorer is: which view of the image (the whole image by folder or by layer, everything up to
 * a layer, one layer only) at which folder, and how that maps to the core's calls. A folder click stays in
 * its view; only a click on a layer of the by-layer picture opens that layer, and the page says so.
 */
import type { TreemapNode, TreemapOptions, TreeView } from '../../../../shared/explore';
import type { StatusFrame } from '../status';

export type View =
  /** The final filesystem by folder, or every stored byte by layer. */
  | { kind: 'image'; by: 'folder' | 'layer' }
  /** The filesystem as it is after `layer`. */
  | { kind: 'up-to'; layer: number }
  /** What `layer`'s tar stores. */
  | { kind: 'layer-only'; layer: number };

export interface Place {
  view: View;
  path: string;
}

/** The whole image or only the layers your build added (the base's layers left out). */
export type Part = 'all' | 'own';

export const startPlace: Place = { view: { kind: 'image', by: 'folder' }, path: '/' };

export function viewName(view: View): string {
  switch (view.kind) {
    case 'image':
      return 'Whole image';
    case 'up-to':
      return `Up to layer ${view.layer}`;
    case 'layer-only':
      return `Layer ${view.layer} only`;
  }
}

/** What a view shows, in a sentence (under the switch, and as its buttons' tooltips). */
export function viewMeaning(view: View | View['kind'], part: Part = 'all'): string {
  const kind = typeof view === 'string' ? view : view.kind;
  const layer = typeof view === 'string' || view.kind === 'image' ? 'N' : String(view.layer);
  if (kind === 'image') {
    if (part === 'own') return 'Only the layers your build added, each with its largest folders: the base image’s bytes are left out.';
    const by = typeof view === 'string' || view.kind !== 'image' ? 'folder' : view.by;
    return by === 'folder'
      ? 'The final filesystem, what a container sees, by folder. Bytes that later layers hide are not in it (see True waste).'
      : 'Every byte the image stores, layer by layer, including the bytes later layers hide.';
  }
  if (kind === 'up-to') return `The filesystem as it is after layer ${layer}: layers 0 to ${layer} stacked, the later ones ignored.`;
  return `Only what layer ${layer} stores: the files it added or changed, and what it removed.`;
}

/** Whether the view draws the whole image by layer (the core's image treemap) rather than folders. */
export function byLayer(view: View, part: Part): boolean {
  return view.kind === 'image' && (view.by === 'layer' || part === 'own');
}

/** The treemap call for a place. The whole image by folder is the filesystem after the top layer. */
export function treemapRequest(place: Place, part: Part, topLayer: number): TreemapOptions {
  const { view, path } = place;
  if (byLayer(view, part)) return {};
  if (view.kind === 'image') return { layer: topLayer, scope: 'aggregated', path };
  return { layer: view.layer, scope: view.kind === 'up-to' ? 'aggregated' : 'layer', path };
}

/** The file tree's view: the final filesystem for the whole image (statuses: what the writing layer did). */
export function treeView(view: View): TreeView {
  if (view.kind === 'image') return {};
  return { layer: view.layer, scope: view.kind === 'up-to' ? 'aggregated' : 'layer' };
}

/** Whose change the statuses of a view are. */
export function statusFrame(view: View): StatusFrame {
  return view.kind === 'up-to' ? { kind: 'selected', layer: view.layer } : { kind: 'writer' };
}

/**
 * Colouring by status says what the Files tab says only where both read the same statuses: not in the
 * whole image by folder (the treemap's picture of it is "after the top layer", the tree's "as written").
 */
export function statusColoursAgree(view: View, part: Part): boolean {
  return view.kind !== 'image' || byLayer(view, part);
}

function parentPath(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

export interface Move {
  to: Place;
  /** Set when the move changes the view, not just the folder: the page announces it. */
  announce?: string;
}

/** Where a click on a node leads: into a folder in the same view; from the by-layer picture, into that layer. */
export function drillTarget(place: Place, part: Part, node: TreemapNode, parent: TreemapNode | undefined): Move | undefined {
  if (byLayer(place.view, part)) {
    const layer = node.kind === 'layer' ? node.layer : (parent?.layer ?? node.layer);
    const path =
      node.kind === 'layer' ? '/' : node.kind === 'more' || !node.drillable ? (node.kind === 'more' ? node.path : parentPath(node.path)) : node.path;
    const view: View = { kind: 'layer-only', layer };
    return { to: { view, path }, announce: `Now showing layer ${layer} only: ${viewMeaning(view)}` };
  }
  if (node.drillable) return { to: { ...place, path: node.path } };
  if (parent && parent.drillable && parent.path !== place.path) return { to: { ...place, path: parent.path } };
  return undefined;
}

/** Backspace in the treemap: the parent folder, then the whole image; nothing above that. */
export function upTarget(place: Place, wholeImage: View): Place | undefined {
  if (place.path !== '/') return { ...place, path: parentPath(place.path) };
  if (place.view.kind !== 'image') return { view: wholeImage, path: '/' };
  return undefined;
}
