/**
 * Hostile input: names are bytes. Three files whose names differ only in bytes that are not UTF-8
 * are three files (as Docker extracts them), and a whiteout names the one file whose bytes it repeats.
 */
import { describe, expect, it } from 'vitest';
import { imageFromLayerTars, layerTar, paxPathMember, rawNameMember } from '../../../test/hostile-layers';
import { analyzeImage } from './analyze';
import { replayImage } from './replay';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => Buffer.from(p as string)));
const megabyte = Buffer.alloc(1024 * 1024, 0x61);

async function hostileImage() {
  return imageFromLayerTars([
    layerTar(
      rawNameMember(bytes('a', [0xff]), 'one'),
      rawNameMember(bytes('a', [0xfe]), 'two'),
      rawNameMember(bytes('a\uFFFD'), 'three'),
      rawNameMember(bytes('big', [0xff]), megabyte),
      // Go keeps a PAX path's bytes too.
      paxPathMember(bytes('pax', [0xff], '/file'), 'four'),
      paxPathMember(bytes('pax', [0xfe], '/file'), 'five'),
    ),
    layerTar(
      // Deletes a file that is not there (its last byte differs from the big file's)…
      rawNameMember(bytes('.wh.big', [0xfe])),
      // …and, through an escaped name, exactly one of the three "a" files, and one PAX directory.
      rawNameMember(bytes('.wh.a', [0xfe])),
      rawNameMember(bytes('.wh.pax', [0xfe])),
    ),
  ]);
}

describe('an image whose names are not UTF-8', () => {
  it('shows every distinct name, escaped, and deletes only what a whiteout names byte for byte', async () => {
    const image = await hostileImage();
    expect(image.layers[0].index.entries.map((e) => e.path)).toEqual([
      '/a\\xff',
      '/a\\xfe',
      '/a\uFFFD',
      '/big\\xff',
      '/pax\\xff/file',
      '/pax\\xfe/file',
    ]);
    expect(image.layers[1].index.entries.map((e) => [e.path, e.whiteout])).toEqual([
      ['/big\\xfe', true],
      ['/a\\xfe', true],
      ['/pax\\xfe', true],
    ]);
    const final = [...replayImage(image).final.nodes.keys()].sort();
    expect(final).toEqual(['/a\\xff', '/a\uFFFD', '/big\\xff', '/pax\\xff/file']);

    const analysis = analyzeImage(image, { kind: 'archive', ref: '/tmp/hostile.tar' }, { layersRead: 2, layersFromCache: 0 });
    expect(analysis.layers.map((l) => [l.fileCount, l.added, l.removed])).toEqual([
      [6, 6, 0],
      [0, 0, 2],
    ]);
    // Hidden: "two" and "five" (3 + 4 bytes), never the 1 MB file.
    expect(analysis.wastedBytes).toBe(7);
    expect(analysis.layers[0].wastedBytes).toBe(7);
    expect(analysis.inefficientFiles.map((f) => f.path)).not.toContain('/big\\xff');
    expect(analysis.findings.filter((f) => f.files.some((file) => file.path.startsWith('/big')))).toEqual([]);
  });
});
