import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { detectNodeProject, nodeMajor } from './node-project';

let dir: string | undefined;
function project(files: Record<string, string>): string {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-node-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}
afterEach(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

describe('detectNodeProject', () => {
  it('finds the package manager from lockfiles and packageManager', () => {
    expect(detectNodeProject(project({ 'package.json': '{}', 'package-lock.json': '{}' }))?.packageManager).toBe('npm');
    expect(detectNodeProject(project({ 'package.json': '{}', 'yarn.lock': '' }))?.packageManager).toBe('yarn-classic');
    expect(detectNodeProject(project({ 'package.json': '{}', 'yarn.lock': '', '.yarnrc.yml': 'nodeLinker: node-modules' }))).toMatchObject({
      packageManager: 'yarn-berry',
      managerFiles: ['.yarnrc.yml'],
    });
    expect(detectNodeProject(project({ 'package.json': '{"packageManager":"pnpm@9.0.0"}' }))?.packageManager).toBe('pnpm');
    expect(detectNodeProject(project({ 'x.txt': '' }))).toBeNull();
  });
  it('finds the build output, native addons, .npmrc tokens and the Node version', () => {
    const p = detectNodeProject(
      project({
        'package.json': JSON.stringify({ scripts: { build: 'tsc' }, dependencies: { sharp: '1' }, engines: { node: '>=20' } }),
        'tsconfig.json': '{"compilerOptions":{"outDir":"./out/"}}',
        '.npmrc': '//r/:_authToken=${T}\n',
      }),
    )!;
    expect(p).toMatchObject({ buildScript: 'build', buildOutput: 'out', npmrc: true, npmrcHasToken: true, nodeVersion: '20', nodeVersionSource: 'engines' });
    expect(p.nativeAddons).toEqual(['dependency sharp is a native addon']);
    expect(detectNodeProject(project({ 'package.json': '{}', 'binding.gyp': '{}', '.nvmrc': 'v18.20.1' }))).toMatchObject({
      nativeAddons: ['binding.gyp in the project (node-gyp build)'],
      nodeVersion: '18',
    });
  });
  it('resolves workspace globs', () => {
    const p = detectNodeProject(project({ 'package.json': '{"workspaces":["packages/*"]}', 'packages/b/package.json': '{}', 'packages/a/package.json': '{}', 'packages/c/x': '' }))!;
    expect(p.workspaces).toEqual(['packages/a', 'packages/b']);
  });
  it('reads a Node major from tags and ranges', () => {
    expect(nodeMajor('18-bullseye-slim')).toBe('18');
    expect(nodeMajor('>=20 <23')).toBe('20');
    expect(nodeMajor('lts')).toBeUndefined();
  });
});
