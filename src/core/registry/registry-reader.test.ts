/**
 * The registry reader against a registry faked at the HTTP level (the real registry is in
 * registry.docker.test.ts): the token dance and its cache, errors that name the problem and never a
 * credential, digest checks, platform choice, cancel, the layer cache, redirects without credentials.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { digestOf, FakeRegistry, type FakeRegistryOptions } from '../../../test/fake-registry';
import { LayerLensError } from '../../shared/errors';
import { failure } from '../../../test/failure';
import { LayerIndexCache } from '../archive/layer-cache';
import { gzip, packTar } from '../archive/test-support';
import { readRegistryImage, registryImageId, type ReadRegistryOptions } from './registry-reader';
import { forgetManifests } from './remote-manifest';

const dockerManifest = 'application/vnd.docker.distribution.manifest.v2+json';
const dockerList = 'application/vnd.docker.distribution.manifest.list.v2+json';
const password = 'pw-Sup3rSecret!';

let dir: string;
const registries: FakeRegistry[] = [];

async function startRegistry(options: FakeRegistryOptions = {}): Promise<FakeRegistry> {
  const registry = await new FakeRegistry({ username: 'alice', password, ...options }).start();
  registries.push(registry);
  return registry;
}

/** A docker config folder with the registry's credentials in `auths`, as `docker login` writes them. */
function dockerConfig(registry: FakeRegistry, secret = password): string {
  const folder = fs.mkdtempSync(path.join(dir, 'docker-config-'));
  fs.writeFileSync(
    path.join(folder, 'config.json'),
    JSON.stringify({ auths: { [registry.host]: { auth: Buffer.from(`alice:${secret}`).toString('base64') } } }),
  );
  return folder;
}

interface PushedImage {
  ref: string;
  configDigest: string;
  layerDigests: string[];
  diffIds: string[];
  manifestDigest: string;
}

