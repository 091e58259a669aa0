import { describe, expect, it } from 'vitest';
import type { NodeProject } from '../../shared/rebuild';
import { pruneSteps } from './prune';

const project = (overrides: Partial<NodeProject> = {}): NodeProject => ({
  packageManager: 'npm',
  workspaces: [],
  scripts: {},
  dependencies: ['a'],
  devDependencies: ['b'],
  nativeAddons: [],
  npmrc: false,
  npmrcHasToken: false,
  yarnPlugins: [],
  ...overrides,
});

describe('pruneSteps', () => {
  it('prunes where the original installed, with its manager and the flags that install needed', () => {
    expect(pruneSteps(project(), [{ manager: 'npm', dir: '/app', flags: ['--legacy-peer-deps', '--no-audit'] }])).toEqual({
      steps: [{ dir: '/app', command: 'npm prune --omit=dev --ignore-scripts --legacy-peer-deps' }],
    });
    expect(pruneSteps(project({ nodeVersion: '14' }), [{ manager: 'npm', dir: '/', flags: [] }]).steps![0]!.command).toBe(
      'npm prune --production --ignore-scripts',
    );
    expect(pruneSteps(project({ packageManager: 'pnpm' }), [{ manager: 'pnpm', dir: '/app', flags: [] }]).steps![0]!.command).toBe(
      'pnpm prune --prod --ignore-scripts',
    );
  });

  it("says why it cannot prune: no devDependencies, no install, Plug'n'Play, Yarn 3 without workspace-tools", () => {
    expect(pruneSteps(project({ devDependencies: [] }), [{ manager: 'npm', dir: '/app', flags: [] }])).toEqual({
      steps: null,
      why: 'package.json lists no devDependencies',
    });
    expect(pruneSteps(project(), [])).toEqual({ steps: null, why: 'the build installs no dependencies in the final stage' });
    const berry = project({ packageManager: 'yarn-berry', yarnLinker: 'pnp' });
    expect(pruneSteps(berry, [{ manager: 'yarn', dir: '/app', flags: [] }])).toMatchObject({ why: expect.stringContaining("Plug'n'Play") });
    const yarn3 = project({ packageManager: 'yarn-berry', yarnLinker: 'node-modules', yarnMajor: 3 });
    expect(pruneSteps(yarn3, [{ manager: 'yarn', dir: '/app', flags: [] }])).toMatchObject({ why: expect.stringContaining('workspace-tools') });
    expect(
      pruneSteps({ ...yarn3, yarnPlugins: ['.yarn/plugins/@yarnpkg/plugin-workspace-tools.cjs'] }, [{ manager: 'yarn', dir: '/app', flags: [] }])
        .steps![0]!.command,
    ).toBe('yarn workspaces focus --all --production');
  });
});
