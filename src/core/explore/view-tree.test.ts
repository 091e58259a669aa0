/**
 * The columnar view trees against a plain reference (a Map of node objects, totals summed deepest first),
 * on random layer stacks whose paths collide; the stack at the top layer made from the final view
 * (`onlyLayer`) against the same view built from its entries; and the file diff read from final views
 * against the diff read from merged filesystems.
 */
import { describe, expect, it } from 'vitest';
import type { FileChange } from '../../shared/analysis';
import type { EntryTable } from '../archive/entry-table';
import { stackLayers, type MergedFs } from '../analysis/file-tree';
import { fileChanges } from '../analysis/file-status';
import { baseName, compareCodePoints, parentOf } from '../analysis/paths';
import { dir, file, layer, buildImage, whiteout } from '../analysis/testing/image-builder';
import { imageOf, randomLayers, randomSeeds } from '../analysis/testing/random-stacks';
import { diffFilesystems } from './compare';
import { computeImageFacts, unmodifiedCode, type ImageFacts } from './image-facts';
import { aggregatedViewTree, layerViewTree } from './view-tree-builder';
import { rootId, type ViewTree } from './view-tree';

interface RefNode {
  path: string;
  kind: string;
  layer: number;
  status: FileChange;
  wasted: boolean;
  removed: boolean;
  size: number;
  bytes: number;
  files: number;
  changed: number;
  children: RefNode[];
}

/** A view by the rules stated plainly: the rows in order (the last at a path wins), then the deletions. */
function referenceView(facts: ImageFacts, rows: [table: EntryTable, row: number, layer: number][], viewLayer?: number): Map<string, RefNode> {
  const nodes = new Map<string, RefNode>();
  const node = (path: string): RefNode => {
    let found = nodes.get(path);
    if (!found) {
      found = {
        path,
        kind: 'dir',
        layer: -1,
        status: 'unmodified',
        wasted: false,
        removed: false,
        size: 0,
        bytes: 0,
        files: 0,
        changed: 0,
        children: [],
      };
      nodes.set(path, found);
      if (path !== '/') node(parentOf(path) || '/').children.push(found);
    }
    return found;
  };
  node('/');
  for (const [table, row, rowLayer] of rows) {
    const n = node(table.path(row));
    const own = viewLayer === undefined || rowLayer === viewLayer;
    Object.assign(n, {
      kind: table.type(row),
      layer: rowLayer,
      status: fileChanges[own ? facts.statuses[rowLayer][row] : unmodifiedCode],
      wasted: facts.hidden[rowLayer][row] === 1,
      size: table.type(row) === 'dir' ? 0 : table.size(row),
    });
  }
  for (const gone of viewLayer === undefined ? [] : facts.removed[viewLayer]) {
    if (nodes.has(gone.path)) continue;
    Object.assign(node(gone.path), { kind: gone.entry.type, layer: viewLayer, status: 'removed', removed: true, size: gone.bytes });
  }
  const depth = (path: string) => (path === '/' ? 0 : path.split('/').length);
  const deepestFirst = [...nodes.values()].sort((a, b) => depth(b.path) - depth(a.path));
  for (const n of deepestFirst) {
    n.changed = n.status === 'unmodified' ? 0 : 1;
    if (n.children.length === 0 && n.path !== '/') {
      n.bytes = n.size;
      n.files = n.removed || n.kind === 'dir' ? 0 : 1;
      continue;
    }
    for (const child of n.children) {
      n.changed += child.changed;
      if (child.removed) continue;
      n.bytes += child.bytes;
      n.files += child.files;
    }
    n.children.sort((a, b) => b.bytes - a.bytes || compareCodePoints(baseName(a.path), baseName(b.path)));
  }
  return nodes;
}

function rowsOf(fs: MergedFs): [EntryTable, number, number][] {
  const rows: [EntryTable, number, number][] = [];
  fs.forEachRow((table, row, rowLayer) => rows.push([table, row, rowLayer]));
  return rows;
}

function expectSameView(tree: ViewTree, reference: Map<string, RefNode>, label: string): void {
  expect(tree.count, label).toBe(reference.size);
  for (let id = 0; id < tree.count; id++) {
    const ref = reference.get(tree.path(id));
    expect(ref, `${label} ${tree.path(id)}`).toBeDefined();
    const actual = {
      kind: tree.kind(id),
      status: tree.status(id),
      wasted: tree.wasted(id),
      removed: tree.removed(id),
      bytes: tree.bytes(id),
      files: tree.files(id),
      changed: tree.changed(id),
      children: Array.from(tree.children(id), (child) => tree.path(child)),
      ...(ref!.layer >= 0 ? { layer: tree.layer(id) } : {}),
    };
    const { kind, status, wasted, removed, bytes, files, changed } = ref!;
    const expected = {
      kind,
      status,
      wasted,
      removed,
      bytes,
      files,
      changed,
      children: ref!.children.map((c) => c.path),
      ...(ref!.layer >= 0 ? { layer: ref!.layer } : {}),
    };
    expect(actual, `${label} ${tree.path(id)}`).toEqual(expected);
    if (tree.childCount(id) === 0 && id !== rootId) {
      expect(tree.paintStatus(id), `${label} ${tree.path(id)}`).toBe(wasted ? 'wasted' : removed ? 'unmodified' : status);
    }
  }
}

