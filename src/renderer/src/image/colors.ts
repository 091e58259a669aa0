/**
 * Colours of the treemap, its legend and the badges: by layer (a palette cycled by index), by status and by
 * finding category. Values read well on both the light and the dark theme (mid-tone fills, white labels).
 */
import type { FindingCategory } from '../../../shared/analysis';
import type { ByteStatus } from '../../../shared/explore';

export type ColorBy = 'layer' | 'status' | 'category';

export const layerPalette = [
  '#3b82f6',
  '#8b5cf6',
  '#0d9488',
  '#d97706',
  '#db2777',
  '#65a30d',
  '#0891b2',
  '#7c3aed',
  '#ea580c',
  '#4f46e5',
  '#059669',
  '#c026d3',
];

export function layerColor(layer: number): string {
  return layer < 0 ? '#64748b' : layerPalette[layer % layerPalette.length];
}

export const statusColors: Record<ByteStatus, string> = {
  added: '#16a34a',
  modified: '#d97706',
  unmodified: '#64748b',
  wasted: '#dc2626',
};

export const statusNames: Record<ByteStatus, string> = {
  added: 'Added by its layer',
  modified: 'Modified by its layer',
  unmodified: 'Unchanged (repeated)',
  wasted: 'Removed but stored (waste)',
};

export const categoryNames: Record<FindingCategory, string> = {
  'package-cache': 'Package cache',
  'dev-dependencies': 'Dev dependencies',
  'build-toolchain': 'Build toolchain',
  'vcs-directory': 'VCS directory',
  'tests-docs-sourcemaps': 'Tests, docs, source maps',
  'hidden-by-later-layer': 'Hidden by a later layer',
  'permission-rewrite': 'Permission rewrite',
  'duplicate-files': 'Duplicate files',
  'large-base-image': 'Large base image',
};

export const categoryColors: Record<FindingCategory, string> = {
  'package-cache': '#ea580c',
  'dev-dependencies': '#db2777',
  'build-toolchain': '#7c3aed',
  'vcs-directory': '#0891b2',
  'tests-docs-sourcemaps': '#ca8a04',
  'hidden-by-later-layer': '#dc2626',
  'permission-rewrite': '#c026d3',
  'duplicate-files': '#0d9488',
  'large-base-image': '#4f46e5',
};

export const noCategoryColor = '#94a3b8';

export interface Paintable {
  layer: number;
  status: ByteStatus;
  category?: FindingCategory;
}

export function paint(node: Paintable, by: ColorBy): string {
  if (by === 'layer') return layerColor(node.layer);
  if (by === 'status') return statusColors[node.status];
  return node.category ? categoryColors[node.category] : noCategoryColor;
}
