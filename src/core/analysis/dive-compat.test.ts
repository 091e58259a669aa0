/**
 * dive's own test image (test-docker-image.tar, built from dive's Dockerfile.test-image; found through
 * test/dive-fixtures.ts) read by the archive reader: dive's published figures, exactly.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeWithDiveArchives, diveArchive } from '../../../test/dive-fixtures';
import { readImageArchiveFile } from '../archive/archive-reader';
import type { LoadedImage } from '../archive/model';
import type { ImageAnalysis } from '../../shared/analysis';
import { analyzeImage } from './analyze';

const fixture = diveArchive('test-docker-image.tar');

describeWithDiveArchives('dive compatibility on test-docker-image.tar', () => {
  let image: LoadedImage;
  let analysis: ImageAnalysis;
  beforeAll(async () => {
    image = await readImageArchiveFile(fixture);
    analysis = analyzeImage(image, { kind: 'archive', ref: fixture }, { layersRead: image.layers.length, layersFromCache: 0 });
  });

  it("reproduces dive's five figures exactly", () => {
    expect(analysis.efficiency).toBe(0.9844212134184309);
    expect(analysis.dive.efficiency).toBe(0.9844212134184309);
    expect(analysis.sizeBytes).toBe(1220598);
    expect(analysis.userSizeBytes).toBe(66237);
    expect(analysis.dive.wastedBytes).toBe(32025);
    expect(analysis.dive.userWastedPercent).toBe(0.4834911001404049);
  });

  it("lists dive's inefficient paths", () => {
    expect(analysis.inefficientFiles).toEqual([
      { path: '/root/example/somefile1.txt', cumulativeBytes: 12810, layers: [3, 4] },
      { path: '/root/saved.txt', cumulativeBytes: 12810, layers: [7, 13] },
      { path: '/root/example/somefile3.txt', cumulativeBytes: 6405, layers: [6, 7] },
    ]);
  });

  it('maps history to the 14 layers', () => {
    expect(analysis.layers).toHaveLength(14);
    expect(analysis.layers[4].instruction).toBe('RUN chmod 444 /root/example/somefile1.txt');
    expect(analysis.layers[13].instruction).toBe('RUN chmod +x /root/saved.txt');
  });

  it('counts true waste once per stored copy, and visible + waste = Σ layer sizes', () => {
    const copy = 6405; // README.md, copied around by the Dockerfile
    // Stored and hidden: somefile1 (layers 3 and 4), somefile2 (5), somefile3 (6), saved.txt before chmod +x (7).
    expect(analysis.layers.map((layer) => layer.wastedBytes)).toEqual([0, 0, 0, copy, copy, copy, copy, copy, 0, 0, 0, 0, 0, 0]);
    expect(analysis.wastedBytes).toBe(5 * copy);
    const visible = 1220598 - analysis.wastedBytes;
    let finalBytes = 0;
    const seen = new Map<string, number>();
    for (const layer of image.layers) {
      for (const entry of layer.index.entries) {
        if (entry.whiteout || entry.opaque) {
          for (const key of [...seen.keys()]) if (key === entry.path || key.startsWith(`${entry.path}/`)) seen.delete(key);
        } else seen.set(entry.path, entry.size);
      }
    }
    for (const size of seen.values()) finalBytes += size;
    expect(finalBytes).toBe(visible);
  });

  it('reports the chmod layers as permission rewrites and rm -rf as hiding earlier layers', () => {
    const rewrites = analysis.findings.filter((finding) => finding.category === 'permission-rewrite');
    expect(rewrites.map((finding) => [finding.layerIndex, finding.instruction, finding.bytes, finding.files.map((file) => file.path)])).toEqual([
      [4, 'RUN chmod 444 /root/example/somefile1.txt', 6405, ['/root/example/somefile1.txt']],
      [13, 'RUN chmod +x /root/saved.txt', 6405, ['/root/saved.txt']],
    ]);
    const hidden = analysis.findings.filter((finding) => finding.category === 'hidden-by-later-layer');
    const byRm = hidden.filter((finding) => finding.fix.includes('RUN rm -rf /root/example/'));
    expect(byRm.map((finding) => [finding.layerIndex, finding.files.map((file) => file.path)])).toEqual([
      [4, ['/root/example/somefile1.txt']],
      [5, ['/root/example/somefile2.txt']],
    ]);
    expect(hidden.find((finding) => finding.layerIndex === 6)?.fix).toContain('RUN mv /root/example/somefile3.txt /root/saved.txt');
  });

  it('finds the copies of README.md as duplicates and sums savings without double counting', () => {
    expect(analysis.duplicates.groups).toHaveLength(1);
    expect(analysis.duplicates.groups[0].paths).toEqual([
      '/root/.data/saved.again2.txt',
      '/root/.saved.txt',
      '/root/saved.txt',
      '/somefile.txt',
      '/tmp/saved.again1.txt',
    ]);
    expect(analysis.duplicates.wastedBytes).toBe(4 * 6405);
    const byCategory = analysis.findings.reduce((sum, finding) => sum + finding.bytes, 0);
    expect(analysis.potentialSavingBytes).toBe(analysis.wastedBytes + analysis.duplicates.wastedBytes);
    expect(analysis.potentialSavingBytes).toBeLessThanOrEqual(byCategory);
  });

  it('describes busybox as the attack surface', () => {
    expect(analysis.attackSurface.runsAsRoot).toBe(true);
    expect(analysis.attackSurface.shells).toEqual(expect.arrayContaining(['/bin/sh', '/bin/busybox']));
    expect(analysis.attackSurface.fileCount).toBeGreaterThan(400);
  });
});
