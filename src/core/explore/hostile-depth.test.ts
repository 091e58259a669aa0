/**
 * Hostile input: a directory chain deeper than any call stack (10 000 and 50 000 levels), deleted from
 * its top by a later layer. Nothing walks image paths by recursion, so the analysis, the explorer's views,
 * a comparison and the report all complete (they used to fail with "Maximum call stack size exceeded").
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { chainPath, imageFromLayerTars, layerTar, paxPathMember, rawNameMember } from '../../../test/hostile-layers';
import { rawTarMember } from '../archive/test-support';
import { analyzeImage } from '../analysis/analyze';
import { diveEfficiency } from '../analysis/efficiency';
import { reportHtml } from '../report/html';
import { reportMarkdown } from '../report/markdown';
import { buildSizeReport } from '../report/report-model';
import { buildTreemap, finalFiles } from '../report/treemap';
import { ExploreService } from '../services/explore-service';

const source = { kind: 'archive', ref: '/tmp/deep.tar' } as const;
const cacheStats = { layersRead: 2, layersFromCache: 0 };
// Each takes a second or two; the margin is for a loaded machine.
const slow = { timeout: 30_000 };

/** Layer 0: a file at the bottom of the chain (directories every 1000 levels written, the rest implied). */
function deepLayer(depth: number): Buffer {
  const dirs = [];
  for (let level = 1000; level < depth; level += 1000) dirs.push(paxPathMember(Buffer.from(`${chainPath(level)}/`), '', { type: '5' }));
  return layerTar(
    rawTarMember({ name: 'd/', type: '5' }),
    ...dirs,
    paxPathMember(Buffer.from(`${chainPath(depth)}/bottom.bin`), 'x'.repeat(5000)),
    rawTarMember({ name: 'top.txt' }, 'top'),
  );
}

/** Layer 1: deletes the chain from its top and adds a file. */
const deleteLayer = layerTar(rawNameMember(Buffer.from('.wh.d')), rawTarMember({ name: 'after.txt' }, 'after'));

/** The chain alone, and deleted by a later layer: two images to compare. */
async function deepImages(depth: number) {
  const layer = deepLayer(depth);
  const kept = { ...(await imageFromLayerTars([layer])), configDigest: `sha256:${'a'.repeat(64)}` };
  const deleted = { ...(await imageFromLayerTars([layer, deleteLayer])), configDigest: `sha256:${'b'.repeat(64)}` };
  return { kept, deleted };
}

describe.each([10_000, 50_000])('a directory chain %i levels deep', (depth) => {
  const bottom = `/${chainPath(depth)}`;
  let images: Awaited<ReturnType<typeof deepImages>>;
  beforeAll(async () => {
    images = await deepImages(depth);
  }, slow.timeout);

  it('is analysed: layers, deletion, true waste, dive efficiency', slow, async () => {
    const { kept, deleted } = images;
    const analysis = analyzeImage(deleted, source, cacheStats);
    expect(analysis.layers.map((l) => [l.fileCount, l.removed])).toEqual([
      [depth / 1000 + 2, 0],
      [1, 1],
    ]);
    // The whole chain is gone: its file is stored but hidden.
    expect(analysis.wastedBytes).toBe(5000);
    expect(analyzeImage(kept, source, cacheStats).wastedBytes).toBe(0);
    // dive sizes the whiteout from the subtree it deletes; a file written at /d afterwards sees the path again.
    const rewritten = await imageFromLayerTars([deepLayer(depth), deleteLayer, layerTar(rawTarMember({ name: 'd' }, 'file now'))]);
    expect(diveEfficiency(rewritten.layers).inefficientFiles).toEqual([{ path: '/d', cumulativeBytes: 5000 + 8, layers: [1, 2] }]);
  });

  it('is explored: layer and stacked trees, treemaps, listings, search, and a comparison of both images', slow, async () => {
    const { kept, deleted } = images;
    const explore = new ExploreService({ restore: async () => undefined });
    explore.register(kept);
    explore.register(deleted);
    const treemap = await explore.getTreemap(deleted.configDigest, { layer: 0, scope: 'layer', path: bottom });
    expect(treemap.root).toMatchObject({ path: bottom, bytes: 5000 });
    expect((await explore.getTreemap(deleted.configDigest)).root.bytes).toBe(5000 + 3 + 5);
    const aggregated = await explore.listDirectory(deleted.configDigest, { layer: 1, path: '/' });
    expect(aggregated.entries.map((e) => [e.name, e.status])).toEqual([
      ['d', 'removed'],
      ['after.txt', 'added'],
      ['top.txt', 'unmodified'],
    ]);
    expect((await explore.listDirectory(kept.configDigest, { path: '/d' })).entries).toMatchObject([{ name: 'd', bytes: 5000, fileCount: 1 }]);
    expect((await explore.searchFiles(kept.configDigest, { query: 'bottom.bin' })).matches.map((m) => m.path)).toEqual([`${bottom}/bottom.bin`]);
    const diff = await explore.getFileDiff(kept.configDigest, deleted.configDigest);
    expect(diff.entries.map((e) => [e.path, e.change])).toEqual([
      [`${bottom}/bottom.bin`, 'removed'],
      ['/after.txt', 'added'],
    ]);
  });

  it('is reported: the treemap, the report model and its renderings', slow, async () => {
    const { kept, deleted } = images;
    const sections = [kept, deleted].map((image) => ({
      analysis: analyzeImage(image, source, cacheStats),
      treemap: buildTreemap(finalFiles(image)),
    }));
    expect(sections[0].treemap.rects.map((r) => [r.path, r.bytes])).toEqual([
      [`${bottom}/bottom.bin`, 5000],
      ['/top.txt', 3],
    ]);
    const report = buildSizeReport({ id: 'deep', subjects: sections, generatedAt: new Date(0), version: '0.0.0' });
    expect(report.images.map((image) => [image.sizes.sizeBytes, image.sizes.trueWasteBytes])).toEqual([
      [5003, 0],
      [5008, 5000],
    ]);
    expect(reportMarkdown(report)).toContain('Size report');
    expect(reportHtml(report)).toContain('<svg');
  });
});
