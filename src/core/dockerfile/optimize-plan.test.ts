/**
 * Golden tests of the lean rewrite over test/fixtures/dockerfiles/<case>/: each case is a build context
 * with a Dockerfile (a minimal reproduction of a shape real projects have), optional case.json (options, or
 * the expected error), the golden expected.Dockerfile (the proposed candidate), expected.candidates (every
 * candidate with its static problems) and expected.dockerignore when one is proposed. UPDATE_GOLDEN=1
 * rewrites the goldens. The invariants of the design are checked on every case, golden or not.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OptimizeOptions, OptimizePlan } from '../../shared/rebuild';
import { DockerfileSyntaxError, parseDockerfile } from './parse-dockerfile';
import { planOptimization } from './optimize-plan';

const corpus = path.resolve(import.meta.dirname, '../../../test/fixtures/dockerfiles');
const update = process.env.UPDATE_GOLDEN === '1';
const cases = fs
  .readdirSync(corpus)
  .filter((name) => fs.existsSync(path.join(corpus, name, 'Dockerfile')))
  .sort();

interface CaseConfig {
  options?: Partial<OptimizeOptions>;
  error?: { code: string; line: number; column: number };
}

function config(name: string): CaseConfig {
  const file = path.join(corpus, name, 'case.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as CaseConfig) : {};
}

function golden(name: string, file: string, actual: string | null): void {
  const target = path.join(corpus, name, file);
  if (actual === null) {
    if (update && fs.existsSync(target)) fs.rmSync(target);
    expect(fs.existsSync(target), `${name}/${file} should not exist`).toBe(false);
    return;
  }
  if (update) fs.writeFileSync(target, actual);
  expect(fs.existsSync(target), `golden ${name}/${file} is missing (UPDATE_GOLDEN=1 writes it)`).toBe(true);
  expect(actual).toBe(fs.readFileSync(target, 'utf8'));
}

const plans = new Map<string, Promise<OptimizePlan>>();
function plan(name: string): Promise<OptimizePlan> {
  if (!plans.has(name)) plans.set(name, planOptimization({ contextDir: path.join(corpus, name), ...config(name).options }));
  return plans.get(name)!;
}

function candidatesText(result: OptimizePlan): string {
  return (
    result.candidates
      .map((c) => [`${c.id}${c.id === result.proposed ? ' (proposed)' : ''}: ${c.label}`, ...c.problems.map((p) => `  problem: ${p}`)].join('\n'))
      .join('\n') + '\n'
  );
}

/** The runtime stage: from the last FROM line. */
function runtimeStage(text: string): string {
  return text.slice(text.lastIndexOf('\nFROM ') + 1);
}

describe('golden rewrite corpus', () => {
  for (const name of cases) {
    it(name, async () => {
      const expected = config(name).error;
      if (expected) {
        const error = await plan(name).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(DockerfileSyntaxError);
        expect(error).toMatchObject(expected);
        return;
      }
      const result = await plan(name);
      golden(name, 'expected.Dockerfile', result.dockerfile);
      golden(name, 'expected.candidates', result.kind === 'lean-rewrite' ? candidatesText(result) : null);
      golden(name, 'expected.dockerignore', result.dockerignore?.merged ?? null);
      for (const candidate of result.candidates) {
        const text = candidate.dockerfile;
        // The original build, verbatim: only the final stage's FROM may gain a name.
        const original = result.original.replace(/\s+$/, '');
        const named = text.startsWith(original) ? original : original.replace(/^(FROM [^\n]*)$/m, (line) => line);
        expect(text.replace(/ AS layerlens-build$/m, ''), `${name} ${candidate.id} keeps the original`).toContain(
          named.split('\n').slice(0, 3).join('\n'),
        );
        for (const line of original.split('\n')) expect(text, `${name} ${candidate.id}: "${line}"`).toContain(line);
        expect(() => parseDockerfile(text)).not.toThrow();
        const runtime = runtimeStage(text);
        // The runtime stage copies only from the build stage, never from the context.
        for (const copy of runtime.split('\n').filter((l) => l.startsWith('COPY '))) expect(copy).toMatch(/^COPY --from=/);
        // No secret build argument is declared in the runtime stage.
        expect(runtime).not.toMatch(/^ARG [A-Z_]*(TOKEN|SECRET|PASSWORD)/m);
        for (const change of candidate.changes) {
          expect(change.reason.length, `${name}: ${change.id} has a reason`).toBeGreaterThan(10);
          if (change.originalLine !== undefined) expect(result.original.split('\n')[change.originalLine - 1]).toBe(change.originalText);
          for (const line of change.leanLines) expect(text.split('\n')[line - 1], `${name} ${change.id}`).toBeDefined();
        }
      }
    });
  }
});

