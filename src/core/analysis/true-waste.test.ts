import { describe, expect, it } from 'vitest';
import { replayImage } from './replay';
import { trueWaste } from './true-waste';
import { buildImage, dir, file, hardlink, layer, opaque, whiteout } from './testing/image-builder';
import type { LoadedImage } from '../archive/model';

function check(image: LoadedImage) {
  const replay = replayImage(image);
  const waste = trueWaste(replay.hidden, image.layers.length);
  let visible = 0;
  for (const node of replay.final.nodes.values()) visible += node.entry.size;
  const stored = image.layers.reduce((sum, l) => sum + l.index.sizeBytes, 0);
  expect(visible + waste.totalBytes).toBe(stored);
  return { replay, waste };
}

describe('trueWaste', () => {
  it('counts each overwritten or deleted copy once, in the layer that stores it', () => {
    const image = buildImage([
      layer('base', [dir('/app'), file('/app/a', 100), dir('/app/tmp'), file('/app/tmp/big', 1000)]),
      layer('overwrite a', [file('/app/a', 150)]),
      layer('overwrite a again', [file('/app/a', 120)]),
      layer('rm tmp', [whiteout('/app/tmp')]),
    ]);
    const { replay, waste } = check(image);
    expect(waste.perLayer).toEqual([1100, 150, 0, 0]);
    expect(waste.totalBytes).toBe(1250);
    expect([...replay.hidden].find((h) => h.path === '/app/tmp/big')).toMatchObject({ layer: 0, hiddenBy: 3, reason: 'deleted' });
  });

  it('flags a chmod-only rewrite as metadata-only', () => {
    const image = buildImage([
      layer('copy', [file('/bin/tool', 500, { hash: 't' })]),
      layer('chmod', [file('/bin/tool', 500, { hash: 't', mode: 0o755 })]),
    ]);
    const { replay, waste } = check(image);
    expect(waste.perLayer).toEqual([500, 0]);
    expect([...replay.hidden]).toEqual([{ path: '/bin/tool', layer: 0, bytes: 500, hiddenBy: 1, reason: 'overwritten', metadataOnly: true }]);
  });

  it('handles opaque directories, file-to-dir replacement and hardlinks', () => {
    const image = buildImage([
      layer('base', [dir('/d'), file('/d/old', 30), file('/x', 7), file('/bin/busybox', 900), hardlink('/bin/sh', '/bin/busybox')]),
      layer('opaque', [dir('/d'), opaque('/d'), file('/d/new', 4)]),
      layer('x becomes a dir', [dir('/x'), file('/x/inside', 2)]),
    ]);
    const { replay, waste } = check(image);
    expect(waste.perLayer).toEqual([37, 0, 0]);
    expect(replay.final.get('/bin/sh')?.entry.type).toBe('hardlink');
    expect(replay.counts.map((c) => [c.added, c.modified, c.removed])).toEqual([
      [5, 0, 0],
      [1, 0, 1],
      [1, 1, 0],
    ]);
  });

  it('counts an in-layer duplicate path as waste too, and an empty image as none', () => {
    check(buildImage([layer('dup', [file('/f', 10), file('/f', 20)])]));
    const { waste } = check(buildImage([]));
    expect(waste).toEqual({ totalBytes: 0, perLayer: [] });
  });
});
