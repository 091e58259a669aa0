/**
 * Golden tests of the rewrite over test/fixtures/dockerfiles/<case>/: each case is a build context with a
 * Dockerfile, optional case.json (options, or the expected error) and the golden expected.Dockerfile (and
 * expected.dockerignore when one is proposed). UPDATE_GOLDEN=1 rewrites the goldens.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DockerfileSyntaxError } from './parse-dockerfile';
import { nodeOnlyMessage, planOptimization } from './optimize-plan';
import type { OptimizeOptions, OptimizePlan } from './types';

const corpus = path.resolve(import.meta.dirname, '../../../test/fixtures/dockerfiles');
const update = process.env.UPDATE_GOLDEN === '1';
const cases = fs.readdirSync(corpus).filter((name) => fs.existsSync(path.join(corpus, name, 'Dockerfile'))).sort();

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
    expect(fs.existsSync(target), `${name}/${file} should not exist`).toBe(false);
    return;
  }
  if (update) fs.writeFileSync(target, actual);
  expect(fs.existsSync(target), `golden ${name}/${file} is missing (UPDATE_GOLDEN=1 writes it)`).toBe(true);
  expect(actual).toBe(fs.readFileSync(target, 'utf8'));
}

const plans = new Map<string, OptimizePlan>();
function plan(name: string): OptimizePlan {
  if (!plans.has(name)) plans.set(name, planOptimization({ contextDir: path.join(corpus, name), ...config(name).options }));
  return plans.get(name)!;
}

describe('golden rewrite corpus', () => {
  it('covers the shapes the issue lists', () => {
    for (const name of ['mission', 'npm-lockfile', 'npm-no-lockfile', 'yarn', 'pnpm', 'typescript', 'vite-static', 'npm-workspaces', 'native-addon', 'npm-start', 'shell-cmd', 'entrypoint-cmd', 'arg-from', 'multi-stage', 'npmrc-token', 'non-node', 'broken']) {
      expect(cases).toContain(name);
    }
  });

  for (const name of cases) {
    it(name, () => {
      const expected = config(name).error;
      if (expected) {
        let error: unknown;
        try {
          plan(name);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(DockerfileSyntaxError);
        expect(error).toMatchObject(expected);
        expect((error as Error).message).toContain(`:${expected.line}:${expected.column}:`);
        return;
      }
      const result = plan(name);
      golden(name, 'expected.Dockerfile', result.dockerfile);
      golden(name, 'expected.dockerignore', result.dockerignore?.merged ?? null);
      for (const change of result.changes) {
        expect(change.reason.length, `${name}: ${change.id} has a reason`).toBeGreaterThan(10);
        if (change.originalLine !== undefined) {
          expect(result.original.split('\n')[change.originalLine - 1]).toBe(change.originalText);
        }
      }
      if (result.kind === 'node-rewrite') {
        // The lean Dockerfile must parse, and every change that made lines points at them.
        expect(() => planOptimizationParse(result.dockerfile!)).not.toThrow();
        const lines = result.dockerfile!.split('\n');
        for (const change of result.changes) for (const line of change.leanLines) expect(lines[line - 1], `${name} ${change.id}`).toBeDefined();
        expect(lines.some((l) => l.startsWith('USER ') && !/USER (root|0)\b/.test(l))).toBe(true);
        expect(lines.filter((l) => l.startsWith('CMD ') || l.startsWith('ENTRYPOINT ')).every((l) => /^(CMD|ENTRYPOINT) \[/.test(l))).toBe(true);
        expect(result.diff).toContain(`+++ ${result.dockerfileName}.lean`);
      }
    });
  }
});

import { parseDockerfile } from './parse-dockerfile';
function planOptimizationParse(text: string) {
  return parseDockerfile(text);
}

function runtimeStage(result: OptimizePlan): string {
  const text = result.dockerfile!;
  return text.slice(text.lastIndexOf('\nFROM '));
}

describe('rewrite rules', () => {
  it('mission: production deps only, node_modules from deps, non-root, NODE_ENV, reasons tied to lines', () => {
    const result = plan('mission');
    expect(result.kind).toBe('node-rewrite');
    expect(result.dockerfile).toContain('RUN npm install --omit=dev');
    expect(result.bases.runtime).toBe('node:18-alpine');
    const runtime = runtimeStage(result);
    expect(runtime).toContain('ENV NODE_ENV=production');
    expect(runtime).toContain('USER node');
    const deps = result.changes.find((c) => c.id === 'production-dependencies')!;
    expect(deps.originalLine).toBe(4);
    expect(deps.reason).toMatch(/devDependencies were shipped \(mocha, typescript\)/);
  });

  it('.npmrc with a token is used in builder stages and never copied into the runtime', () => {
    const result = plan('npmrc-token');
    const runtime = runtimeStage(result);
    expect(result.dockerfile).toMatch(/FROM node:18 AS deps[\s\S]*COPY package\.json package-lock\.json \.npmrc \.\//);
    expect(runtime).not.toMatch(/COPY[^\n]*\.npmrc/);
    expect(result.dockerfile).toMatch(/AS source[\s\S]*RUN rm -rf node_modules \.npmrc/);
    expect(result.changes.some((c) => c.kind === 'secrets')).toBe(true);
    expect(result.dockerignore?.added).not.toContain('.npmrc');
  });

  it('native addons get a glibc runtime, never musl', () => {
    const result = plan('native-addon');
    expect(result.bases.runtime).toBe('node:18-slim');
    expect(result.dockerfile).not.toMatch(/alpine/);
    expect(() =>
      planOptimization({ contextDir: path.join(corpus, 'native-addon'), runtimeBase: 'node:18-alpine' }),
    ).toThrow(/musl/);
  });

  it('resolves npm start, npm run and yarn start to the node command', () => {
    expect(plan('npm-start').dockerfile).toContain('CMD ["node", "--enable-source-maps", "src/server.js"]');
    expect(plan('vite-static').dockerfile).toContain('CMD ["node", "server.js"]');
    expect(plan('yarn').dockerfile).toContain('CMD ["node", "server.js"]');
  });

  it('builds in a build stage and ships only the output', () => {
    const ts = plan('typescript');
    expect(ts.project?.buildOutput).toBe('build');
    expect(runtimeStage(ts)).toContain('COPY --from=build /app/build ./build');
    const vite = runtimeStage(plan('vite-static'));
    expect(vite).toContain('COPY --from=build /app/dist ./dist');
    expect(vite).toContain('COPY --from=build /app/server.js ./server.js');
  });

  it('keeps metadata semantics of the original', () => {
    const runtime = runtimeStage(plan('shell-cmd'));
    for (const text of ['LABEL org.opencontainers.image.title', 'ARG APP_VERSION=dev', 'ENV APP_VERSION=$APP_VERSION', 'WORKDIR /srv/app', 'VOLUME /srv/app/uploads', 'EXPOSE 3000', 'STOPSIGNAL SIGINT', 'HEALTHCHECK --interval=30s', 'CMD ["node", "server.js", "--port", "3000"]', 'apt-get install --no-install-recommends -y imagemagick']) {
      expect(runtime).toContain(text);
    }
    expect(runtime).not.toContain('USER root');
    const entry = runtimeStage(plan('entrypoint-cmd'));
    expect(entry).toContain('ENTRYPOINT ["node", "cli.js"]');
    expect(entry).toContain('CMD ["--help"]');
  });

  it('keeps ARG-parametrised FROM parametrised', () => {
    const result = plan('arg-from');
    expect(result.dockerfile!.startsWith('# Multi-stage') || result.dockerfile!.includes('ARG NODE_VERSION=20\n')).toBe(true);
    expect(result.dockerfile).toContain('FROM node:${NODE_VERSION} AS deps');
    expect(result.dockerfile).toContain('FROM node:${NODE_VERSION}-alpine');
  });

  it('improves an already multi-stage file: keeps its runtime base, drops devDependencies', () => {
    const result = plan('multi-stage');
    expect(result.bases.runtime).toBe('node:18-alpine');
    expect(result.dockerfile).toContain('RUN npm install --omit=dev');
  });

  it('uses the package manager of the project', () => {
    expect(plan('yarn').dockerfile).toContain('yarn install --frozen-lockfile --production');
    expect(plan('pnpm').dockerfile).toContain('pnpm install --frozen-lockfile --prod');
    expect(plan('npm-lockfile').dockerfile).toContain('RUN npm ci --omit=dev');
    const ws = plan('npm-workspaces').dockerfile!;
    expect(ws).toContain('COPY packages/api/package.json ./packages/api/');
    expect(ws).toContain('COPY packages/shared/package.json ./packages/shared/');
  });

  it('merges the user .dockerignore without dropping rules', () => {
    const result = plan('shell-cmd');
    expect(result.dockerignore!.merged.endsWith('docs/*\n!docs/openapi.yaml\n*.log\n')).toBe(true);
  });

  it('non-Node Dockerfiles get the size lint and a plain message', () => {
    const result = plan('non-node');
    expect(result.kind).toBe('lint-only');
    expect(result.messages).toContain(nodeOnlyMessage);
    const rules = result.lint.map((f) => f.rule);
    for (const rule of ['apt-lists-not-removed', 'apt-no-install-recommends', 'pip-cache', 'add-url', 'rm-in-separate-layer', 'copy-all-before-install', 'consecutive-runs']) {
      expect(rules).toContain(rule);
    }
  });

  it('honours --runtime-base, --builder-base and base facts', () => {
    const result = planOptimization({
      contextDir: path.join(corpus, 'mission'),
      runtimeBase: 'layerlens-test/node-slim:18',
      builderBase: 'layerlens-test/node-full:18',
      runtimeFacts: { nodeUser: false, npm: false, libc: 'glibc', shell: true, userTool: 'useradd' },
    });
    expect(result.dockerfile).toContain('FROM layerlens-test/node-full:18 AS deps');
    expect(result.dockerfile).toContain('FROM layerlens-test/node-slim:18\n');
    expect(result.dockerfile).toContain('useradd --system --uid 10001');
    expect(result.dockerfile).toContain('USER app');
  });
});
