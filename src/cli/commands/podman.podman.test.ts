/**
 * The CLI against Podman's Docker-compatible API (`--host unix://<podman socket>`), in process: which engine
 * it talks to, the image list, an image analysed from Podman against the same image analysed from dockerd,
 * a Node app built, optimized and verified on Podman, and reports of one image and of a comparison. The
 * podman CLI (remote mode) is the oracle; only layerlens-test/node-slim:18 and busybox are in Podman.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixturesDir } from '../../../test/docker-fixtures';
import { describeWithPodman, podman, podmanHost, podmanImageIds, removeNewPodmanImages } from '../../../test/podman-fixtures';
import type { ImageAnalysis } from '../../shared/analysis';
import type { ImageList } from '../../shared/contract';
import type { RebuildOutcome } from '../../shared/rebuild';
import { cli } from '../test-cli';

const slim = 'layerlens-test/node-slim:18';
const app = path.join(fixturesDir, 'slim-app');
const tag = `layerlens-test/podman-slim-app:t-${process.pid}`;
const leanTag = `${tag}-lean`;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-podman-cli-'));
const savedCacheDir = process.env.LAYERLENS_CACHE_DIR;
let before: Set<string>;

/** A CLI run with a layer cache per engine: what one engine answers is never served from the other's reading. */
async function withCache<T>(name: string, work: () => Promise<T>): Promise<T> {
  process.env.LAYERLENS_CACHE_DIR = path.join(scratch, name);
  try {
    return await work();
  } finally {
    if (savedCacheDir === undefined) delete process.env.LAYERLENS_CACHE_DIR;
    else process.env.LAYERLENS_CACHE_DIR = savedCacheDir;
  }
}

