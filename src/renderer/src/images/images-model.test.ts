import { describe, expect, it } from 'vitest';
import type { ImageFacts, ImageSummary } from '../../../shared/contract';
import { defaultListView, pickerImages, pickerName, pickerUntaggedHidden, removalRefs, visibleImages } from './images-model';

const image = (id: string, tags: string[], sizeBytes: number, created = 0): ImageSummary => ({
  id: `sha256:${id.padEnd(64, '0')}`,
  repoTags: tags,
  repoDigests: [],
  created,
  sizeBytes,
  dangling: tags.length === 0,
  containers: 0,
});

const app = image('a1', ['app:1'], 300);
const node = image('b2', ['node:18'], 1000);
const loose = image('c3', [], 500);
const facts = new Map<string, ImageFacts>([
  [app.id, { id: app.id, base: null, ownBytes: 60, sharedBytes: 240, potentialSavingBytes: 50 }],
  [node.id, { id: node.id, base: null, ownBytes: 10, sharedBytes: 990, potentialSavingBytes: null }],
]);

describe('the images list', () => {
  it('hides the dangling images when asked, and keeps them otherwise', () => {
    expect(visibleImages([app, node, loose], defaultListView).map((i) => i.id)).toEqual([node.id, loose.id, app.id]);
    expect(visibleImages([app, node, loose], { ...defaultListView, hideDangling: true }).map((i) => i.id)).toEqual([node.id, app.id]);
  });

  it('sorts by own bytes and by potential saving, images without figures last', () => {
    expect(visibleImages([app, node, loose], { ...defaultListView, sort: 'own' }, facts).map((i) => i.id)).toEqual([app.id, node.id, loose.id]);
    expect(visibleImages([app, node, loose], { ...defaultListView, sort: 'saving' }, facts)[0]).toBe(app);
  });

  it('removes a row by all its tags, or by id when it has none', () => {
    expect(removalRefs(image('d4', ['x:1', 'x:latest'], 1))).toEqual(['x:1', 'x:latest']);
    expect(removalRefs(loose)).toEqual([loose.id]);
  });

  it('lets the picker search by name or id, named images first, never the image itself', () => {
    // Nothing typed: the named images only, and how many untagged ones wait for a search.
    expect(pickerImages([loose, node, app], '', new Set([app.id])).map(pickerName)).toEqual(['node:18']);
    expect(pickerUntaggedHidden([loose, node, app], '', new Set([app.id]))).toBe(1);
    expect(pickerUntaggedHidden([loose, node, app], 'c3', new Set([app.id]))).toBe(0);
    expect(pickerImages([loose, node, app], '0', new Set([app.id])).map(pickerName)).toEqual(['node:18', 'untagged c30000000000']);
    expect(pickerImages([loose, node, app], 'untagged', new Set()).map((i) => i.id)).toEqual([loose.id]);
    expect(pickerImages([loose, node, app], 'b20', new Set()).map((i) => i.id)).toEqual([node.id]);
  });
});
