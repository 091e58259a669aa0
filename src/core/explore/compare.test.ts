import { describe, expect, it } from 'vitest';
import type { AnalysisSource } from '../../shared/analysis';
import { analyzeImage } from '../analysis/analyze';
import { buildImage, dir, file, layer } from '../analysis/testing/image-builder';
import type { LoadedImage } from '../archive/model';
import { diffFindings, findingKey } from './compare';
import { ExploreService } from '../services/explore-service';

const base = [dir('/app'), file('/app/keep.js', 100), file('/app/old.js', 400), file('/app/grow.js', 1000)];
const before = buildImage([layer('ADD app /', base)], { repoTags: ['app:1'] });
const after: LoadedImage = {
  ...buildImage(
    [layer('ADD app /', [dir('/app'), file('/app/keep.js', 100), file('/app/grow.js', 3000, { hash: 'grown' }), file('/app/new.js', 50)])],
    { repoTags: ['app:2'] },
  ),
  configDigest: `sha256:${'2'.repeat(64)}`,
};

describe('compareImages', () => {
  it('gives sizes, the delta and the file diff sorted by size delta', async () => {
    const explore = new ExploreService({ restore: async () => undefined });
    const analyse = async (source: AnalysisSource) => {
      const image = source.ref === 'app:1' ? before : after;
      explore.register(image);
      return analyzeImage(image, source, { layersRead: 1, layersFromCache: 0 });
    };
    const result = await explore.compareImages({ kind: 'engine', ref: 'app:1' }, { kind: 'engine', ref: 'app:2' }, analyse);
    expect(result.a.sizeBytes).toBe(1500);
    expect(result.b.sizeBytes).toBe(3150);
    expect(result.deltaBytes).toBe(1650);
    expect(result.fileDiff.entries.map((e) => [e.path, e.change, e.delta])).toEqual([
      ['/app/grow.js', 'changed', 2000],
      ['/app/old.js', 'removed', -400],
      ['/app/new.js', 'added', 50],
    ]);
    expect(result.files).toMatchObject({ added: 1, removed: 1, changed: 1, addedBytes: 50, removedBytes: 400, changedBytes: 2000 });
    const removed = await explore.getFileDiff(result.a.id, result.b.id, { change: 'removed' });
    expect(removed.entries.map((e) => e.path)).toEqual(['/app/old.js']);
    const filtered = await explore.getFileDiff(result.a.id, result.b.id, { filter: 'new' });
    expect(filtered.total).toBe(1);
  });

  it('matches findings across images with their numbers masked', () => {
    const finding = (title: string, bytes: number) => ({
      category: 'package-cache' as const,
      title,
      bytes,
      layerIndex: 1,
      instruction: '',
      files: [],
      fileCount: 0,
      fix: '',
    });
    expect(findingKey(finding('npm cache left in layer 3', 1))).toBe(findingKey(finding('npm cache left in layer 5', 2)));
    const diff = diffFindings(
      [finding('npm cache left in layer 3', 10), finding('apt lists left in layer 2', 5)],
      [finding('npm cache left in layer 4', 10)],
    );
    expect(diff.disappeared.map((f) => f.title)).toEqual(['apt lists left in layer 2']);
    expect(diff.appeared).toEqual([]);
    expect(diff.persisting).toHaveLength(1);
  });
});
