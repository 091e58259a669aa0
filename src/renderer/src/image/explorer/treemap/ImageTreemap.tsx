/**
 * The treemap of a view: area = bytes, a few hundred rectangles from `getTreemap`, the children of each
 * group drawn inside it. Click or Enter drills down, the breadcrumb and Backspace go up; arrows move the
 * focus between the groups. Colour by layer, status or finding category, with a legend.
 */
import { memo, type ComponentProps, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Treemap } from 'recharts';
import type { AnalyzedLayer } from '../../../shared/analysis';
import type { Treemap as TreemapAnswer, TreemapNode, TreeScope } from '../../../shared/explore';
import { toErrorData, type ApiErrorData } from '../../../shared/errors';
import { formatBytes } from '../../../shared/format';
import { useClient } from '../hooks/bridge-context';
import { categoryColors, categoryNames, layerColor, noCategoryColor, paint, statusColors, statusNames, type ColorBy } from '../model/explore-colors';
import { shareText } from '../model/share';

export interface TreemapLocation {
  layer?: number;
  scope: TreeScope;
  path: string;
}

interface Props {
  imageId: string;
  layers: AnalyzedLayer[];
  location: TreemapLocation;
  onNavigate: (location: TreemapLocation) => void;
  colorBy: ColorBy;
  onColorByChange: (colorBy: ColorBy) => void;
}

const chartHeight = 420;
const maxNodes = 300;

type Indexed = Map<string, { node: TreemapNode; parent?: TreemapNode }>;

function indexNodes(root: TreemapNode): Indexed {
  const index: Indexed = new Map();
  const visit = (node: TreemapNode, parent?: TreemapNode) => {
    index.set(node.id, { node, parent });
    for (const child of node.children ?? []) visit(child, node);
  };
  visit(root);
  return index;
}