/** An image of gzipped layers in the fake registry, under `repository:tag`. */
async function pushImage(
  registry: FakeRegistry,
  repository: string,
  tag: string,
  files: Record<string, string | Buffer>[],
  options: { architecture?: string; mangleConfig?: (config: Record<string, unknown>) => void } = {},
): Promise<PushedImage> {
  const tars = await Promise.all(files.map((layer) => packTar(Object.entries(layer).map(([name, content]) => ({ name, content })))));
  const blobs = tars.map((tar) => registry.putBlob(gzip(tar)));
  const config: Record<string, unknown> = {
    architecture: options.architecture ?? 'amd64',
    os: 'linux',
    config: { Cmd: ['sh'] },
    rootfs: { type: 'layers', diff_ids: tars.map((tar) => digestOf(tar)) },
    history: tars.map((_t, i) => ({ created_by: `RUN step ${i}` })),
  };
  options.mangleConfig?.(config);
  const configBlob = registry.putBlob(Buffer.from(JSON.stringify(config)));
  const manifest = {
    schemaVersion: 2,
    mediaType: dockerManifest,
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', ...configBlob },
    layers: blobs.map((b) => ({ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', ...b })),
  };
  const manifestDigest = registry.putManifest(repository, manifest, dockerManifest, tag);
  return {
    ref: `${registry.host}/${repository}:${tag}`,
    configDigest: configBlob.digest,
    layerDigests: blobs.map((b) => b.digest),
    diffIds: tars.map((t) => digestOf(t)),
    manifestDigest,
  };
}

function errorText(error: unknown): string {
  const e = error as LayerLensError;
  return [e.message, e.detail, e.stack, JSON.stringify(e), JSON.stringify(e.toData?.())].join('\n');
}

const read = (ref: string, options: ReadRegistryOptions = {}) => readRegistryImage(ref, options);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-registry-unit-'));
});
afterEach(() => forgetManifests());
afterAll(async () => {
  await Promise.all(registries.map((r) => r.stop()));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('reading an image from a registry', () => {
  it('reads an open registry over plain HTTP on this machine: config, layers, diff IDs, progress to the total', async () => {
    const registry = await startRegistry();
    const pushed = await pushImage(registry, 'team/app', '1', [
      { 'etc/os-release': 'ID=debian\n', 'bin/sh': 'x'.repeat(1000) },
      { 'app/index.js': 'console.log(1)' },
    ]);
    const progress: [number, number | undefined][] = [];
    const image = await read(`registry://${pushed.ref}`, { onProgress: (done, total) => progress.push([done, total]) });
    expect(image.configDigest).toBe(pushed.configDigest);
    expect(image.layers.map((l) => l.diffId)).toEqual(pushed.diffIds);
    expect(image.layers.map((l) => l.blobDigest)).toEqual(pushed.layerDigests);
    expect(image.layers.map((l) => l.compression)).toEqual(['gzip', 'gzip']);
    expect(image.layers[1].index.entries.map((e) => e.path)).toEqual(['/app/index.js']);
    expect(image.repoTags).toEqual([`${registry.host}/team/app:1`]);
    const total = [...registry.blobs.values()].filter((_b, i) => i < 2).reduce((sum, b) => sum + b.length, 0);
    expect(progress.at(-1)).toEqual([total, total]);
    expect(await registryImageId(pushed.ref)).toBe(pushed.configDigest);
  });

  it('does the bearer token dance with the docker config credentials, one token per scope', async () => {
    const registry = await startRegistry({ auth: 'bearer' });
    const a = await pushImage(registry, 'team/a', '1', [{ a: '1' }, { b: '2' }, { c: '3' }]);
    const b = await pushImage(registry, 'team/b', '1', [{ d: '4' }]);
    const registryOptions = { dockerConfigDir: dockerConfig(registry) };
    await read(a.ref, { registry: registryOptions });
    expect(registry.tokensIssued).toBe(1);
    const tokenRequest = registry.log.find((r) => r.path.startsWith('/token'))!;
    expect(tokenRequest.path).toContain('scope=repository%3Ateam%2Fa%3Apull');
    expect(tokenRequest.authorization).toBe(`Basic ${Buffer.from(`alice:${password}`).toString('base64')}`);
    // Every blob request carried the token; none was refused after the first.
    expect(registry.log.filter((r) => r.path.includes('/blobs/')).every((r) => r.authorization === `Bearer ${registry.token}`)).toBe(true);
    await read(b.ref, { registry: registryOptions });
    expect(registry.tokensIssued).toBe(2);
  });

  it('answers basic auth with the user and password of `auths`', async () => {
    const registry = await startRegistry({ auth: 'basic' });
    const pushed = await pushImage(registry, 'app', 'v1', [{ f: 'x' }]);
    const image = await read(pushed.ref, { registry: { dockerConfigDir: dockerConfig(registry) } });
    expect(image.configDigest).toBe(pushed.configDigest);
  });

  it('says UNAUTHORIZED naming the registry and `docker login`, and never shows a password or token', async () => {
    const basic = await startRegistry({ auth: 'basic' });
    const pushed = await pushImage(basic, 'app', 'v1', [{ f: 'x' }]);
    const noCreds = await failure(read(pushed.ref, { registry: { dockerConfigDir: path.join(dir, 'none') } }));
    expect(noCreds.code).toBe('UNAUTHORIZED');
    expect(noCreds.message).toContain(`docker login ${basic.host}`);
    const wrong = await failure(read(pushed.ref, { registry: { dockerConfigDir: dockerConfig(basic, `${password}-wrong`) } }));
    expect(wrong.code).toBe('UNAUTHORIZED');
    expect(wrong.message).toContain(basic.host);
    expect(wrong.message).toContain('were refused');
    for (const secret of [password, `${password}-wrong`, Buffer.from(`alice:${password}-wrong`).toString('base64'), 'Authorization', 'Basic ']) {
      expect(errorText(wrong)).not.toContain(secret);
    }

    // A token the registry then refuses: the token must not surface either.
    const bearer = await startRegistry({ auth: 'bearer', token: 'tok-VERY-secret-123' });
    const image = await pushImage(bearer, 'app', 'v1', [{ f: 'x' }]);
    bearer.overrides.push({
      path: /\/manifests\//,
      status: 401,
      body: JSON.stringify({ errors: [{ code: 'DENIED', message: 'no' }] }),
      headers: { 'WWW-Authenticate': `Bearer realm="http://${bearer.host}/token",service="fake"` },
    });
    const refused = await failure(read(image.ref, { registry: { dockerConfigDir: dockerConfig(bearer) } }));
    expect(refused.code).toBe('UNAUTHORIZED');
    expect(bearer.tokensIssued).toBeGreaterThan(0);
    for (const secret of ['tok-VERY-secret-123', password, 'Bearer ', 'Authorization']) expect(errorText(refused)).not.toContain(secret);
  });

  it('names the repository and tag of a missing image (IMAGE_NOT_FOUND), and says what else went wrong', async () => {
    const registry = await startRegistry();
    const missing = await failure(read(`${registry.host}/team/nothing:7`));
    expect(missing).toMatchObject({ code: 'IMAGE_NOT_FOUND' });
    expect(missing.message).toContain('team/nothing:7');
    expect(missing.message).toContain(registry.host);

    registry.overrides.push({
      path: /\/v2\/limited\//,
      status: 429,
      body: JSON.stringify({ errors: [{ code: 'TOOMANYREQUESTS', message: 'slow down' }] }),
    });
    expect(await failure(read(`${registry.host}/limited/app:1`))).toMatchObject({
      code: 'REGISTRY_ERROR',
      message: expect.stringContaining('rate limit'),
    });

    const gone = await startRegistry();
    const port = gone.port;
    await gone.stop();
    const unreachable = await failure(read(`127.0.0.1:${port}/app:1`));
    expect(unreachable.code).toBe('SERVER_UNREACHABLE');
    expect(unreachable.message).toContain(`127.0.0.1:${port}`);
  });

  it('refuses a blob that is not the digest the manifest names, and a layer that is not the diff ID the config names', async () => {
    const registry = await startRegistry();
    const pushed = await pushImage(registry, 'bad/blob', '1', [{ f: 'x' }]);
    registry.blobs.set(pushed.layerDigests[0], gzip(await packTar([{ name: 'f', content: 'tampered' }])));
    const blob = await failure(read(pushed.ref));
    expect(blob.code).toBe('ARCHIVE_CORRUPT');
    expect(blob.message).toContain(pushed.layerDigests[0]);

    const lying = await pushImage(registry, 'bad/diffid', '1', [{ f: 'x' }], {
      mangleConfig: (config) => ((config.rootfs as { diff_ids: string[] }).diff_ids = [`sha256:${'0'.repeat(64)}`]),
    });
    const diff = await failure(read(lying.ref));
    expect(diff.code).toBe('ARCHIVE_CORRUPT');
    expect(diff.message).toContain(`sha256:${'0'.repeat(64)}`);

    // A tag whose manifest is not the one Docker-Content-Digest names.
    const manifest = registry.manifests.get('bad/blob:1')!;
    registry.manifests.set('bad/tagged:1', manifest);
    registry.overrides.push({
      path: /\/v2\/bad\/tagged\/manifests\//,
      status: 200,
      body: manifest.data.toString(),
      headers: { 'Content-Type': dockerManifest, 'Docker-Content-Digest': `sha256:${'1'.repeat(64)}` },
    });
    expect(await failure(read(`${registry.host}/bad/tagged:1`))).toMatchObject({
      code: 'ARCHIVE_CORRUPT',
      message: expect.stringContaining(`sha256:${'1'.repeat(64)}`),
    });
  });

  it('chooses from a manifest list by platform (default: this machine) and names the platforms there are', async () => {
    const registry = await startRegistry();
    const amd = await pushImage(registry, 'multi/app', 'amd', [{ arch: 'amd64' }]);
    const arm = await pushImage(registry, 'multi/app', 'arm', [{ arch: 'arm64' }], { architecture: 'arm64' });
    const size = (tag: string) => registry.manifests.get(`multi/app:${tag}`)!.data.length;
    registry.putManifest(
      'multi/app',
      {
        schemaVersion: 2,
        mediaType: dockerList,
        manifests: [
          { mediaType: dockerManifest, digest: amd.manifestDigest, size: size('amd'), platform: { os: 'linux', architecture: 'amd64' } },
          {
            mediaType: dockerManifest,
            digest: arm.manifestDigest,
            size: size('arm'),
            platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
          },
        ],
      },
      dockerList,
      'multi',
    );
    const ref = `${registry.host}/multi/app:multi`;
    expect((await read(ref, { platform: 'linux/arm64' })).configDigest).toBe(arm.configDigest);
    expect((await read(ref, { platform: 'linux/amd64' })).configDigest).toBe(amd.configDigest);
    if (process.arch === 'x64') expect((await read(ref)).configDigest).toBe(amd.configDigest);
    const none = await failure(read(ref, { platform: 'linux/s390x' }));
    expect(none.code).toBe('INVALID_ARGUMENT');
    expect(none.message).toContain('linux/amd64, linux/arm64/v8');
    // A single-platform image asked for another platform says so.
    expect(await failure(read(amd.ref, { platform: 'linux/arm64' }))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('linux/amd64 only'),
    });
  });

  it('fetches no blob whose layer index is cached: a second image on the same base fetches only its own layer', async () => {
    const registry = await startRegistry();
    const base = { 'etc/base': 'base'.repeat(100) };
    const first = await pushImage(registry, 'cache/first', '1', [base, { one: '1' }]);
    const second = await pushImage(registry, 'cache/second', '1', [base, { two: '2' }]);
    const cache = new LayerIndexCache({ dir: fs.mkdtempSync(path.join(dir, 'cache-')) });
    await read(first.ref, { cache });
    await cache.flush();
    const mark = registry.log.length;
    const image = await read(second.ref, { cache: new LayerIndexCache({ dir: cache.dir }) });
    const blobs = registry.log
      .slice(mark)
      .filter((r) => r.method === 'GET' && r.path.includes('/blobs/'))
      .map((r) => r.path.split('/blobs/')[1]);
    expect(blobs).toEqual([second.configDigest, second.layerDigests[1]]);
    expect(image.layers.map((l) => l.diffId)).toEqual(second.diffIds);
    await cache.flush();
    // The same image again: the manifest only (config and layers from the cache).
    const again = registry.log.length;
    await read(second.ref, { cache: new LayerIndexCache({ dir: cache.dir }) });
    expect(registry.log.slice(again).filter((r) => r.path.includes('/blobs/'))).toEqual([]);
  });

  it('stops on cancel, mid-blob (CANCELLED)', async () => {
    const registry = await startRegistry();
    const pushed = await pushImage(registry, 'big/app', '1', [{ big: randomBytes(8 * 1024 * 1024) }]);
    const controller = new AbortController();
    const started = Date.now();
    const error = await failure(read(pushed.ref, { signal: controller.signal, onProgress: (done) => done > 0 && controller.abort() }));
    expect(error.code).toBe('CANCELLED');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('says a connection that breaks mid-blob is the network (SERVER_UNREACHABLE), not a corrupt layer', async () => {
    const registry = await startRegistry();
    const pushed = await pushImage(registry, 'cut/app', '1', [{ big: randomBytes(256 * 1024) }]);
    registry.overrides.push({ path: new RegExp(`/blobs/${pushed.layerDigests[0]}$`), status: 200, cutAfter: 64 * 1024 });
    const error = await failure(read(pushed.ref));
    expect(error.code).toBe('SERVER_UNREACHABLE');
    expect(error.message).toContain(registry.host);
  });

  it('follows a redirect of a blob to storage elsewhere without sending the credentials there', async () => {
    const registry = await startRegistry({ auth: 'basic' });
    const storage = await startRegistry();
    const pushed = await pushImage(registry, 'redirected/app', '1', [{ f: 'x' }]);
    const layer = pushed.layerDigests[0];
    storage.blobs.set(layer, registry.blobs.get(layer)!);
    registry.overrides.push({
      path: new RegExp(`/blobs/${layer}$`),
      status: 307,
      headers: { Location: `http://${storage.host}/v2/storage/blobs/${layer}?signed=1` },
    });
    const image = await read(pushed.ref, { registry: { dockerConfigDir: dockerConfig(registry) } });
    expect(image.layers[0].blobDigest).toBe(layer);
    expect(storage.log.length).toBeGreaterThan(0);
    expect(storage.log.every((r) => r.authorization === undefined)).toBe(true);
  });
});