beforeAll(async () => {
  before = await podmanImageIds().catch(() => new Set<string>());
});
afterAll(async () => {
  if (before) await removeNewPodmanImages(before).catch(() => undefined);
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** What must be the same whichever engine exported the image: the layers' contents and what follows. */
function contentOf(analysis: ImageAnalysis) {
  return {
    id: analysis.id,
    sizeBytes: analysis.sizeBytes,
    layers: analysis.layers.map((l) => ({
      digest: l.digest,
      sizeBytes: l.sizeBytes,
      fileCount: l.fileCount,
      added: l.added,
      modified: l.modified,
      removed: l.removed,
      wastedBytes: l.wastedBytes,
    })),
    efficiency: analysis.efficiency,
    wastedBytes: analysis.wastedBytes,
    // Whether a finding is the base's depends on the local images (dockerd has the Debian base, Podman not).
    findings: analysis.findings.map((f) => ({ category: f.category, title: f.title, bytes: f.bytes, fileCount: f.fileCount })),
    attackSurface: analysis.attackSurface,
  };
}

describeWithPodman('the CLI on Podman', () => {
  it('`info` says it talks to Podman', async () => {
    const human = await cli('info', '--host', podmanHost);
    expect(human.code, human.err).toBe(0);
    expect(human.out).toMatch(/^Engine: +Podman Engine \(podman\)$/m);
    expect(human.out).toContain(`Endpoint:    ${podmanHost} (LayerLens setting)`);
    const json = JSON.parse((await cli('info', '--host', podmanHost, '--json')).out);
    expect(json).toMatchObject({ state: 'connected', engine: { kind: 'podman', name: 'Podman Engine' } });
  });

  it("`images` lists what Podman lists, and a disk total that is not Podman's 0", async () => {
    const result = await cli('images', '--host', podmanHost, '--json');
    expect(result.code, result.err).toBe(0);
    const list = JSON.parse(result.out) as ImageList;
    const oracle = (await podman('images', '-q', '--no-trunc'))
      .split('\n')
      .filter(Boolean)
      .map((id) => id.replace(/^sha256:/, ''));
    expect(list.images.map((i) => i.id.replace(/^sha256:/, '')).sort()).toEqual([...new Set(oracle)].sort());
    expect(list.totalDiskBytes).toBeGreaterThan(0);
    expect((await cli('images', '--host', podmanHost)).out).not.toMatch(/, 0 B on disk/);
  });

  it('analyses an image from Podman as it does from dockerd: same id, layers, files, sizes and findings', async () => {
    const fromPodman = await withCache('podman', () => cli('inspect', slim, '--host', podmanHost, '--json'));
    expect(fromPodman.code, fromPodman.err).toBe(0);
    const fromDocker = await withCache('docker', () => cli('inspect', slim, '--json'));
    expect(fromDocker.code, fromDocker.err).toBe(0);
    const podmanAnalysis = JSON.parse(fromPodman.out) as ImageAnalysis;
    const dockerAnalysis = JSON.parse(fromDocker.out) as ImageAnalysis;
    // Both read the export, not a cache: the layers were read from each engine.
    expect(podmanAnalysis.cache).toMatchObject({ layersFromCache: 0 });
    expect(podmanAnalysis.cache.layersRead).toBe(podmanAnalysis.layers.length);
    expect(contentOf(podmanAnalysis)).toEqual(contentOf(dockerAnalysis));
    // Podman names a loaded image under localhost/.
    expect(podmanAnalysis.repoTags).toEqual([`localhost/${slim}`]);
  });

  it('builds, optimizes and verifies a Node app on Podman; the lean image is tagged there and runs as non-root', async () => {
    const result = await withCache('podman', () =>
      cli('optimize', app, '--runtime-base', slim, '--verify', '--tag', tag, '--no-write', '--json', '--host', podmanHost),
    );
    expect(result.code, result.err).toBe(0);
    const { result: outcome } = JSON.parse(result.out) as RebuildOutcome;
    expect(outcome).toMatchObject({ verdict: 'lean', chosen: 'c1', original: { image: tag }, lean: { image: leanTag } });
    expect(outcome.verify!.checks.map((c) => [c.name, c.passed])).toEqual([
      ['starts and answers', true],
      ['GET / status', true],
      ['GET / body', true],
    ]);
    // Podman's build stream ("[2/2] STEP 3/7: COPY …") read as steps counted on over the stages, as Docker counts.
    expect(result.err).toMatch(/^\[build-lean\] Step 9\/13 : COPY --from=layerlens-build \/app \/app$/m);
    expect(outcome.lean!.sizeBytes).toBeLessThan(outcome.original.sizeBytes - 20_000_000);

    // From outside, with Podman's own CLI: both tags exist, the lean image runs as the new user.
    const leanId = (await podman('image', 'inspect', '--format', '{{.Id}}', leanTag)).trim();
    expect(`sha256:${leanId.replace(/^sha256:/, '')}`).toBe(outcome.lean!.id);
    expect((await podman('image', 'inspect', '--format', '{{.Config.User}}', leanTag)).trim()).toBe('app');
    // No verification container is left behind.
    expect((await podman('ps', '-a', '--filter', 'label=io.layerlens.purpose', '--format', '{{.Names}}')).trim()).toBe('');
  });

  it('writes reports of a Podman image and of a comparison, naming Podman as the engine', async () => {
    await withCache('podman', async () => {
      const md = path.join(scratch, 'report.md');
      const one = await cli('report', tag, '-o', md, '--host', podmanHost);
      expect(one.code, one.err).toBe(0);
      const text = fs.readFileSync(md, 'utf8');
      expect(text).toContain(`# Size report: docker.io/${tag}`); // Podman's compat API tags under docker.io/
      expect(text).toMatch(/\| Engine \| Podman Engine \d/);

      const json = path.join(scratch, 'compare.json');
      const two = await cli('report', tag, '--compare', leanTag, '-o', json, '--host', podmanHost);
      expect(two.code, two.err).toBe(0);
      const report = JSON.parse(fs.readFileSync(json, 'utf8'));
      expect(report.kind).toBe('comparison');
      expect(report.comparison.reductionBytes).toBe(report.images[0].sizes.sizeBytes - report.images[1].sizes.sizeBytes);
      expect(report.comparison.reductionBytes).toBeGreaterThan(20_000_000);
      expect(report.images.map((i: { identity: { engine: string } }) => i.identity.engine)).toEqual([
        expect.stringMatching(/^Podman Engine /),
        expect.stringMatching(/^Podman Engine /),
      ]);
    });
  });
});
