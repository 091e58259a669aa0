import { describe, expect, it } from 'vitest';
import { hiddenByLaterLayerFindings } from './hidden-by-later-layer';
import { contextOf } from './test-context';
import { buildImage, dir, file, layer, opaque, whiteout } from '../testing/image-builder';

describe('hiddenByLaterLayerFindings', () => {
  it('attributes deleted bytes to the layer that stored them and names the deleting layer', () => {
    const image = buildImage([
      layer('/bin/sh -c curl -o /tmp/src.tgz https://x && tar xzf /tmp/src.tgz', [
        dir('/tmp'),
        file('/tmp/src.tgz', 5000),
        dir('/tmp/src'),
        file('/tmp/src/a.c', 300),
      ]),
      layer('/bin/sh -c rm -rf /tmp/src.tgz /tmp/src', [dir('/tmp'), whiteout('/tmp/src.tgz'), whiteout('/tmp/src')]),
      layer('/bin/sh -c echo v1 > /etc/conf', [file('/etc/conf', 10, { hash: 'v1' })]),
      layer('/bin/sh -c echo v2 > /etc/conf', [file('/etc/conf', 12, { hash: 'v2' })]),
      layer('/bin/sh -c chmod 600 /etc/conf', [file('/etc/conf', 12, { hash: 'v2', mode: 0o600 })]),
      layer('opaque', [dir('/etc'), opaque('/etc')]),
    ]);
    const findings = hiddenByLaterLayerFindings(contextOf(image));
    expect(findings.map((f) => [f.layerIndex, f.title, f.bytes])).toEqual([
      [0, '2 files from layer 0 deleted by layer 1', 5300],
      [2, '1 file from layer 2 overwritten by layer 3', 10],
      [4, '1 file from layer 4 deleted by layer 5', 12],
    ]);
    expect(findings[0].instruction).toContain('curl -o /tmp/src.tgz');
    expect(findings[0].fix).toContain('Layer 1 (`RUN rm -rf /tmp/src.tgz /tmp/src`)');
  });
});
