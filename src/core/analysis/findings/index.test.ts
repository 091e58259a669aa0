import { describe, expect, it } from 'vitest';
import { findDuplicates } from '../duplicates';
import { allFindings, distinctStoredBytes } from './index';
import { contextOf } from './test-context';
import { buildImage, file, layer, whiteout } from '../testing/image-builder';

describe('allFindings', () => {
  const image = buildImage([
    layer('/bin/sh -c npm ci', [file('/root/.npm/_cacache/a', 700), file('/app/x.js', 50, { hash: 'x' }), file('/app/y.js', 50, { hash: 'x' })]),
    layer('/bin/sh -c rm -rf /root/.npm', [whiteout('/root/.npm')]),
  ]);
  const context = contextOf(image);
  const findings = allFindings(context, findDuplicates(context.replay.final));

  it('runs every module and sorts by bytes', () => {
    expect(findings.map((f) => [f.category, f.bytes])).toEqual([
      ['hidden-by-later-layer', 700],
      ['package-cache', 700],
      ['duplicate-files', 50],
    ]);
  });

  it('counts a stored copy named by two findings once', () => {
    expect(distinctStoredBytes(findings)).toBe(750);
  });
});
