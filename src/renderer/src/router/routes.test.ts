import { describe, expect, it } from 'vitest';
import { reportHash } from '../report/report-route';
import { rebuildHash } from '../rebuild/rebuild-route';
import { compareHash, imageHash, parseRoute } from './routes';

describe('parseRoute', () => {
  it('reads every page from the one hash', () => {
    expect(parseRoute('')).toEqual({ page: 'images' });
    expect(parseRoute('#/')).toEqual({ page: 'images' });
    expect(parseRoute(imageHash('node:18'))).toEqual({ page: 'image', id: 'node:18' });
    expect(parseRoute(compareHash('sha256:a', 'app:1/x'))).toEqual({ page: 'compare', a: 'sha256:a', b: 'app:1/x' });
    expect(parseRoute(reportHash('r1', 'letter'))).toEqual({ page: 'report', address: { id: 'r1', paper: 'letter' } });
    expect(parseRoute(rebuildHash('app:1'))).toEqual({ page: 'rebuild', route: { from: 'image', ref: 'app:1' }, hash: rebuildHash('app:1') });
    expect(parseRoute('#/rebuild')).toEqual({ page: 'rebuild', route: { from: 'folder' }, hash: '#/rebuild' });
  });

  it('falls back to the list on a malformed or incomplete address', () => {
    expect(parseRoute('#/image/%E0%A4%A')).toEqual({ page: 'images' });
    expect(parseRoute('#/image/')).toEqual({ page: 'images' });
    expect(parseRoute('#/compare/only-one')).toEqual({ page: 'images' });
    expect(parseRoute('#/report/')).toEqual({ page: 'report', address: undefined });
  });
});
