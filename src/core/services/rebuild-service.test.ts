/**
 * The rebuild part of the contract through LayerLensCore against a fake engine at the HTTP level: plan,
 * remembered contexts, the folder picker, a build with step/log progress, BUILD_FAILED with the failing
 * step's log, INVALID_DOCKERFILE with its position. The real engine is in rebuild-service.docker.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeEngine, type Route } from '../../../test/fake-engine';
import type { ProgressEvent } from '../../shared/contract';
import { failure } from '../../../test/failure';
import { createLayerLensCore, type CoreOptions, type LayerLensCore } from '../api/layerlens-core';

const fixture = path.resolve(import.meta.dirname, '../../../test/fixtures/rebuild-app');
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-rebuild-service-'));
const configDir = path.join(temp, 'config');

function copyFixture(name: string): string {
  const dir = path.join(temp, name);
  fs.cpSync(fixture, dir, { recursive: true });
  return dir;
}

const buildLog = (lines: string[]) =>
  lines.map((line) => JSON.stringify(line.startsWith('{') ? JSON.parse(line) : { stream: `${line}\n` })).join('\n');
let buildAnswer = '';
const builds: string[] = [];
const routes: Record<string, unknown | Route> = {
  '/build': (url: URL) => {
    builds.push(url.searchParams.get('dockerfile') ?? '');
    return { body: buildAnswer };
  },
  '/images/shop/web:1.0/json': { Id: 'sha256:original', Size: 900_000_000 },
  '/images/sha256:lean/json': { Id: 'sha256:lean', Size: 300_000_000 },
  '/images/sha256:lean/tag': { status: 201, body: '' },
  '/images/sha256:original/json': { Id: 'sha256:original', Size: 900_000_000, Config: { Cmd: ['npm', 'start'], ExposedPorts: { '3000/tcp': {} } } },
  '/images/json': [],
};
const engine = new FakeEngine(routes);
const cores: LayerLensCore[] = [];
function core(options: Partial<CoreOptions> = {}): LayerLensCore {
  const created = createLayerLensCore({ frontDoor: 'serve', watch: false, engineHost: engine.host, configDir, ...options });
  cores.push(created);
  return created;
}

beforeAll(() => engine.start());
afterAll(async () => {
  for (const c of cores) c.close();
  await engine.stop();
  fs.rmSync(temp, { recursive: true, force: true });
});

describe('planRebuild', () => {
  it('proposes the lean candidates with reasons; names come from the folder or the image', async () => {
    const dir = copyFixture('plan');
    const answer = await core().planRebuild({ contextDir: dir, runtimeBase: 'layerlens-test/node-slim:18' });
    expect(answer.contextDir).toBe(dir);
    expect(answer.plan.kind).toBe('lean-rewrite');
    expect(answer.plan.bases.runtime).toBe('layerlens-test/node-slim:18');
    expect(answer.plan.diff).toContain('+FROM layerlens-test/node-slim:18');
    expect(answer.plan.changes.find((c) => c.id === 'original-build-kept')).toMatchObject({
      originalLine: 1,
      originalText: 'FROM layerlens-test/node-full:18',
    });
    expect(answer.probed).toEqual({ runtime: false, builder: false }); // the fake engine has no such images
    expect(answer.defaults).toEqual({ image: 'plan:latest', leanTag: 'plan:latest-lean', leanTagExists: false });
    expect(answer.leanFiles).toEqual({ dockerfile: path.join(dir, 'Dockerfile.lean'), dockerignore: path.join(dir, 'Dockerfile.lean.dockerignore') });
    expect(answer.plan.buildCommand).toBe(`docker build -f Dockerfile.lean -t plan:latest-lean .   # in ${dir}`);
    const named = await core().planRebuild({ contextDir: dir, image: 'shop/web:1.0' });
    expect(named.defaults).toEqual({ image: 'shop/web:1.0', leanTag: 'shop/web:1.0-lean', leanTagExists: false });
    // Planning writes nothing.
    expect(fs.readdirSync(dir).sort()).toEqual(['Dockerfile', 'package.json', 'server.js']);
  });

  it('reports plan progress under the operation id', async () => {
    const c = core();
    const events: ProgressEvent[] = [];
    c.on('progress', (event) => events.push(event));
    await c.planRebuild({ contextDir: copyFixture('plan-progress'), operationId: 'plan-1' });
    expect(events.every((e) => e.operationId === 'plan-1' && e.phase === 'plan')).toBe(true);
    expect(events.at(-1)).toMatchObject({ done: 2, total: 2 });
  });

  it('INVALID_DOCKERFILE carries the line and column; a missing folder is INVALID_ARGUMENT', async () => {
    const dir = copyFixture('broken');
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM layerlens-test/node-full:18\nWORKDIR /app\nCOPY\n');
    const error = await failure(core().planRebuild({ contextDir: dir }));
    expect(error.code).toBe('INVALID_DOCKERFILE');
    expect(error.detail).toMatch(/^line 3, column \d+/);
    expect((await failure(core().planRebuild({ contextDir: path.join(temp, 'nope') }))).code).toBe('INVALID_ARGUMENT');
    expect((await failure(core().planRebuild({ contextDir: '  ' }))).code).toBe('INVALID_ARGUMENT');
  });
});

describe('remembered build contexts', () => {
  it('remembers a folder per image in the settings file and says when it is gone', async () => {
    const dir = copyFixture('remembered');
    const c = core();
    expect(await c.getRememberedContext('shop/web:1.0')).toBeNull();
    const saved = await c.rememberContext('shop/web:1.0', dir);
    expect(saved).toMatchObject({ imageRef: 'shop/web:1.0', contextDir: dir, exists: true });
    expect(JSON.parse(fs.readFileSync(path.join(configDir, 'settings.json'), 'utf8')).contexts['shop/web:1.0'].contextDir).toBe(dir);
    // A new core (a restart) finds it, also for another tag of the same repository.
    expect(await core().getRememberedContext('shop/web:2.0')).toMatchObject({ imageRef: 'shop/web:1.0', contextDir: dir, exists: true });
    fs.rmSync(dir, { recursive: true });
    expect(await core().getRememberedContext('shop/web:1.0')).toMatchObject({ exists: false });
    const missing = await failure(c.rememberContext('shop/web:1.0', path.join(temp, 'missing')));
    expect(missing.code).toBe('INVALID_ARGUMENT');
    // A missing path is said as such, not as "not a folder".
    expect(missing.message).toBe(`There is no folder ${path.join(temp, 'missing')}.`);
  });
});

describe('chooseFolder', () => {
  it('answers null without a host and asks the host otherwise', async () => {
    expect(await core().chooseFolder({ title: 'Build context' })).toBeNull();
    const asked: unknown[] = [];
    const withHost = core({ host: { chooseFolder: async (options) => (asked.push(options), '/picked') } });
    expect(await withHost.chooseFolder({ title: 'Build context', defaultPath: '/home' })).toBe('/picked');
    expect(asked).toEqual([{ title: 'Build context', defaultPath: '/home' }]);
  });
});

describe('runRebuild', () => {
  it('reuses the existing original, builds the proposed candidate unverified with step and log progress, writes its files', async () => {
    const dir = copyFixture('run');
    buildAnswer = buildLog([
      'Step 1/2 : FROM layerlens-test/node-full:18 AS layerlens-build',
      ' ---> 5c76677e4ff1',
      'Step 2/2 : RUN cd /app && npm prune --omit=dev --ignore-scripts',
      'up to date',
      '{"aux":{"ID":"sha256:lean"}}',
      'Successfully built lean',
    ]);
    builds.length = 0;
    const c = core();
    const events: ProgressEvent[] = [];
    c.on('progress', (event) => events.push(event));
    const outcome = await c.runRebuild(
      { contextDir: dir, image: 'shop/web:1.0', runtimeBase: 'layerlens-test/node-slim:18' },
      { operationId: 'run-1' },
    );
    expect(outcome.result.original).toMatchObject({ image: 'shop/web:1.0', id: 'sha256:original', built: false });
    expect(outcome.result.lean).toMatchObject({ image: 'shop/web:1.0-lean', id: 'sha256:lean', sizeBytes: 300_000_000 });
    expect(outcome.result).toMatchObject({ verdict: 'unverified', chosen: outcome.plan.proposed, savedBytes: 600_000_000 });
    expect(outcome.result.summary).toMatch(/^Built, not verified: c1 /);
    expect(outcome.result.attempts.map((a) => a.outcome)).toEqual(['chosen', 'not-tried', 'not-tried']);
    // The fake engine cannot export images: without a measurement there is no claim.
    expect(outcome.result.measured).toBeUndefined();
    expect(builds).toEqual(['Dockerfile.lean']);
    expect(outcome.files?.dockerfile).toEqual({ path: path.join(dir, 'Dockerfile.lean'), status: 'written' });
    expect(fs.readFileSync(path.join(dir, 'Dockerfile.lean'), 'utf8')).toBe(outcome.plan.dockerfile);
    expect(fs.existsSync(path.join(dir, 'Dockerfile.lean.dockerignore'))).toBe(true);
    const build = events.filter((e) => e.phase === 'build-lean');
    expect(build).toContainEqual({
      operationId: 'run-1',
      phase: 'build-lean',
      done: 2,
      total: 2,
      detail: 'Step 2/2 : RUN cd /app && npm prune --omit=dev --ignore-scripts',
    });
    expect(build).toContainEqual({ operationId: 'run-1', phase: 'build-lean', done: 2, total: 2, detail: 'up to date' });
    expect(events.filter((e) => e.phase === 'build-original').map((e) => e.detail)).toEqual(['using the existing image shop/web:1.0']);
  });

  it('writes nothing when asked not to', async () => {
    const dir = copyFixture('no-write');
    buildAnswer = buildLog(['Step 1/1 : FROM layerlens-test/node-slim:18', '{"aux":{"ID":"sha256:lean"}}']);
    const outcome = await core().runRebuild({ contextDir: dir, image: 'shop/web:1.0', writeFiles: false });
    expect(outcome.files).toBeNull();
    expect(fs.readdirSync(dir).sort()).toEqual(['Dockerfile', 'package.json', 'server.js']);
  });

  it('a candidate that does not build is reported with the failing step and its log, and nothing is chosen', async () => {
    const dir = copyFixture('fails');
    buildAnswer = buildLog([
      'Step 1/2 : FROM layerlens-test/node-full:18 AS layerlens-build',
      'Step 2/2 : RUN cd /app && npm prune --omit=dev --ignore-scripts',
      'npm ERR! code E404',
      '{"errorDetail":{"message":"The command \'/bin/sh -c npm prune\' returned a non-zero code: 1"},"error":"x"}',
    ]);
    const outcome = await core().runRebuild({ contextDir: dir, image: 'shop/web:1.0', writeFiles: false });
    expect(outcome.result).toMatchObject({ verdict: 'no-candidate', lean: null, chosen: null });
    const attempt = outcome.result.attempts[0]!;
    expect(attempt.outcome).toBe('failed-build');
    expect(attempt.reason).toContain('step 2/2 (RUN cd /app && npm prune --omit=dev --ignore-scripts)');
    expect(attempt.reason).toContain('npm ERR! code E404');
    expect(outcome.files).toBeNull();
  });

  it('checks its inputs before touching the engine', async () => {
    const dir = copyFixture('inputs');
    const c = core();
    expect((await failure(c.runRebuild({ contextDir: dir, verify: { paths: ['health'] } }))).code).toBe('INVALID_ARGUMENT');
    expect((await failure(c.runRebuild({ contextDir: dir, image: 'Not A Tag' }))).code).toBe('INVALID_ARGUMENT');
    expect((await failure(c.runRebuild({ contextDir: dir, leanTag: 'UPPER:case' }))).code).toBe('INVALID_ARGUMENT');
    const nonNode = copyFixture('non-node');
    fs.writeFileSync(path.join(nonNode, 'Dockerfile'), 'FROM layerlens-test/debian:bookworm\nRUN apt-get update && apt-get install -y curl\n');
    fs.rmSync(path.join(nonNode, 'package.json'));
    const error = await failure(c.runRebuild({ contextDir: nonNode, writeFiles: false }));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(/lean rewrite covers Node\.js/);
  });
});