/** Every accessor of every node, for two trees built from the same rows. */
function snapshot(tree: ViewTree): unknown[] {
  return Array.from({ length: tree.count }, (_, id) => [
    tree.path(id),
    tree.kind(id),
    tree.bytes(id),
    tree.files(id),
    tree.changed(id),
    tree.layer(id),
    tree.status(id),
    tree.wasted(id),
    tree.removed(id),
    tree.paintLayer(id),
    tree.paintStatus(id),
    tree.paintCategory(id),
    Array.from(tree.children(id)),
  ]);
}

describe('view trees', () => {
  it('match the plain reference: the final filesystem, each layer, and each stack', () => {
    for (const seed of randomSeeds) {
      const image = imageOf(randomLayers(seed));
      const { facts, final } = computeImageFacts(image);
      expectSameView(aggregatedViewTree(facts, final, final.nodes.size), referenceView(facts, rowsOf(final)), `seed ${seed} final`);
      image.layers.forEach((_, index) => {
        const { table, rows } = facts.layerChanges[index].entries;
        const layerRows = Array.from(rows, (row): [EntryTable, number, number] => [table, row, index]);
        expectSameView(layerViewTree(facts, index), referenceView(facts, layerRows, index), `seed ${seed} layer ${index}`);
        const stack = stackLayers(image.layers, index);
        expectSameView(aggregatedViewTree(facts, stack, 0, index), referenceView(facts, rowsOf(stack), index), `seed ${seed} stack ${index}`);
      });
    }
  });

  it('make the stack at a top layer that deletes nothing from the final view, as if built from its entries', () => {
    let shared = 0;
    for (const seed of randomSeeds) {
      const image = imageOf(randomLayers(seed));
      const { facts, final } = computeImageFacts(image);
      const top = image.layers.length - 1;
      if (facts.removed[top].length > 0) continue;
      const finalView = aggregatedViewTree(facts, final, final.nodes.size);
      const derived = finalView.onlyLayer(top);
      expect(snapshot(derived), `seed ${seed}`).toEqual(snapshot(aggregatedViewTree(facts, finalView, finalView.count, top)));
      if (finalView.count > 1) expect(derived.weight).toBeLessThan(finalView.count);
      shared += 1;
    }
    expect(shared).toBeGreaterThan(100);
  });

  it('paint the top layer only in that stack: entries of lower layers are unmodified there', () => {
    const image = buildImage([layer('base', [dir('/a'), file('/a/old', 10)]), layer('app', [file('/a/new', 30)])]);
    const { facts, final } = computeImageFacts(image);
    const stack = aggregatedViewTree(facts, final, final.nodes.size).onlyLayer(1);
    const at = (path: string) => stack.find(path)!;
    expect([stack.status(at('/a/old')), stack.status(at('/a/new')), stack.changed(at('/a')), stack.paintStatus(at('/a'))]).toEqual([
      'unmodified',
      'added',
      1,
      'added',
    ]);
  });

  it('give the file diff of two final views as of two merged filesystems', () => {
    for (const [i, seed] of randomSeeds.slice(1).entries()) {
      const [a, b] = [imageOf(randomLayers(randomSeeds[i])), imageOf(randomLayers(seed))].map((image) => computeImageFacts(image));
      const [viewA, viewB] = [a, b].map(({ facts, final }) => aggregatedViewTree(facts, final, final.nodes.size));
      expect(diffFilesystems(viewA, viewB), `seeds ${randomSeeds[i]}, ${seed}`).toEqual(diffFilesystems(a.final, b.final));
    }
  });

  it('show a deletion with the bytes it removed, outside its parent total', () => {
    const image = buildImage([layer('base', [dir('/a'), file('/a/big', 500), file('/a/keep', 7)]), layer('rm', [whiteout('/a/big')])]);
    const { facts } = computeImageFacts(image);
    const view = layerViewTree(facts, 1);
    const gone = view.find('/a/big')!;
    expect([view.removed(gone), view.bytes(gone), view.status(gone), view.bytes(view.find('/a')!), view.changed(rootId)]).toEqual([
      true,
      500,
      'removed',
      0,
      1,
    ]);
  });
});
