import { describe, expect, it } from 'vitest';
import { findDuplicates } from '../duplicates';
import { makeFinding, refList } from './finding';
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

  it('tells copies apart by layer and path, and counts a repeated one with its last bytes', () => {
    const [finding] = findings;
    const refs = [
      { layer: 0, path: '/a', bytes: 10 },
      { layer: 1, path: '/a', bytes: 5 },
      { layer: 0, path: '/b', bytes: 3 },
      { layer: 0, path: '/a', bytes: 7 },
    ];
    expect(
      distinctStoredBytes([
        { ...finding, stored: refList(refs.slice(0, 2)) },
        { ...finding, stored: refList(refs.slice(2)) },
      ]),
    ).toBe(7 + 5 + 3);
  });
});

describe('makeFinding', () => {
  it('names the ten largest files, ties by path, whatever order the refs come in', () => {
    const context = contextOf(buildImage([layer('/bin/sh -c true', [file('/x', 1)])]));
    const refs = Array.from({ length: 12 }, (_, i) => ({ layer: 0, path: `/f${String(11 - i).padStart(2, '0')}`, bytes: i === 0 ? 50 : 10 }));
    const finding = makeFinding(context, { category: 'package-cache', title: 't', fix: 'f' }, refs);
    expect(finding.files.map((f) => f.path)).toEqual(['/f11', '/f00', '/f01', '/f02', '/f03', '/f04', '/f05', '/f06', '/f07', '/f08']);
    expect([finding.bytes, finding.fileCount, finding.layerIndex]).toEqual([160, 12, 0]);
  });
});
