import { describe, expect, it } from 'vitest';
import type { TreemapNode } from '../../../../shared/explore';
import { drillTarget, startPlace, statusColoursAgree, treemapRequest, treeView, upTarget, viewMeaning, type Place } from './place';

const node = (over: Partial<TreemapNode>): TreemapNode => ({
  id: 'x',
  kind: 'dir',
  name: 'usr',
  path: '/usr',
  layer: 0,
  bytes: 10,
  share: 0.1,
  fileCount: 1,
  status: 'added',
  drillable: true,
  ...over,
});

describe('the explorer place', () => {
  it('says what each scope of the switch means, each in its own words', () => {
    const meanings = [
      viewMeaning({ kind: 'image', by: 'folder' }),
      viewMeaning({ kind: 'image', by: 'layer' }),
      viewMeaning({ kind: 'up-to', layer: 3 }),
      viewMeaning({ kind: 'layer-only', layer: 3 }),
      viewMeaning({ kind: 'image', by: 'folder' }, 'own'),
    ];
    expect(new Set(meanings).size).toBe(meanings.length);
    expect(meanings[0]).toMatch(/^The final filesystem/);
    expect(meanings[2]).toContain('layers 0 to 3 stacked');
    expect(meanings[3]).toContain('Only what layer 3 stores');
    expect(meanings[4]).toContain('your build');
  });

  it('opens on the whole image by folder: the filesystem after the top layer', () => {
    expect(treemapRequest(startPlace, 'all', 7)).toEqual({ layer: 7, scope: 'aggregated', path: '/' });
    expect(treeView(startPlace.view)).toEqual({});
  });

  it('asks for the by-layer picture for "your build" and for the whole image by layer', () => {
    expect(treemapRequest(startPlace, 'own', 7)).toEqual({});
    expect(treemapRequest({ view: { kind: 'image', by: 'layer' }, path: '/' }, 'all', 7)).toEqual({});
  });

  it('maps the layer views to the core scopes', () => {
    expect(treemapRequest({ view: { kind: 'up-to', layer: 3 }, path: '/opt' }, 'all', 7)).toEqual({ layer: 3, scope: 'aggregated', path: '/opt' });
    expect(treeView({ kind: 'layer-only', layer: 2 })).toEqual({ layer: 2, scope: 'layer' });
  });

  it('a folder click stays in its view, never changing it silently', () => {
    const move = drillTarget(startPlace, 'all', node({}), undefined);
    expect(move).toEqual({ to: { view: startPlace.view, path: '/usr' } });
    // A file opens the folder that holds it.
    const file = drillTarget(
      { view: { kind: 'up-to', layer: 3 }, path: '/' },
      'all',
      node({ kind: 'file', path: '/usr/x', drillable: false }),
      node({ path: '/usr' }),
    );
    expect(file).toEqual({ to: { view: { kind: 'up-to', layer: 3 }, path: '/usr' } });
  });

  it('a layer of the by-layer picture opens that layer, and says so', () => {
    const place: Place = { view: { kind: 'image', by: 'layer' }, path: '/' };
    const move = drillTarget(place, 'all', node({ kind: 'layer', layer: 2, path: '/' }), undefined)!;
    expect(move.to).toEqual({ view: { kind: 'layer-only', layer: 2 }, path: '/' });
    expect(move.announce).toMatch(/^Now showing layer 2 only/);
    expect(drillTarget(place, 'all', node({ path: '/opt/app', layer: 3 }), node({ kind: 'layer', layer: 3 }))!.to.path).toBe('/opt/app');
  });

  it('goes up folder by folder, then back to the whole image', () => {
    const whole = { kind: 'image', by: 'folder' } as const;
    expect(upTarget({ view: { kind: 'layer-only', layer: 1 }, path: '/usr/lib' }, whole)).toEqual({
      view: { kind: 'layer-only', layer: 1 },
      path: '/usr',
    });
    expect(upTarget({ view: { kind: 'layer-only', layer: 1 }, path: '/' }, whole)).toEqual({ view: whole, path: '/' });
    expect(upTarget(startPlace, whole)).toBeUndefined();
  });

  it('offers status colours only where the treemap and the Files tab read the same statuses', () => {
    expect(statusColoursAgree(startPlace.view, 'all')).toBe(false);
    expect(statusColoursAgree(startPlace.view, 'own')).toBe(true);
    expect(statusColoursAgree({ kind: 'up-to', layer: 1 }, 'all')).toBe(true);
  });
});
