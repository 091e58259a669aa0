/**
 * Pruning devDependencies with the project's own package manager, in the folder where the original build
 * installed them, keeping the flags that install needed (`--legacy-peer-deps`, `--force`): npm prune,
 * pnpm prune, Yarn 1's production install, Yarn Berry's `workspaces focus`. Returns null (with why) when
 * there is nothing safe to run: Plug'n'Play keeps no node_modules, Yarn 2/3 without the workspace-tools
 * plugin cannot focus.
 */
import type { NodeProject } from '../../shared/rebuild';
import type { JsManager } from './run-commands';

export interface PruneStep {
  dir: string;
  command: string;
}

export type PruneResult = { steps: PruneStep[] } | { steps: null; why: string };

const keptNpmFlags = new Set(['--legacy-peer-deps', '--force', '--strict-peer-deps', '--no-optional', '--omit=optional', '--include=optional']);

export function pruneCommand(manager: JsManager, project: NodeProject, installFlags: string[]): string | { why: string } {
  switch (manager) {
    case 'npm': {
      const kept = installFlags.filter((f) => keptNpmFlags.has(f));
      const omit = Number(project.nodeVersion ?? '18') <= 14 ? '--production' : '--omit=dev';
      return ['npm prune', omit, '--ignore-scripts', ...kept].join(' ');
    }
    case 'pnpm':
      return 'pnpm prune --prod --ignore-scripts';
    case 'yarn':
      if (project.packageManager === 'yarn-berry') {
        if (project.yarnLinker !== 'node-modules') return { why: "Yarn Plug'n'Play keeps no node_modules to prune" };
        const major = project.yarnMajor ?? 4;
        if (major < 4 && !project.yarnPlugins.some((p) => /workspace-tools/.test(p))) {
          return { why: `Yarn ${major} focuses workspaces only with the workspace-tools plugin, which .yarnrc.yml does not declare` };
        }
        return 'yarn workspaces focus --all --production';
      }
      return `yarn install --production --ignore-scripts --prefer-offline${project.lockfile ? ' --frozen-lockfile' : ''}`;
  }
}

/** One prune per folder the original installed in; null when no folder can be pruned safely. */
export function pruneSteps(project: NodeProject, installs: { manager: JsManager; dir: string; flags: string[] }[]): PruneResult {
  if (project.devDependencies.length === 0) return { steps: null, why: 'package.json lists no devDependencies' };
  if (installs.length === 0) return { steps: null, why: 'the build installs no dependencies in the final stage' };
  const steps: PruneStep[] = [];
  for (const install of installs) {
    if (steps.some((s) => s.dir === install.dir)) continue;
    const command = pruneCommand(install.manager, project, install.flags);
    if (typeof command !== 'string') return { steps: null, why: command.why };
    steps.push({ dir: install.dir, command });
  }
  return { steps };
}
