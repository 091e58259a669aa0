/**
 * The report's treemap: the final filesystem aggregated into at most a few hundred rectangles and laid out
 * with the squarified algorithm (Bruls, Huizing, van Wijk 2000). Computed once in core, so the picture is
 * the same in the app, the PDF, the HTML and the Markdown.
 *
 * Aggregation: start from "/" and repeatedly open the largest directory shown, replacing it by its
 * children, while the rectangle budget allows; children too small to see (or beyond the budget) are
 * merged into one "rest" rectangle of their directory.
 */
import { MergedFs, stackLayers } from '../analysis/file-tree';
import type { LoadedImage } from '../archive/model';
import type { ReportTreemap, ReportTreemapGroup, ReportTreemapRect } from '../../shared/report';
import { formatBytes } from '../../shared/format';

export interface TreemapFile {
  path: string;
  bytes: number;
}

export interface TreemapOptions {
  /** Most rectangles to draw (default 300). */
  maxRects?: number;
  width?: number;
  height?: number;
}

interface TreeNode {
  name: string;
  /** Absent for the root. Paths are made only for what is drawn: a chain of deep directories would repeat its prefix. */
  parent?: TreeNode;
  bytes: number;
  files: number;
  children?: Map<string, TreeNode>;
  /** The nodes drawn inside this one once it is opened. */
  shown?: ShownNode[];
}

type ShownNode = { kind: 'node'; node: TreeNode } | { kind: 'rest'; parent: TreeNode; bytes: number; files: number };

export const treemapPalette = ['#a6cee3', '#b2df8a', '#fdbf6f', '#cab2d6', '#fb9a99', '#8dd3c7', '#ffffb3', '#bebada', '#80b1d3', '#fccde5'] as const;
const restFill = '#e3e6ea';
const otherGroupFill = '#d9d9d9';
const groupStroke = '#3c4350';
const headerHeight = 14;
const groupPadding = 1.5;

function pathOf(node: TreeNode): string {
  if (!node.parent) return '/';
  const names: string[] = [];
  for (let at: TreeNode | undefined = node; at?.parent; at = at.parent) names.push(at.name);
  return `/${names.reverse().join('/')}`;
}

/** The directory tree of the files, with byte and file totals per directory. */
export function fileTree(files: Iterable<TreemapFile>): TreeNode {
  const root: TreeNode = { name: '/', bytes: 0, files: 0, children: new Map() };
  for (const file of files) {
    if (!(file.bytes > 0)) continue;
    const parts = file.path.split('/').filter((p) => p !== '');
    let node = root;
    node.bytes += file.bytes;
    node.files += 1;
    for (let i = 0; i < parts.length; i++) {
      node.children ??= new Map();
      let child = node.children.get(parts[i]);
      if (!child) {
        child = { name: parts[i], parent: node, bytes: 0, files: 0 };
        node.children.set(parts[i], child);
      }
      child.bytes += file.bytes;
      child.files += 1;
      node = child;
    }
  }
  return root;
}

