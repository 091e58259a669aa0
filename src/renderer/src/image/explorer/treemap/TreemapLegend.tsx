/** What the treemap's colours mean, for the colouring in use, listing only what is on screen. */
import { useMemo } from 'react';
import type { AnalyzedLayer, FindingCategory } from '../../../../../shared/analysis';
import type { TreemapNode } from '../../../../../shared/explore';
import { categoryColors, categoryNames, layerColor, noCategoryColor, splitColors, type ColorBy } from '../../colors';
import { statusStyles } from '../../status';
import { layerLabel } from './treemap-data';

interface Props {
  colorBy: ColorBy;
  groups: TreemapNode[];
  layers: AnalyzedLayer[];
  baseLayers: number;
  baseName?: string;
}

interface Item {
  color: string;
  label: string;
  title?: string;
}

function present(groups: TreemapNode[]): { layers: number[]; categories: FindingCategory[] } {
  const layers = new Set<number>();
  const categories = new Set<FindingCategory>();
  const visit = (node: TreemapNode) => {
    layers.add(node.layer);
    if (node.category) categories.add(node.category);
    node.children?.forEach(visit);
  };
  groups.forEach(visit);
  return { layers: [...layers].filter((l) => l >= 0).sort((a, b) => a - b), categories: [...categories].sort() };
}

export function TreemapLegend({ colorBy, groups, layers, baseLayers, baseName }: Props) {
  const shown = useMemo(() => present(groups), [groups]);
  const items: Item[] = (() => {
    switch (colorBy) {
      case 'split':
        return [
          { color: splitColors.base, label: `Base image${baseName ? ` (${baseName})` : ''}`, title: `Layers 0 to ${baseLayers - 1}` },
          { color: splitColors.own, label: 'Your build', title: `Layers ${baseLayers} and up` },
        ];
      case 'layer':
        return shown.layers.map((layer) => ({ color: layerColor(layer), label: `Layer ${layer}`, title: layerLabel(layer, layers) }));
      case 'status':
        return (['added', 'modified', 'unmodified', 'wasted'] as const).map((status) => ({
          color: statusStyles[status].color,
          label: statusStyles[status].name,
        }));
      case 'category':
        return [
          ...shown.categories.map((category) => ({ color: categoryColors[category], label: categoryNames[category] })),
          { color: noCategoryColor, label: 'No finding' },
        ];
    }
  })();
  return (
    <ul className="legend" data-testid="treemap-legend" aria-label="Colours">
      {items.map((item) => (
        <li key={item.label} title={item.title}>
          <span className="swatch" style={{ background: item.color }} />
          {item.label}
        </li>
      ))}
    </ul>
  );
}
