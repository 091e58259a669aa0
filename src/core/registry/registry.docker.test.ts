/**
 * Registries read in place, against Debian's real `docker-registry` (distribution 2.8) on 127.0.0.1: plain
 * HTTP, HTTPS with a CA made here, htpasswd (bcrypt) auth. Images are pushed from the engine with the real
 * tools (docker push, skopeo). The oracle: the analysis of the remote image equals the analysis of the same
 * local image. Also: the layer cache (a second image on the same base fetches only its own layers, counted
 * in the registry's access log), platform choice from an index, errors, progress and cancel, compare without
 * pulling, and pushing a lean image through the engine (the CLI: src/cli/commands/registry.docker.test.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, fixturesDir, removeImage, uniqueTag } from '../../../test/docker-fixtures';
import { LocalRegistry, requireLocalRegistryTools } from '../../../test/local-registry';
import type { ImageAnalysis } from '../../shared/analysis';
import type { ProgressEvent } from '../../shared/contract';
import { LayerLensError } from '../../shared/errors';
import { failure } from '../../../test/failure';
import { createLayerLensCore, type LayerLensCore } from '../api/layerlens-core';
import { LayerIndexCache } from '../archive/layer-cache';
import type { RegistryOptions } from './transport';

const busybox = 'layerlens-test/busybox:stable';
const appTag = uniqueTag('registry-app');
const password = 'Reg-Pa55-word!';

let plain: LocalRegistry;
let secure: LocalRegistry;
let guarded: LocalRegistry;
let tmp: string;
let appId = '';
let busyboxId = '';
const cores: LayerLensCore[] = [];
/** References pushed to the plain registry. */
const refs = { busybox: '', app: '' };

function core(
  registry: RegistryOptions = {},
  cacheDir = fs.mkdtempSync(path.join(tmp, 'cache-')),
  frontDoor: 'cli' | 'serve' = 'cli',
): LayerLensCore {
  const made = createLayerLensCore({ frontDoor, watch: false, cacheDir, registry: { certsDirs: [], ...registry } });
  cores.push(made);
  return made;
}

/** Everything but where the analysis came from and when. */
function comparable(analysis: ImageAnalysis) {
  const { source: _s, name: _n, repoTags: _r, cache: _c, analysedAt: _a, ...rest } = analysis;
  return rest;
}

function errorText(error: LayerLensError): string {
  return [error.message, error.detail, error.stack, JSON.stringify(error)].join('\n');
}

/** The manifest of a pushed tag, from the registry's own API: digest, size, config and layer blobs. */
async function manifestOf(registry: LocalRegistry, repositoryAndTag: string) {
  const [repository, tag] = repositoryAndTag.split(':');
  const answer = await registry.api('GET', `/v2/${repository}/manifests/${tag}`);
  expect(answer.status).toBe(200);
  const manifest = JSON.parse(answer.body) as { config: { digest: string }; layers: { digest: string; size: number }[] };
  return {
    digest: String(answer.headers['docker-content-digest']),
    size: Buffer.byteLength(answer.body),
    type: String(answer.headers['content-type']),
    ...manifest,
  };
}

beforeAll(async () => {
  requireLocalRegistryTools({ tls: true, auth: { username: 'u', password: 'p' } });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-registry-docker-'));
  const [, a, b, c] = await Promise.all([
    docker('build', '-q', '-t', appTag, path.join(fixturesDir, 'registry-app')),
    LocalRegistry.start(),
    LocalRegistry.start({ tls: true, auth: { username: 'tester', password } }),
    LocalRegistry.start({ auth: { username: 'tester', password } }),
  ]);
  [plain, secure, guarded] = [a, b, c];
  appId = (await docker('image', 'inspect', '-f', '{{.Id}}', appTag)).trim();
  busyboxId = (await docker('image', 'inspect', '-f', '{{.Id}}', busybox)).trim();
  refs.busybox = await plain.push(busybox, 'base/busybox:1');
  refs.app = await plain.push(appTag, 'team/app:1');
});