/** Opens directories, largest first, until the budget of rectangles is spent. */
function aggregate(root: TreeNode, maxRects: number): void {
  const minBytes = root.bytes * 0.0002;
  let shownCount = 1;
  const open: TreeNode[] = [root];
  while (open.length > 0) {
    // The largest directory waiting to be opened (a linear scan: the list stays short).
    let best = 0;
    for (let i = 1; i < open.length; i++) if (open[i].bytes > open[best].bytes) best = i;
    const node = open.splice(best, 1)[0];
    const kids = [...(node.children?.values() ?? [])].sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : 1));
    const budget = maxRects - shownCount + 1; // the node's own rectangle is given back
    if (budget < 2 && kids.length > 1) continue;
    const shown: ShownNode[] = [];
    let i = 0;
    for (; i < kids.length; i++) {
      const needsRest = i < kids.length - 1;
      if (shown.length + 1 + (needsRest ? 1 : 0) > budget || kids[i].bytes < minBytes) break;
      shown.push({ kind: 'node', node: kids[i] });
    }
    if (i < kids.length) {
      const rest = kids.slice(i);
      shown.push({
        kind: 'rest',
        parent: node,
        bytes: rest.reduce((sum, k) => sum + k.bytes, 0),
        files: rest.reduce((sum, k) => sum + k.files, 0),
      });
    }
    if (shown.length === 1 && shown[0].kind === 'rest') continue; // nothing worth opening
    node.shown = shown;
    shownCount += shown.length - 1;
    for (const entry of shown) if (entry.kind === 'node' && entry.node.children) open.push(entry.node);
  }
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Squarified layout of `values` (any positive numbers) into `box`; rectangles in input order. */
export function squarify(values: number[], box: Box): Box[] {
  const total = values.reduce((sum, v) => sum + v, 0);
  const out: Box[] = values.map(() => ({ x: box.x, y: box.y, w: 0, h: 0 }));
  if (total <= 0 || box.w <= 0 || box.h <= 0) return out;
  const scale = (box.w * box.h) / total;
  const order = values.map((v, i) => ({ i, area: v * scale })).sort((a, b) => b.area - a.area || a.i - b.i);
  const free = { ...box };
  let row: typeof order = [];
  const worst = (items: typeof order, side: number) => {
    const sum = items.reduce((s, it) => s + it.area, 0);
    let max = 0;
    let min = Infinity;
    for (const it of items) {
      max = Math.max(max, it.area);
      min = Math.min(min, it.area);
    }
    if (sum <= 0 || min <= 0) return Infinity;
    return Math.max((side * side * max) / (sum * sum), (sum * sum) / (side * side * min));
  };
  const place = (items: typeof order, last: boolean) => {
    const sum = items.reduce((s, it) => s + it.area, 0);
    if (free.w >= free.h) {
      const width = last ? free.w : Math.min(free.w, sum / free.h);
      let y = free.y;
      items.forEach((it, k) => {
        const h = k === items.length - 1 ? free.y + free.h - y : (it.area / sum) * free.h;
        out[it.i] = { x: free.x, y, w: width, h };
        y += h;
      });
      free.x += width;
      free.w -= width;
    } else {
      const height = last ? free.h : Math.min(free.h, sum / free.w);
      let x = free.x;
      items.forEach((it, k) => {
        const w = k === items.length - 1 ? free.x + free.w - x : (it.area / sum) * free.w;
        out[it.i] = { x, y: free.y, w, h: height };
        x += w;
      });
      free.y += height;
      free.h -= height;
    }
  };
  for (let k = 0; k < order.length; k++) {
    const item = order[k];
    const side = Math.min(free.w, free.h);
    if (row.length === 0 || worst([...row, item], side) <= worst(row, side)) {
      row.push(item);
    } else {
      place(row, false);
      row = [item];
    }
  }
  if (row.length > 0) place(row, true);
  return out;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Text that fits a rectangle at about 6 units per character, or "". */
function fitLabel(text: string, size: string, w: number, h: number): string {
  if (w < 34 || h < 12) return '';
  const chars = Math.floor((w - 6) / 6);
  const full = `${text} ${size}`;
  if (full.length <= chars) return full;
  if (text.length <= chars) return text;
  return chars >= 6 ? `${text.slice(0, chars - 1)}…` : '';
}

/** Aggregates the files into at most `maxRects` rectangles and lays them out. */
export function buildTreemap(files: Iterable<TreemapFile>, options: TreemapOptions = {}): ReportTreemap {
  const width = options.width ?? 1000;
  const height = options.height ?? 600;
  const root = fileTree(files);
  aggregate(root, Math.max(2, options.maxRects ?? 300));
  const rects: ReportTreemapRect[] = [];
  const groups: ReportTreemapGroup[] = [];

  const addLeaf = (entry: ShownNode, box: Box, fill: string) => {
    const isRest = entry.kind === 'rest';
    const node = entry.kind === 'node' ? entry.node : entry.parent;
    const bytes = entry.kind === 'node' ? entry.node.bytes : entry.bytes;
    const files = entry.kind === 'node' ? entry.node.files : entry.files;
    const kind = isRest ? 'rest' : node.children ? 'dir' : 'file';
    const name = isRest ? `${node.name === '/' ? '/' : `${node.name}/`}… ${files} more` : kind === 'dir' ? `${node.name}/` : node.name;
    rects.push({
      x: round(box.x),
      y: round(box.y),
      w: round(box.w),
      h: round(box.h),
      path: pathOf(node),
      label: fitLabel(name, formatBytes(bytes), box.w, box.h),
      bytes,
      fileCount: files,
      kind,
      fill: isRest ? restFill : fill,
    });
  };

  /** Lays out an opened node's entries, depth first in order; an explicit stack, as opened nodes may nest deep. */
  const layout = (node: TreeNode, box: Box, fill: string) => {
    const pending: { entry: ShownNode; box: Box }[] = [{ entry: { kind: 'node', node }, box }];
    while (pending.length > 0) {
      const { entry, box: at } = pending.pop()!;
      if (entry.kind === 'node' && entry.node.shown) {
        const shown = entry.node.shown;
        const boxes = squarify(
          shown.map((e) => (e.kind === 'node' ? e.node.bytes : e.bytes)),
          at,
        );
        for (let i = shown.length - 1; i >= 0; i--) pending.push({ entry: shown[i], box: boxes[i] });
      } else addLeaf(entry, at, fill);
    }
  };

  if (root.bytes > 0) {
    if (!root.shown) {
      addLeaf({ kind: 'node', node: root }, { x: 0, y: 0, w: width, h: height }, treemapPalette[0]);
    } else {
      // Top-level entries are the groups: each has its colour, a frame and (when it fits) a header.
      const top = root.shown;
      const boxes = squarify(
        top.map((e) => (e.kind === 'node' ? e.node.bytes : e.bytes)),
        { x: 0, y: 0, w: width, h: height },
      );
      let colour = 0;
      top.forEach((entry, i) => {
        const box = boxes[i];
        const fill = entry.kind === 'rest' ? otherGroupFill : treemapPalette[colour++ % treemapPalette.length];
        if (entry.kind === 'node' && entry.node.shown) {
          const withHeader = box.h > 3 * headerHeight && box.w > 60;
          const path = pathOf(entry.node);
          const label = withHeader ? fitLabel(path, formatBytes(entry.node.bytes), box.w, headerHeight) : '';
          groups.push({
            x: round(box.x),
            y: round(box.y),
            w: round(box.w),
            h: round(box.h),
            path,
            label,
            bytes: entry.node.bytes,
            stroke: groupStroke,
          });
          const inner = {
            x: box.x + groupPadding,
            y: box.y + (label ? headerHeight : groupPadding),
            w: Math.max(0, box.w - 2 * groupPadding),
            h: Math.max(0, box.h - (label ? headerHeight : groupPadding) - groupPadding),
          };
          layout(entry.node, inner, fill);
        } else {
          addLeaf(entry, box, fill);
        }
      });
    }
  }
  return { width, height, totalBytes: root.bytes, fileCount: root.files, rects, groups };
}

/** The final filesystem's regular files, for the treemap. */
export function finalFiles(image: LoadedImage | MergedFs): { path: string; bytes: number }[] {
  const files: { path: string; bytes: number }[] = [];
  const final = image instanceof MergedFs ? image : stackLayers(image.layers);
  for (const node of final.nodes.values()) {
    if (node.entry.type === 'file' && node.entry.size > 0) files.push({ path: node.path, bytes: node.entry.size });
  }
  return files;
}
