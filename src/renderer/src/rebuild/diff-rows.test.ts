import { describe, expect, it } from 'vitest';
import type { DockerfileChange } from '../../../shared/rebuild';
import { diffRows, dockerfilePosition, lineCount, parseUnifiedDiff } from './diff-rows';

const diff = [
  '===================================================================',
  '--- Dockerfile',
  '+++ Dockerfile.lean',
  '@@ -1,3 +1,4 @@',
  '-FROM node:18',
  '+FROM node:18 AS deps',
  ' WORKDIR /app',
  '+COPY package.json ./',
  ' RUN npm install',
  '@@ -9,2 +10,2 @@',
  ' EXPOSE 3000',
  '-CMD ["npm", "start"]',
  '+CMD ["node", "server.js"]',
  '\\ No newline at end of file',
].join('\n');

const change = (id: string, originalLine: number | undefined, leanLines: number[]): DockerfileChange => ({
  id,
  kind: 'command',
  title: id,
  reason: '',
  originalLine,
  leanLines,
});

describe('parseUnifiedDiff', () => {
  it('numbers both sides and turns skipped stretches into gaps', () => {
    const rows = parseUnifiedDiff(diff, 12);
    expect(rows.map((r) => [r.kind, r.oldLine, r.newLine, r.hidden])).toEqual([
      ['removed', 1, undefined, undefined],
      ['added', undefined, 1, undefined],
      ['same', 2, 2, undefined],
      ['added', undefined, 3, undefined],
      ['same', 3, 4, undefined],
      ['gap', undefined, undefined, 5],
      ['same', 9, 10, undefined],
      ['removed', 10, undefined, undefined],
      ['added', undefined, 11, undefined],
      ['gap', undefined, undefined, 2],
    ]);
  });

  it('is empty for an empty diff', () => {
    expect(parseUnifiedDiff('', 3)).toEqual([]);
  });
});

describe('diffRows', () => {
  it('ties removed lines by original line and added lines by lean line', () => {
    const rows = diffRows(diff, 'a\n'.repeat(11), [change('stages', 1, [1]), change('command', 10, [11]), change('manifests', undefined, [3])]);
    expect(rows.filter((r) => r.changes.length > 0).map((r) => [r.kind, r.text, r.changes])).toEqual([
      ['removed', 'FROM node:18', ['stages']],
      ['added', 'FROM node:18 AS deps', ['stages']],
      ['added', 'COPY package.json ./', ['manifests']],
      ['removed', 'CMD ["npm", "start"]', ['command']],
      ['added', 'CMD ["node", "server.js"]', ['command']],
    ]);
  });
});

describe('diffRows on a kept build', () => {
  it('ties a kept original line to the change about it, and the runtime line that replaces it', () => {
    const kept = [
      '--- Dockerfile',
      '+++ Dockerfile.lean',
      '@@ -1,2 +1,5 @@',
      '-FROM node:18',
      '+FROM node:18 AS layerlens-build',
      ' CMD ["npm", "start"]',
      '+',
      '+FROM node:18-slim',
      '+CMD ["node", "server.js"]',
    ].join('\n');
    const rows = diffRows(kept, 'FROM node:18\nCMD ["npm", "start"]\n', [
      change('build-kept', 1, [1]),
      change('direct-start', 2, [5]),
      change('runtime-base', 1, [4]),
    ]);
    expect(rows.map((r) => [r.kind, r.changes])).toEqual([
      ['removed', ['build-kept', 'runtime-base']],
      ['added', ['build-kept']],
      ['same', ['direct-start']],
      ['added', []],
      ['added', ['runtime-base']],
      ['added', ['direct-start']],
    ]);
  });
});

describe('helpers', () => {
  it('counts lines as the diff does', () => {
    expect(lineCount('')).toBe(0);
    expect(lineCount('a\nb\n')).toBe(2);
    expect(lineCount('a\nb')).toBe(2);
  });

  it('reads an INVALID_DOCKERFILE position', () => {
    expect(dockerfilePosition('line 3, column 1')).toEqual({ line: 3, column: 1 });
    expect(dockerfilePosition('Dockerfile:7:12: unknown instruction')).toEqual({ line: 7, column: 12 });
    expect(dockerfilePosition('nothing here')).toBeNull();
  });
});