function parentPath(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

/** Where a click on a node leads: into it when it is a group, else into the group that holds it. */
export function drillTarget(location: TreemapLocation, node: TreemapNode, parent: TreemapNode | undefined): TreemapLocation | undefined {
  if (location.layer === undefined) {
    // The whole image: a layer opens that layer alone; a node inside a layer opens its folder there.
    if (node.kind === 'layer') return { layer: node.layer, scope: 'layer', path: '/' };
    if (node.kind === 'more' || !node.drillable) {
      return parent ? { layer: parent.layer, scope: 'layer', path: node.kind === 'more' ? node.path : parentPath(node.path) } : undefined;
    }
    return { layer: node.layer, scope: 'layer', path: node.path };
  }
  if (node.drillable) return { ...location, path: node.path };
  if (parent && parent.drillable && parent.path !== location.path) return { ...location, path: parent.path };
  return undefined;
}

export function upTarget(location: TreemapLocation): TreemapLocation | undefined {
  if (location.path !== '/') return { ...location, path: parentPath(location.path) };
  if (location.layer !== undefined) return { scope: 'aggregated', path: '/' };
  return undefined;
}

interface ChartProps {
  data: TreemapNode[];
  width: number;
  colorBy: ColorBy;
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

function fitLabel(text: string, width: number): string | undefined {
  const chars = Math.floor((width - 8) / 6.5);
  if (chars < 3) return undefined;
  return text.length > chars ? `${text.slice(0, chars - 1)}…` : text;
}

const TreemapChart = memo(function TreemapChart({ data, width, colorBy, focusedId, onClickNode, onHover }: ChartProps) {
  const content = (props: unknown) => {
    const rendered = props as RenderedNode & TreemapNode;
    const { depth, x, y, width: w, height: h } = rendered;
    if (depth === 0) return <g />;
    const hasChildren = Array.isArray(rendered.children) && rendered.children.length > 0;
    const fill = paint(rendered, colorBy);
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
            <rect x={parent.x + 2} y={parent.y + 2} width={Math.min(parent.width - 4, groupLabel.length * 6.5 + 10)} height={17} rx={3} className="treemap-group-label-bg" />
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
      height={chartHeight}
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

function Legend({ colorBy, answer, layers }: { colorBy: ColorBy; answer?: TreemapAnswer; layers: AnalyzedLayer[] }) {
  const present = useMemo(() => {
    const layerSet = new Set<number>();
    const categories = new Set<string>();
    const visit = (node: TreemapNode) => {
      for (const child of node.children ?? []) {
        layerSet.add(child.layer);
        if (child.category) categories.add(child.category);
        visit(child);
      }
    };
    if (answer) visit(answer.root);
    return { layers: [...layerSet].filter((l) => l >= 0).sort((a, b) => a - b), categories: [...categories].sort() };
  }, [answer]);
  const items: { color: string; label: string; title?: string }[] =
    colorBy === 'layer'
      ? present.layers.map((layer) => ({ color: layerColor(layer), label: `Layer ${layer}`, title: layers[layer]?.instruction }))
      : colorBy === 'status'
        ? (Object.keys(statusColors) as (keyof typeof statusColors)[]).map((status) => ({ color: statusColors[status], label: statusNames[status] }))
        : [
            ...present.categories.map((category) => ({
              color: categoryColors[category as keyof typeof categoryColors],
              label: categoryNames[category as keyof typeof categoryNames],
            })),
            { color: noCategoryColor, label: 'No finding' },
          ];
  return (
    <ul className="legend" data-testid="treemap-legend">
      {items.map((item) => (
        <li key={item.label} title={item.title}>
          <span className="swatch" style={{ background: item.color }} />
          {item.label}
        </li>
      ))}
    </ul>
  );
}

function Breadcrumb({ location, onNavigate }: { location: TreemapLocation; onNavigate: (location: TreemapLocation) => void }) {
  const parts = location.path.split('/').filter(Boolean);
  const crumbs: { label: string; to: TreemapLocation }[] = [{ label: 'Image', to: { scope: 'aggregated', path: '/' } }];
  if (location.layer !== undefined) {
    crumbs.push({
      label: location.scope === 'layer' ? `Layer ${location.layer} only` : `Up to layer ${location.layer}`,
      to: { ...location, path: '/' },
    });
  }
  parts.forEach((part, i) => crumbs.push({ label: part, to: { ...location, path: `/${parts.slice(0, i + 1).join('/')}` } }));
  return (
    <nav className="breadcrumb" aria-label="Treemap location" data-testid="treemap-breadcrumb">
      {crumbs.map((crumb, i) => (
        <span key={`${i}-${crumb.label}`}>
          {i > 0 && <span className="crumb-sep">›</span>}
          {i === crumbs.length - 1 ? (
            <span className="crumb current" aria-current="location">
              {crumb.label}
            </span>
          ) : (
            <button className="link-button crumb" onClick={() => onNavigate(crumb.to)}>
              {crumb.label}
            </button>
          )}
        </span>
      ))}
    </nav>
  );
}

function NodeDetails({ node, layers, imageBytes }: { node: TreemapNode; layers: AnalyzedLayer[]; imageBytes: number }) {
  const layer = layers[node.layer];
  return (
    <>
      <div className="chart-tooltip-title">{node.kind === 'layer' ? node.name : node.kind === 'more' ? `${node.path} · ${node.name}` : node.path}</div>
      <div>
        {formatBytes(node.bytes)} · {shareText(node.bytes, imageBytes)} of the image
        {node.fileCount > 1 && ` · ${node.fileCount.toLocaleString()} files`}
      </div>
      <div className="muted">
        {statusNames[node.status]}
        {node.category && ` · ${categoryNames[node.category]}`}
      </div>
      {layer && (
        <div>
          Layer {layer.index}: <code>{layer.instruction.length > 160 ? `${layer.instruction.slice(0, 159)}…` : layer.instruction}</code>
        </div>
      )}
    </>
  );
}

export function ImageTreemap({ imageId, layers, location, onNavigate, colorBy, onColorByChange }: Props) {
  const client = useClient();
  const key = `${location.layer ?? ''}|${location.scope}|${location.path}`;
  const [result, setResult] = useState<{ key: string; answer?: TreemapAnswer; error?: ApiErrorData }>();
  const [width, setWidth] = useState(0);
  const [focusIndex, setFocusIndex] = useState(0);
  const [hover, setHover] = useState<{ id: string; x: number; y: number }>();
  const [boxFocused, setBoxFocused] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const requested = useRef<string>('');
  // The last answer stays on screen until the next one arrives: no blank frame, no layout jump.
  const [answer, setAnswer] = useState<TreemapAnswer>();
  const error = result?.key === key ? result.error : undefined;
  const loading = result?.key !== key;

  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => setWidth(element.clientWidth);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    requested.current = key;
    performance.mark('layerlens:treemap-request');
    client.getTreemap(imageId, { layer: location.layer, scope: location.scope, path: location.path, maxNodes }).then(
      (next) => {
        if (requested.current !== key) return;
        setResult({ key, answer: next });
        setAnswer(next);
        setFocusIndex(0);
        setHover(undefined);
      },
      (failure: unknown) => {
        if (requested.current === key) setResult({ key, error: toErrorData(failure) });
      },
    );
  }, [client, imageId, key, location.layer, location.scope, location.path]);

  // Marks for the benchmark: the frame after a treemap answer has been drawn.
  useEffect(() => {
    if (!answer) return;
    // rAF runs before the frame is painted; a task queued from it runs after.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => performance.mark('layerlens:treemap-painted', { detail: { path: answer.path, layer: answer.layer } }));
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [answer]);

  const index = useMemo(() => (answer ? indexNodes(answer.root) : new Map() as Indexed), [answer]);
  const groups = useMemo(() => answer?.root.children ?? [], [answer]);
  const focused = groups[Math.min(focusIndex, groups.length - 1)];

  const drill = useCallback(
    (id: string) => {
      const hit = index.get(id);
      if (!hit) return;
      const target = drillTarget(location, hit.node, hit.parent && hit.parent.id !== answer?.root.id ? hit.parent : undefined);
      if (target) onNavigate(target);
    },
    [index, location, onNavigate, answer],
  );

  const onHover = useCallback((id: string | undefined, x: number, y: number) => setHover(id ? { id, x, y } : undefined), []);

  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (groups.length === 0) return;
    const move = (delta: number) => {
      event.preventDefault();
      setFocusIndex((i) => Math.max(0, Math.min(groups.length - 1, i + delta)));
    };
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') move(1);
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') move(-1);
    else if (event.key === 'Home') move(-groups.length);
    else if (event.key === 'End') move(groups.length);
    else if (event.key === 'Enter' && focused) {
      event.preventDefault();
      drill(focused.id);
    }
  };

  const chart = useMemo(
    () =>
      answer && width > 0 ? (
        <TreemapChart data={groups} width={width} colorBy={colorBy} focusedId={boxFocused ? focused?.id : undefined} onClickNode={drill} onHover={onHover} />
      ) : null,
    [answer, groups, width, colorBy, boxFocused, focused?.id, drill, onHover],
  );

  const hovered = hover ? index.get(hover.id)?.node : undefined;
  const detailNode = hovered ?? focused;

  return (
    <div className="treemap-panel" data-testid="treemap">
      <div className="treemap-toolbar">
        <Breadcrumb location={location} onNavigate={onNavigate} />
        <label className="inline-field">
          Colour by
          <select value={colorBy} onChange={(event) => onColorByChange(event.target.value as ColorBy)} data-testid="color-by">
            <option value="layer">layer</option>
            <option value="status">status</option>
            <option value="category">finding</option>
          </select>
        </label>
      </div>
      <div
        className={loading ? 'treemap-box loading' : 'treemap-box'}
        ref={box}
        style={{ height: chartHeight }}
        tabIndex={0}
        role="group"
        aria-label="Treemap: arrows move between rectangles, Enter opens, Backspace goes up"
        data-testid="treemap-box"
        data-path={answer?.path}
        data-layer={answer?.layer ?? ''}
        data-ready={answer && !loading ? 'true' : 'false'}
        onKeyDown={onKey}
        onFocus={() => setBoxFocused(true)}
        onBlur={() => setBoxFocused(false)}
      >
        {chart}
        {answer && groups.length === 0 && <p className="muted treemap-empty">Nothing stored here.</p>}
        {error && <p className="inline-error treemap-empty">Could not draw the treemap: {error.message}</p>}
        {hover && hovered && (
          <div className="chart-tooltip treemap-tooltip" style={{ left: hover.x + 14, top: hover.y + 14 }} data-testid="treemap-tooltip">
            <NodeDetails node={hovered} layers={layers} imageBytes={answer?.imageBytes ?? 0} />
          </div>
        )}
      </div>
      <div className="treemap-details" data-testid="treemap-details">
        {detailNode && answer ? (
          <span>
            <strong>{detailNode.kind === 'layer' ? detailNode.name : detailNode.kind === 'more' ? detailNode.name : detailNode.path}</strong> ·{' '}
            {formatBytes(detailNode.bytes)} · {shareText(detailNode.bytes, answer.imageBytes)} · layer {detailNode.layer}
            {detailNode.category && ` · ${categoryNames[detailNode.category]}`}
          </span>
        ) : (
          <span className="muted">Loading…</span>
        )}
      </div>
      <Legend colorBy={colorBy} answer={answer} layers={layers} />
    </div>
  );
}
