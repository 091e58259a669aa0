/**
 * Colours of the treemap and its legend: base image against your build, by finding category, by status
 * (status.ts) and by layer (a palette cycled by index). Mid-tone fills that read on the light and the dark
 * theme, with white labels.
 */
import { findingCategoryInfo, type FindingCategory } from '../../../shared/analysis';
import type { ByteStatus } from '../../../shared/explore';
import { statusStyles } from './status';

export type ColorBy = 'split' | 'category' | 'status' | 'layer';

export const colorByNames: Record<ColorBy, string> = {
  split: 'base image / your build',
  category: 'finding',
  status: 'status',
  layer: 'layer',
};

const layerPalette = [
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

export const splitColors = { base: '#64748b', own: '#2563eb' } as const;

/** Names and colours of the finding categories: the shared table, so a new category needs no edit here. */
const categoryEntries = Object.entries(findingCategoryInfo) as [FindingCategory, (typeof findingCategoryInfo)[FindingCategory]][];
export const categoryNames = Object.fromEntries(categoryEntries.map(([id, info]) => [id, info.name])) as Record<FindingCategory, string>;
export const categoryColors = Object.fromEntries(categoryEntries.map(([id, info]) => [id, info.color])) as Record<FindingCategory, string>;

export const noCategoryColor = '#94a3b8';

export interface Paintable {
  layer: number;
  status: ByteStatus;
  category?: FindingCategory;
}

/** `baseLayers`: how many of the first layers are the base image's (0 when unknown). */
export function paint(node: Paintable, by: ColorBy, baseLayers: number): string {
  switch (by) {
    case 'split':
      return node.layer < baseLayers ? splitColors.base : splitColors.own;
    case 'layer':
      return layerColor(node.layer);
    case 'status':
      return statusStyles[node.status].color;
    case 'category':
      return node.category ? categoryColors[node.category] : noCategoryColor;
  }
}
