/** The treemap picture (recharts): area = bytes, each group's children drawn inside it, labels where they fit. */
import { memo, type ComponentProps } from 'react';
import { Treemap } from 'recharts';
import type { TreemapNode } from '../../../../../shared/explore';
import { formatBytes } from '../../../../../shared/format';
import { paint, type ColorBy } from '../../colors';

interface Props {
  data: TreemapNode[];
  width: number;
  height: number;
  colorBy: ColorBy;
  baseLayers: number;
  focusedId?: string;
  onClickNode: (id: string) => void;
  onHover: (id: string | undefined, x: number, y: number) => void;
}

interface RenderedNode {
  depth: number;
  x: number;
  y: number;
  width: number;
  height: number;
  index: number;
  root?: { children?: unknown[] | null; name?: string; x: number; y: number; width: number; height: number; depth: number } & Partial<TreemapNode>;
}

const charWidth = 6.5;

function fitLabel(text: string, width: number): string | undefined {
  const chars = Math.floor((width - 8) / charWidth);
  if (chars < 3) return undefined;
  return text.length > chars ? `${text.slice(0, chars - 1)}…` : text;
}

export const TreemapChart = memo(function TreemapChart({ data, width, height, colorBy, baseLayers, focusedId, onClickNode, onHover }: Props) {
  const content = (props: unknown) => {
    const rendered = props as RenderedNode & TreemapNode;
    const { depth, x, y, width: w, height: h } = rendered;
    if (depth === 0) return <g />;
    const hasChildren = Array.isArray(rendered.children) && rendered.children.length > 0;
    const fill = paint(rendered, colorBy, baseLayers);
    const focused = rendered.id === focusedId;
    const label = depth === 1 && !hasChildren ? fitLabel(rendered.name, w) : depth === 2 && w > 50 && h > 30 ? fitLabel(rendered.name, w) : undefined;
    // A child in its group's top-left corner sits under the group's label: its own label goes one line down.
    const underGroupLabel = depth === 2 && rendered.root !== undefined && y - rendered.root.y < 20 && x - rendered.root.x < 160;
    const labelY = y + (underGroupLabel ? 34 : 15);
    const size = depth === 1 && !hasChildren && h > 34 ? fitLabel(formatBytes(rendered.bytes), w) : undefined;
    // The last child of a group is drawn last: it carries the group's label, above its siblings.
    const parent = rendered.root;
    const isLast = depth === 2 && parent?.children && rendered.index === parent.children.length - 1;
    const groupLabel = isLast && parent ? fitLabel(`${parent.name ?? ''} · ${formatBytes(parent.bytes ?? 0)}`, parent.width) : undefined;
    return (
      <g
        data-testid="treemap-node"
        data-id={rendered.id}
        data-path={rendered.path}
        data-bytes={rendered.bytes}
        data-depth={depth}
        data-kind={rendered.kind}
        data-layer={rendered.layer}
        data-fill={fill}
        className={rendered.drillable || depth === 2 ? 'treemap-node drillable' : 'treemap-node'}
        onClick={() => onClickNode(rendered.id)}
        onMouseMove={(event) => onHover(rendered.id, event.clientX, event.clientY)}
        onMouseLeave={() => onHover(undefined, 0, 0)}
      >
        <rect
          x={x}
          y={y}
          width={Math.max(0, w)}
          height={Math.max(0, h)}
          fill={fill}
          fillOpacity={depth === 1 && hasChildren ? 0.35 : rendered.kind === 'more' ? 0.55 : 0.9}
          stroke={focused ? 'var(--focus)' : 'var(--surface)'}
          strokeWidth={focused ? 3 : depth === 1 ? 2 : 1}
        />
        {label && (
          <text x={x + 5} y={labelY} className="treemap-label">
            {label}
          </text>
        )}
        {size && (
          <text x={x + 5} y={y + 30} className="treemap-label small">
            {size}
          </text>
        )}
        {groupLabel && parent && (
          <g pointerEvents="none">
            <rect
              x={parent.x + 2}
              y={parent.y + 2}
              width={Math.min(parent.width - 4, groupLabel.length * charWidth + 10)}
              height={17}
              rx={3}
              className="treemap-group-label-bg"
            />
            <text x={parent.x + 7} y={parent.y + 15} className="treemap-label group">
              {groupLabel}
            </text>
          </g>
        )}
      </g>
    );
  };
  return (
    <Treemap
      width={width}
      height={height}
      data={data as unknown as NonNullable<ComponentProps<typeof Treemap>['data']>}
      dataKey="bytes"
      nameKey="name"
      aspectRatio={4 / 3}
      nodeInset={2}
      isAnimationActive={false}
      isUpdateAnimationActive={false}
      content={content}
    />
  );
});