describe('the lean rewrite keeps the original build and copies out the runtime', () => {
  it('mission: slim runtime, devDependencies pruned in the build stage, /app copied, non-root', async () => {
    const result = await plan('mission');
    expect(result.kind).toBe('lean-rewrite');
    expect(result.bases.runtime).toBe('node:18-slim');
    expect(result.dockerfile).toContain('FROM node:18 AS layerlens-build\n');
    expect(result.dockerfile).toContain('RUN cd /app && npm prune --omit=dev --ignore-scripts');
    const runtime = runtimeStage(result.dockerfile!);
    expect(runtime).toContain('COPY --from=layerlens-build /app /app');
    expect(runtime).toContain('USER node');
    expect(runtime.endsWith('EXPOSE 3000\nCMD ["node", "server.js"]\n')).toBe(true);
    expect(result.candidates.map((c) => c.label)).toEqual([
      'node:18-slim, devDependencies pruned, non-root',
      'node:18-slim, devDependencies pruned',
      'node:18-slim, dependencies as built',
      'node:18, dependencies as built',
    ]);
  });

  it('keeps RUN lines it does not know in the build stage (a global CLI build), and the start uses the build', async () => {
    const result = await plan('nest-global-cli');
    expect(result.dockerfile).toContain('RUN npm i -g @nestjs/cli && nest build\n');
    expect(runtimeStage(result.dockerfile!)).not.toMatch(/^RUN .*nest/m);
    expect(result.closure.map((c) => c.path)).toEqual(['/usr/src/app']);
  });

  it('keeps a final stage that is not Node (nginx serving a build) as it is', async () => {
    const result = await plan('nginx-static');
    expect(result.kind).toBe('kept');
    expect(result.candidates).toEqual([]);
    expect(result.messages[0]).toMatch(/does not run Node\.js: it is kept as it is/);
  });

  it('copies a folder the original chowned with that owner, once, instead of a second chown layer', async () => {
    const result = await plan('chown-node-user');
    expect(result.closure).toEqual([{ path: '/home/node/app', why: expect.any(String), chown: 'node:node' }]);
    const runtime = runtimeStage(result.dockerfile!);
    expect(runtime).toContain('COPY --from=layerlens-build --chown=node:node /home/node/app /home/node/app');
    expect(runtime).not.toMatch(/^RUN chown/m);
    expect(runtime).toContain('USER node');
    // The build stage ends as node: the trims run as root.
    expect(result.dockerfile).toMatch(
      /USER node\nEXPOSE 3000\nCMD \["node", "server.js"\]\n\n# LayerLens: trim[^\n]*\nUSER root\nRUN cd \/home\/node\/app && npm prune/,
    );
  });

  it('never prunes a devDependency the sources load, and says which file loads it', async () => {
    const result = await plan('devdep-required');
    expect(result.candidates[0]!.problems).toEqual([
      "pruning devDependencies would break it: Cannot find module 'left-pad', required by server.js and listed in devDependencies; move it to dependencies",
      "pruning devDependencies would break it: Cannot find module 'is-odd', required by lib/routes.js and listed in devDependencies; move it to dependencies",
    ]);
    expect(result.candidates.find((c) => c.id === result.proposed)!.choices.prune).toBe(false);
  });

  it('never prunes a devDependency the start command runs (nodemon through npm run dev)', async () => {
    const result = await plan('nodemon-cmd');
    expect(result.start!.bins).toEqual([{ bin: 'nodemon', pkg: 'nodemon', source: 'devDependency', from: 'the dev script' }]);
    expect(result.candidates[0]!.problems[0]).toMatch(/nodemon \(called by the dev script\) comes from nodemon, listed in devDependencies/);
    expect(result.candidates.find((c) => c.id === result.proposed)!.choices.prune).toBe(false);
  });

  it('treats the last stage as the image, or the --target, keeping every stage and its config', async () => {
    const production = await plan('dev-target');
    expect(production.structure).toMatchObject({ finalStage: 'production', multiStage: true });
    expect(production.dockerfile).toContain('FROM base AS production\n');
    expect(production.dockerfile).not.toContain('AS layerlens-build');
    const runtime = runtimeStage(production.dockerfile!);
    expect(runtime).toContain('COPY --from=production /app /app');
    expect(runtime).toMatch(/EXPOSE 3000\nHEALTHCHECK CMD node -e[^\n]*\nCMD \["node", "server\.js"\]\n$/);
    const development = await planOptimization({ contextDir: path.join(corpus, 'dev-target'), target: 'development' });
    expect(development.structure.finalStage).toBe('development');
    expect(runtimeStage(development.dockerfile!)).toContain('CMD ["npm", "run", "dev"]');
    await expect(planOptimization({ contextDir: path.join(corpus, 'dev-target'), target: 'staging' })).rejects.toThrow(
      /no stage "staging" .*base, development, production/,
    );
  });

  it('keeps heredocs and the syntax directive verbatim', async () => {
    const result = await plan('heredoc');
    expect(result.dockerfile!.startsWith('# syntax=docker/dockerfile:1.7\n')).toBe(true);
    expect(result.dockerfile).toContain('COPY <<EOF /app/config.json\n{"greeting": "hello"}\nEOF\n');
    expect(result.dockerfile).toContain('RUN <<SCRIPT bash\nset -e\necho built > /app/build.txt\nSCRIPT\n');
  });

  it("prunes with the project's own package manager and keeps the original install's flags", async () => {
    expect((await plan('yarn')).dockerfile).toContain('RUN cd /app && yarn install --production --ignore-scripts --prefer-offline --frozen-lockfile');
    expect((await plan('yarn-berry')).dockerfile).toContain('RUN cd /app && yarn workspaces focus --all --production');
    expect((await plan('pnpm')).dockerfile).toContain('RUN cd /app && pnpm prune --prod --ignore-scripts');
    expect((await plan('npm-force')).dockerfile).toContain('RUN cd /app && npm prune --omit=dev --ignore-scripts --force');
    // A stray pnpm lockfile does not switch an npm build to pnpm: the build's own install decides.
    expect((await plan('stray-pnpm-lock')).dockerfile).toContain('npm prune --omit=dev');
    // Hooks (husky's prepare) never run in the prune.
    expect((await plan('prepare-husky')).dockerfile).toContain('npm prune --omit=dev --ignore-scripts');
  });

  it('keeps secrets out of the runtime: no token ARG, no ENV from it, secret mounts as written, token files removed', async () => {
    const token = await plan('arg-token');
    const runtime = runtimeStage(token.dockerfile!);
    expect(runtime).toContain('ARG APP_PORT=3000\nENV PORT=$APP_PORT NPM_TOKEN=$NPM_TOKEN'.split('\n')[0]!);
    expect(runtime).not.toContain('NPM_TOKEN');
    expect(runtime).toContain('EXPOSE $APP_PORT');
    expect(token.candidates[0]!.changes.find((c) => c.kind === 'secrets')).toMatchObject({ configFields: ['Env'], originalLine: 7 });
    const mount = await plan('secret-mount');
    expect(mount.dockerfile).toContain('RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n');
    expect(runtimeStage(mount.dockerfile!)).not.toMatch(/npmrc/);
    const literal = await plan('npmrc-token');
    expect(literal.dockerfile).toContain('RUN rm -f /app/.npmrc');
  });

  it('copies the whole workspace for an app that starts in a workspace package, never a path outside the context', async () => {
    const result = await plan('workspace-workdir');
    expect(result.closure.map((c) => c.path)).toEqual(['/repo']);
    expect(result.project!.workspaces).toEqual(['packages/api', 'packages/shared']);
    expect(runtimeStage(result.dockerfile!)).toContain('WORKDIR /repo/packages/api\n');
  });

  it('narrows a copy into / to the entries it made, and copies build outputs only when they exist', async () => {
    const result = await plan('root-workdir');
    expect(result.closure.map((c) => c.path)).toEqual([
      '/.dockerignore',
      '/Dockerfile',
      '/package.json',
      '/src',
      '/tsconfig.json',
      '/node_modules',
      '/dist',
    ]);
    expect(result.closure.find((c) => c.path === '/dist')).toMatchObject({ optional: true });
    expect(result.dockerfile).toContain('COPY --from=layerlens-build /opt/layerlens/optional/ /');
    expect(result.dockerfile).not.toContain('COPY --from=layerlens-build /dist');
  });

  it('copies the entrypoint script, and global tools the start calls with their executables', async () => {
    const entry = await plan('entrypoint-script');
    expect(entry.closure.map((c) => c.path)).toEqual(['/app', '/usr/local/bin/docker-entrypoint.sh']);
    expect(entry.start!.bins).toContainEqual({ bin: 'migrate-tool', pkg: 'migrate-tool', source: 'devDependency', from: 'docker-entrypoint.sh' });
    expect(entry.candidates[0]!.problems[0]).toMatch(/migrate-tool \(called by docker-entrypoint\.sh\)/);
    const pm2 = await plan('global-pm2');
    expect(pm2.closure.map((c) => c.path)).toContain('/usr/local/lib/node_modules/pm2');
    expect(pm2.dockerfile).toContain('COPY --from=layerlens-build /opt/layerlens/global-bin/ /usr/local/bin/');
  });

  it('installs the runtime packages again (not the build tools), and stages native libraries', async () => {
    const result = await plan('apt-runtime');
    const runtime = runtimeStage(result.dockerfile!);
    expect(runtime).toContain('apt-get install -y --no-install-recommends tini ffmpeg curl'.replace(' curl', ''));
    expect(runtime).not.toMatch(/build-essential|python3/);
    expect(result.dockerfile).toContain('RUN mkdir -p /opt/layerlens/native-libs');
    expect(runtime).toContain('ENTRYPOINT ["tini", "--"]');
  });

  it('runs the start script without npm when the runtime base has none, and says so', async () => {
    const result = await planOptimization({
      contextDir: path.join(corpus, 'npm-start'),
      runtimeBase: 'layerlens-test/node-slim:18',
      runtimeFacts: { nodeUser: false, npm: false, libc: 'glibc', shell: true, userTool: 'useradd', packageTool: 'apt' },
    });
    const runtime = runtimeStage(result.dockerfile!);
    expect(runtime).toContain('CMD ["node", "--enable-source-maps", "src/server.js"]');
    expect(result.changes.find((c) => c.id === 'direct-start')).toMatchObject({ configFields: ['Cmd'] });
    expect(runtime).toContain('useradd --system --uid 10001');
  });

  it('lints a non-Node Dockerfile, saying why', async () => {
    const result = await plan('non-node');
    expect(result.kind).toBe('lint-only');
    expect(result.messages[0]).toMatch(/No package\.json .*the lean rewrite covers Node\.js projects/);
    const rules = result.lint.map((f) => f.rule);
    for (const rule of [
      'apt-lists-not-removed',
      'apt-no-install-recommends',
      'pip-cache',
      'add-url',
      'rm-in-separate-layer',
      'copy-all-before-install',
      'consecutive-runs',
    ]) {
      expect(rules).toContain(rule);
    }
  });
});