afterAll(async () => {
  for (const c of cores) c.close();
  await new LayerIndexCache({ dir: os.tmpdir() }).flush();
  await Promise.all([plain, secure, guarded].filter(Boolean).map((r) => r.stop()));
  await removeImage(appTag);
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('registries, read in place', () => {
  it('analyses a remote image exactly as the same image in the engine (same id, layer sizes, findings)', async () => {
    const [remote, local] = await Promise.all([
      core().analyzeImage({ kind: 'registry', ref: refs.app }),
      core().analyzeImage({ kind: 'engine', ref: appTag }),
    ]);
    expect(remote.id).toBe(appId);
    expect(remote.source).toEqual({ kind: 'registry', ref: refs.app });
    expect(remote.name).toBe(refs.app);
    expect(remote.cache).toEqual({ layersRead: remote.layers.length, layersFromCache: 0 });
    expect(remote.findings.length).toBeGreaterThan(0);
    expect(remote.wastedBytes).toBeGreaterThan(1_000_000);
    expect(comparable(remote)).toEqual(comparable(local));
    // Nothing was pulled.
    expect(await docker('images', '-q', `${plain.host}/team/app`)).toBe('');
  });

  it('fetches only the layers the cache lacks: after busybox, the image built on it fetches its own layers only', async () => {
    const cacheDir = fs.mkdtempSync(path.join(tmp, 'cache-'));
    const first = await core({}, cacheDir).analyzeImage({ kind: 'registry', ref: refs.busybox });
    expect(first.id).toBe(busyboxId);
    await new LayerIndexCache({ dir: cacheDir }).flush();
    const app = await manifestOf(plain, 'team/app:1');
    const base = await manifestOf(plain, 'base/busybox:1');
    const mark = plain.accessLog.length;
    const second = await core({}, cacheDir).analyzeImage({ kind: 'registry', ref: refs.app });
    const own = app.layers.slice(base.layers.length).map((l) => l.digest);
    expect(plain.blobDownloads(mark).sort()).toEqual([app.config.digest, ...own].sort());
    expect(second.cache).toEqual({ layersRead: own.length, layersFromCache: base.layers.length });
    await new LayerIndexCache({ dir: cacheDir }).flush();
    // Once analysed, the image costs its manifest only.
    const again = plain.accessLog.length;
    expect((await core({}, cacheDir).analyzeImage({ kind: 'registry', ref: refs.app })).id).toBe(appId);
    expect(plain.blobDownloads(again)).toEqual([]);
  });

  it('reports bytes fetched of the total layer size, and stops on cancel', async () => {
    const reader = core();
    const app = await manifestOf(plain, 'team/app:1');
    const total = app.layers.reduce((sum, l) => sum + l.size, 0);
    const events: ProgressEvent[] = [];
    reader.on('progress', (event) => events.push(event));
    await reader.analyzeImage({ kind: 'registry', ref: refs.app }, { operationId: 'progress' });
    const reads = events.filter((e) => e.phase === 'read' && e.total !== undefined);
    expect(reads.at(-1)).toMatchObject({ done: total, total });
    expect(reads.every((e) => e.done <= e.total!)).toBe(true);

    const cancelling = core();
    cancelling.on('progress', (event) => {
      if (event.operationId === 'cancel-me' && event.phase === 'read' && event.total) void cancelling.cancel('cancel-me');
    });
    const cancelled = await failure(cancelling.analyzeImage({ kind: 'registry', ref: refs.app }, { operationId: 'cancel-me' }));
    expect(cancelled.code).toBe('CANCELLED');
  });

  it('chooses the platform from an index (default: this machine) and names the platforms when one is missing', async () => {
    await plain.push(busybox, 'multi/app:amd');
    await plain.push(appTag, 'multi/app:arm');
    const [amd, arm] = await Promise.all([manifestOf(plain, 'multi/app:amd'), manifestOf(plain, 'multi/app:arm')]);
    const index = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        { mediaType: amd.type, digest: amd.digest, size: amd.size, platform: { os: 'linux', architecture: 'amd64' } },
        { mediaType: arm.type, digest: arm.digest, size: arm.size, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
      ],
    };
    const put = await plain.api('PUT', '/v2/multi/app/manifests/multi', { type: index.mediaType, data: JSON.stringify(index) });
    expect(put.status).toBe(201);
    const ref = `${plain.host}/multi/app:multi`;
    const reader = core();
    expect((await reader.analyzeImage({ kind: 'registry', ref }, { platform: 'linux/arm64' })).id).toBe(appId);
    expect((await reader.analyzeImage({ kind: 'registry', ref }, { platform: 'linux/amd64' })).id).toBe(busyboxId);
    if (process.arch === 'x64') expect((await reader.analyzeImage({ kind: 'registry', ref })).id).toBe(busyboxId);
    const none = await failure(reader.analyzeImage({ kind: 'registry', ref }, { platform: 'linux/ppc64le' }));
    expect(none.code).toBe('INVALID_ARGUMENT');
    expect(none.message).toContain('linux/ppc64le');
    expect(none.message).toContain('linux/amd64, linux/arm64/v8');
  });

  it('reads over HTTPS with the CA trusted through certs.d, and says how to trust a CA it does not know', async () => {
    const ref = await secure.push(busybox, 'secure/busybox:1');
    const config = path.join(tmp, 'secure-config');
    fs.mkdirSync(config);
    fs.writeFileSync(
      path.join(config, 'config.json'),
      JSON.stringify({ auths: { [secure.host]: { auth: Buffer.from(`tester:${password}`).toString('base64') } } }),
    );
    const untrusted = await failure(core({ dockerConfigDir: config }).analyzeImage({ kind: 'registry', ref }));
    expect(untrusted.code).toBe('TLS_UNTRUSTED');
    expect(untrusted.message).toContain(`/etc/docker/certs.d/${secure.host}/ca.crt`);
    expect(untrusted.message).toContain('not signed by a certificate authority this machine trusts');
    const trusted = await core({ dockerConfigDir: config, certsDirs: [secure.certsDir!] }).analyzeImage({ kind: 'registry', ref });
    expect(trusted.id).toBe(busyboxId);
    // The certificate is checked even though the registry is on this machine: never a fall back to plain HTTP.
    expect(secure.accessLog.some((line) => line.includes('"GET /v2/secure/busybox/blobs/'))).toBe(true);
  });

  it('uses the credentials `docker login` stored, and says UNAUTHORIZED with how to log in, never showing a credential', async () => {
    const ref = await guarded.push(busybox, 'private/busybox:1');
    expect((await core({ dockerConfigDir: guarded.dockerConfigDir }).analyzeImage({ kind: 'registry', ref })).id).toBe(busyboxId);

    const anonymous = await failure(core({ dockerConfigDir: path.join(tmp, 'no-config') }).analyzeImage({ kind: 'registry', ref }));
    expect(anonymous.code).toBe('UNAUTHORIZED');
    expect(anonymous.message).toContain(`docker login ${guarded.host}`);

    const wrongDir = path.join(tmp, 'wrong-config');
    fs.mkdirSync(wrongDir);
    const wrongAuth = Buffer.from('tester:not-the-Pa55').toString('base64');
    fs.writeFileSync(path.join(wrongDir, 'config.json'), JSON.stringify({ auths: { [guarded.host]: { auth: wrongAuth } } }));
    const wrong = await failure(core({ dockerConfigDir: wrongDir }).analyzeImage({ kind: 'registry', ref }));
    expect(wrong.code).toBe('UNAUTHORIZED');
    expect(wrong.message).toContain(guarded.host);
    const stored = fs.readFileSync(path.join(guarded.dockerConfigDir!, 'config.json'), 'utf8');
    for (const secret of ['not-the-Pa55', wrongAuth, password, Buffer.from(`tester:${password}`).toString('base64'), 'Authorization', 'Basic ']) {
      expect(errorText(wrong)).not.toContain(secret);
      expect(errorText(anonymous)).not.toContain(secret);
    }
    expect(stored).toContain(guarded.host); // the real docker login wrote where LayerLens read
  });

  it('says IMAGE_NOT_FOUND naming repository and tag, and SERVER_UNREACHABLE for a registry that is down', async () => {
    const reader = core();
    const notFound = await failure(reader.analyzeImage({ kind: 'registry', ref: `${plain.host}/team/app:no-such-tag` }));
    expect(notFound.code).toBe('IMAGE_NOT_FOUND');
    expect(notFound.message).toContain('team/app:no-such-tag');
    const down = await LocalRegistry.start();
    const host = down.host;
    await down.stop();
    const unreachable = await failure(reader.analyzeImage({ kind: 'registry', ref: `${host}/team/app:1` }));
    expect(unreachable.code).toBe('SERVER_UNREACHABLE');
    expect(unreachable.message).toContain(host);
  });

  it('compares a remote image with the local one and with another remote one, pulling neither', async () => {
    const explorer = core({}, undefined, 'serve');
    const same = await explorer.compareImages({ kind: 'registry', ref: refs.app }, { kind: 'engine', ref: appTag });
    expect(same.files.added + same.files.removed + same.files.changed).toBe(0);
    const remotes = await explorer.compareImages({ kind: 'registry', ref: refs.busybox }, { kind: 'registry', ref: refs.app });
    const diff = await explorer.getFileDiff(busyboxId, appId, { change: 'added' });
    expect(diff.entries.map((e) => e.path)).toEqual(expect.arrayContaining(['/app/data.bin', '/app/data-copy.bin']));
    expect(remotes.files.added).toBeGreaterThan(0);
    expect(await docker('images', '-q', `${plain.host}/base/busybox`)).toBe('');
  });

  it('pushes a lean image through the engine to a new tag, never over an existing one without replace', async () => {
    const lean = `${plain.host}/team/app:1-lean`;
    await docker('tag', appTag, lean);
    plain.ownTag(lean);
    const pusher = core();
    expect(await pusher.checkRemoteTag(lean)).toMatchObject({ exists: false });
    const pushed = await pusher.pushImage({ image: lean });
    expect(pushed).toMatchObject({ image: lean, imageId: appId, replaced: false });
    expect(pushed.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await pusher.checkRemoteTag(lean)).toMatchObject({ exists: true, digest: pushed.digest });
    expect((await core().analyzeImage({ kind: 'registry', ref: lean })).id).toBe(appId);

    const refused = await failure(pusher.pushImage({ image: lean }));
    expect(refused.code).toBe('INVALID_ARGUMENT');
    expect(refused.message).toContain('already exists');
    const replaced = await pusher.pushImage({ image: lean, replace: true });
    expect(replaced).toMatchObject({ replaced: true, previousDigest: pushed.digest });

    // X-Registry-Auth from the docker CLI's credentials: the engine pushes to a registry that needs them.
    const guardedLean = `${guarded.host}/team/app:1-lean`;
    await docker('tag', appTag, guardedLean);
    guarded.ownTag(guardedLean);
    const denied = await failure(core({ dockerConfigDir: path.join(tmp, 'no-config') }).pushImage({ image: guardedLean }));
    expect(denied.code).toBe('UNAUTHORIZED');
    const allowed = await core({ dockerConfigDir: guarded.dockerConfigDir }).pushImage({ image: guardedLean });
    expect(allowed.digest).toMatch(/^sha256:/);
  });
});
