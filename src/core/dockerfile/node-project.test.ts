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
  it('finds the package manager from lockfiles and packageManager', async () => {
    expect((await detectNodeProject(project({ 'package.json': '{}', 'package-lock.json': '{}' })))?.packageManager).toBe('npm');
    expect((await detectNodeProject(project({ 'package.json': '{}', 'yarn.lock': '' })))?.packageManager).toBe('yarn-classic');
    expect(
      await detectNodeProject(
        project({
          'package.json': '{"packageManager":"yarn@3.6.4"}',
          'yarn.lock': '',
          '.yarnrc.yml': 'nodeLinker: node-modules\nplugins:\n  - path: .yarn/plugins/@yarnpkg/plugin-workspace-tools.cjs\n',
        }),
      ),
    ).toMatchObject({
      packageManager: 'yarn-berry',
      yarnLinker: 'node-modules',
      yarnMajor: 3,
      yarnPlugins: ['.yarn/plugins/@yarnpkg/plugin-workspace-tools.cjs'],
    });
    expect(
      await detectNodeProject(project({ 'package.json': '{}', 'yarn.lock': '', '.yarnrc.yml': 'yarnPath: .yarn/releases/yarn-4.1.0.cjs\n' })),
    ).toMatchObject({ yarnLinker: 'pnp', yarnMajor: 4 });
    expect((await detectNodeProject(project({ 'package.json': '{"packageManager":"pnpm@9.0.0"}' })))?.packageManager).toBe('pnpm');
    expect(await detectNodeProject(project({ 'x.txt': '' }))).toBeNull();
  });
  it('finds the build outputs, native addons, .npmrc tokens and the Node version', async () => {
    const p = (await detectNodeProject(
      project({
        'package.json': JSON.stringify({ scripts: { build: 'tsc' }, dependencies: { sharp: '1' }, engines: { node: '>=20' } }),
        'tsconfig.json': '{"compilerOptions":{"outDir":"./out/"}}',
        '.npmrc': '//r/:_authToken=npm_abc123\n',
      }),
    ))!;
    expect(p).toMatchObject({ buildOutputs: ['out'], npmrc: true, npmrcHasToken: true, nodeVersion: '20', nodeVersionSource: 'engines' });
    // A token filled in from the environment at install time is not a token in the file.
    expect((await detectNodeProject(project({ 'package.json': '{}', '.npmrc': '//r/:_authToken=${NPM_TOKEN}\n' })))?.npmrcHasToken).toBe(false);
    expect(p.nativeAddons).toEqual(['dependency sharp is a native addon']);
    expect(await detectNodeProject(project({ 'package.json': '{}', 'binding.gyp': '{}', '.nvmrc': 'v18.20.1' }))).toMatchObject({
      nativeAddons: ['binding.gyp in the project (node-gyp build)'],
      nodeVersion: '18',
    });
  });
  it('finds the first prebuilt addon by name, four folders down at most, never in node_modules or .git', async () => {
    const addons = async (files: Record<string, string>) => (await detectNodeProject(project({ 'package.json': '{}', ...files })))!.nativeAddons;
    expect(await addons({ 'node_modules/x/build/x.node': '', '.git/objects/y.node': '', 'b/z.node': '', 'a/deep/er/still/w.node': '' })).toEqual([
      'prebuilt addon a/deep/er/still/w.node',
    ]);
    expect(await addons({ 'a/b/c/d/e/too-deep.node': '', 'node_modules/x.node': '' })).toEqual([]);
  });
  it('resolves workspace globs inside the context only', async () => {
    const p = (await detectNodeProject(
      project({
        'package.json': '{"workspaces":["packages/*", "../*", "/etc"]}',
        'packages/b/package.json': '{}',
        'packages/a/package.json': '{}',
        'packages/c/x': '',
      }),
    ))!;
    expect(p.workspaces).toEqual(['packages/a', 'packages/b']);
  });

  it('says a malformed package.json is malformed, with where, never its text', async () => {
    await expect(detectNodeProject(project({ 'package.json': '{"name": "x",\n  "scripts": }' }))).rejects.toThrow(
      /package\.json \(package\.json\) is not valid JSON \((near )?line 2(, column \d+)?\)\.$/,
    );
    await expect(detectNodeProject(project({ 'package.json': '{\n"a": 1,\n"b": 2' }))).rejects.toThrow(/is not valid JSON \((near )?line 3/);
  });
  it('reads a Node major from tags and ranges', async () => {
    expect(nodeMajor('18-bullseye-slim')).toBe('18');
    expect(nodeMajor('>=20 <23')).toBe('20');
    expect(nodeMajor('lts')).toBeUndefined();
  });
});
