/**
 * The core's engine paths against Podman's Docker-compatible API, for real (docs/ARCHITECTURE.md, "Podman
 * differences"): who the engine is, the image list and the disk it takes, image detail from Podman's
 * history, image events, a build's progress and errors in Podman's words, and a HEALTHCHECK verification
 * where Podman runs no checks by itself. The podman CLI (remote mode) is the oracle.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithPodman, podman, podmanHost, podmanImageIds, removeNewPodmanImages } from '../../../test/podman-fixtures';
import type { ImageChange } from '../../shared/contract';
import { createLayerLensCore, type LayerLensCore } from '../api/layerlens-core';
import { buildImage } from '../build/build-image';
import type { BuildEvent } from '../build/build-progress';
import { observeImage } from '../build/verify-images';
import { createDockerClient } from './docker-client';
import { parseEngineHost } from './endpoint';

const slim = 'layerlens-test/node-slim:18';
const busybox = 'layerlens-test/busybox:stable';
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-podman-core-'));
let core: LayerLensCore;
let before: Set<string>;

beforeAll(async () => {
  core = createLayerLensCore({ frontDoor: 'cli', watch: false, engineHost: podmanHost, cacheDir: path.join(scratch, 'cache') });
  before = await podmanImageIds().catch(() => new Set<string>());
});
afterAll(async () => {
  core?.close();
  if (before) await removeNewPodmanImages(before).catch(() => undefined);
  fs.rmSync(scratch, { recursive: true, force: true });
});

function context(name: string, dockerfile: string): string {
  const dir = path.join(scratch, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
  return dir;
}

const podmanClient = () => createDockerClient(parseEngineHost(podmanHost, 'podman test socket'));

describeWithPodman('the core on Podman', () => {
  it('knows it talks to Podman, by the name Podman gives itself', async () => {
    const status = await core.getConnection();
    expect(status.state).toBe('connected');
    const version = (await podman('version', '--format', '{{.Server.Version}}')).trim();
    expect(status.engine).toMatchObject({ kind: 'podman', name: 'Podman Engine', version });
  });

  it("lists Podman's images with Podman's sizes, and the disk they take with shared layers counted once", async () => {
    const list = await core.listImages();
    const oracle = JSON.parse(await podman('images', '--format', 'json')) as { Id: string; Size: number }[];
    const byId = new Map(list.images.map((image) => [image.id.replace(/^sha256:/, ''), image]));
    for (const image of oracle) expect(byId.get(image.Id)?.sizeBytes, image.Id).toBe(image.Size);
    const slimImage = list.images.find((image) => image.repoTags.some((t) => t.endsWith(slim)))!;
    expect(slimImage.repoTags).toContain(`localhost/${slim}`); // Podman names loaded images under localhost/
    // Podman answers LayersSize 0 in /system/df; LayerLens counts the layers itself.
    const largest = Math.max(...list.images.map((image) => image.sizeBytes));
    expect(list.totalDiskBytes).toBeGreaterThanOrEqual(largest);
    expect(list.totalDiskBytes).toBeLessThanOrEqual(list.images.reduce((sum, image) => sum + image.sizeBytes, 0));
  });

  it('maps Podman\'s history ("<missing>" ids, tar-sized layers) onto the layers exactly', async () => {
    const detail = await core.inspectImage(slim);
    const diffIds = JSON.parse(await podman('image', 'inspect', '--format', '{{json .RootFS.Layers}}', slim)) as string[];
    expect(detail.layers.map((l) => l.digest)).toEqual(diffIds);
    expect(detail.historyExact).toBe(true);
    // Podman's layer sizes are the layer tars' sizes; its image size adds the config and manifest (a few KB).
    const layerBytes = detail.layers.reduce((sum, l) => sum + l.sizeBytes, 0);
    expect(layerBytes % 512).toBe(0);
    expect(detail.sizeBytes - layerBytes).toBeGreaterThanOrEqual(0);
    expect(detail.sizeBytes - layerBytes).toBeLessThan(64 * 1024);
    expect(detail.layers[1]!.instruction).toMatch(/^RUN apt-get update/);
    expect(detail.metadataSteps.map((s) => s.instruction)).toEqual(['CMD ["node"]']);
  });

  it("follows Podman's image events", async () => {
    const watching = createLayerLensCore({ frontDoor: 'cli', watch: true, engineHost: podmanHost, cacheDir: path.join(scratch, 'cache') });
    const tag = `layerlens-test/podman-events:t-${process.pid}`;
    try {
      expect((await watching.start()).state).toBe('connected');
      const seen = new Promise<ImageChange>((resolve) => watching.on('imagesChanged', resolve));
      await new Promise((resolve) => setTimeout(resolve, 300)); // the event stream is open
      await podman('tag', busybox, tag);
      const change = await Promise.race([seen, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 15_000))]);
      expect(change).toMatchObject({ action: 'tag', id: expect.stringMatching(/^[0-9a-f]{64}$/) });
    } finally {
      watching.close();
      await podman('untag', busybox, `docker.io/${tag}`).catch(() => podman('untag', busybox, `localhost/${tag}`).catch(() => undefined));
    }
  });

  it('removes the one tag asked for by its short name, though Podman spells it localhost/…', async () => {
    const short = `layerlens-test/podman-untag:t-${process.pid}`;
    await podman('tag', busybox, short, `${short}-keep`);
    try {
      const preview = await core.previewRemoval([short]);
      expect(preview).toEqual({ images: [{ id: expect.stringMatching(/^sha256:/), names: [`localhost/${short}`], freedBytes: 0 }], freedBytes: 0 });
      await core.removeImages([short], 0);
      const names = (await podman('images', '--format', '{{.Repository}}:{{.Tag}}')).split('\n');
      expect(names).not.toContain(`localhost/${short}`);
      expect(names).toContain(`localhost/${short}-keep`);
      expect(names).toContain(`localhost/${busybox}`);
    } finally {
      for (const name of [short, `${short}-keep`]) await podman('untag', busybox, `localhost/${name}`).catch(() => undefined);
    }
  });

  it("reads Podman's build stream: STEP n/m per stage counted on, errors with the failing step", async () => {
    const docker = podmanClient();
    const events: BuildEvent[] = [];
    const built = await buildImage(docker, {
      contextDir: context(
        'two-stages',
        `FROM ${busybox} AS first\nRUN echo one > /one\n\nFROM ${busybox}\nCOPY --from=first /one /one\nCMD ["cat", "/one"]\n`,
      ),
      dockerfile: 'Dockerfile',
      onEvent: (e) => events.push(e),
    });
    expect(built.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    const steps = events.filter((e) => e.type === 'step');
    // Podman: "[1/2] STEP 1/2: FROM …", "[2/2] STEP 1/3: FROM …"; Docker would say Step 1/5 … 5/5.
    expect(steps.map((e) => `${e.step}/${e.total} ${e.instruction.split(' ')[0]}`)).toEqual([
      '1/2 FROM',
      '2/2 RUN',
      '3/5 FROM',
      '4/5 COPY',
      '5/5 CMD',
    ]);
    expect(built.steps).toBe(5);

    await expect(
      buildImage(docker, { contextDir: context('failing', `FROM ${busybox}\nRUN echo before\nRUN exit 3\n`), dockerfile: 'Dockerfile' }),
    ).rejects.toMatchObject({
      code: 'BUILD_FAILED',
      message: expect.stringMatching(/^The build failed at step 3\/3 \(RUN exit 3\): .*exit status 3$/),
    });
  });

  it('verifies by HEALTHCHECK although Podman runs no checks by itself here', async () => {
    const docker = podmanClient();
    const { imageId } = await buildImage(docker, {
      contextDir: context('healthy', `FROM ${busybox}\nHEALTHCHECK --interval=30s CMD test -e /bin/sh\nCMD ["sleep", "60"]\n`),
      dockerfile: 'Dockerfile',
    });
    const started = Date.now();
    const observed = await observeImage(docker, imageId, 'lean', { mode: 'healthcheck', paths: ['/'], timeoutMs: 20_000, settleMs: 5000, env: [] });
    expect(observed.ready, observed.run.problem).toBe(true);
    expect(observed.answers.get('health')).toEqual({ status: 200, body: 'healthy' });
    // The interval is 30 s: the answer came from a check run on demand.
    expect(Date.now() - started).toBeLessThan(15_000);
    expect((await podman('ps', '-a', '--filter', 'label=io.layerlens.purpose', '--format', '{{.Names}}')).trim()).toBe('');
  });
});
