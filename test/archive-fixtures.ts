/**
 * Image archives made here, from an image the real engine builds: `docker save` (legacy layout), skopeo's
 * OCI layouts (uncompressed, gzip, zstd; as folders and as archives) and a kaniko-style tarball. Every
 * archive-format test reads these, so none depends on files outside the repository.
 *
 * Made once per test project by `archive-fixtures.setup.ts` (a vitest globalSetup) and handed to the specs
 * with `inject('archiveFixtures')`.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import tar from 'tar-stream';
import { buildFixtureImage, docker, fixturesDir, uniqueTag } from './docker-fixtures';

const run = promisify(execFile);

export const ociVariants = ['uncompressed', 'gzip', 'zstd'] as const;
export type OciVariant = (typeof ociVariants)[number];

export interface ArchiveFixtures {
  /** The engine image they were saved from (removed again by the setup's teardown). */
  tag: string;
  imageId: string;
  /** The layers' diff IDs as `docker image inspect` reports them. */
  diffIds: string[];
  /** `docker save`: the legacy layout (`<id>/layer.tar`, `manifest.json`) of dockerd 20.10. */
  dockerSave: string;
  /** A kaniko tarball: gzip layers named `<blob digest>.tar.gz`, the config named by its digest. */
  kaniko: string;
  /** skopeo's OCI layout folders, one per layer compression. */
  ociDirs: Record<OciVariant, string>;
  /** The same layouts as archives (a tar of the folder, as `skopeo copy … oci-archive:` writes). */
  ociArchives: Record<OciVariant, string>;
  /** `docker save` of the busybox stand-in the image is built on: a smaller image to compare with. */
  baseSave: string;
  /** The source folder of the image (its Dockerfile and the file it copies in). */
  sourceDir: string;
}

/** The stand-in base of the fixture image (scripts/test-env.sh builds it). */
export const baseImage = 'layerlens-test/busybox:stable';

const skopeoFlags: Record<OciVariant, string[]> = {
  // skopeo gzips by default; this keeps the engine's plain tars (it still labels them tar+gzip, a quirk the
  // readers survive by sniffing the bytes).
  uncompressed: ['--dest-oci-accept-uncompressed-layers'],
  gzip: ['--dest-compress', '--dest-compress-format', 'gzip'],
  zstd: ['--dest-compress', '--dest-compress-format', 'zstd'],
};

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

async function tarFolder(dir: string, file: string): Promise<void> {
  await run('tar', ['-C', dir, '-cf', file, '.']);
}

async function readTarMembers(file: string): Promise<Map<string, Buffer>> {
  const members = new Map<string, Buffer>();
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const parts: Buffer[] = [];
      stream.on('data', (d) => parts.push(d as Buffer));
      stream.on('end', () => {
        if (header.type === 'file') members.set(header.name, Buffer.concat(parts));
        next();
      });
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  extract.end(await fs.readFile(file));
  await done;
  return members;
}

/** A kaniko tarball (go-containerregistry's `tarball.Write`) from a docker save of the same image. */
async function kanikoFromDockerSave(saved: string, file: string): Promise<void> {
  const members = await readTarMembers(saved);
  const [entry] = JSON.parse(members.get('manifest.json')!.toString()) as { Config: string; RepoTags: string[]; Layers: string[] }[];
  const config = members.get(entry.Config)!;
  const pack = tar.pack();
  const configName = `sha256:${sha256(config)}`;
  pack.entry({ name: configName, mode: 0o644, mtime: new Date(0) }, config);
  const layers: string[] = [];
  for (const layer of entry.Layers) {
    const blob = zlib.gzipSync(members.get(layer)!);
    const name = `${sha256(blob)}.tar.gz`;
    layers.push(name);
    pack.entry({ name, mode: 0o644, mtime: new Date(0) }, blob);
  }
  pack.entry(
    { name: 'manifest.json', mode: 0o644, mtime: new Date(0) },
    JSON.stringify([{ Config: configName, RepoTags: entry.RepoTags, Layers: layers }]),
  );
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  await fs.writeFile(file, Buffer.concat(chunks));
}

/** Builds the fixture image and writes every archive variant into `dir`. */
export async function makeArchiveFixtures(dir: string): Promise<ArchiveFixtures> {
  const sourceDir = path.join(fixturesDir, 'archive-formats');
  const tag = uniqueTag('archive-formats');
  const imageId = await buildFixtureImage('archive-formats', tag);
  const diffIds = JSON.parse(await docker('image', 'inspect', '-f', '{{json .RootFS.Layers}}', tag)) as string[];
  const dockerSave = path.join(dir, 'docker-save.tar');
  await docker('save', '-o', dockerSave, tag);
  const baseSave = path.join(dir, 'base-save.tar');
  await docker('save', '-o', baseSave, baseImage);
  const kaniko = path.join(dir, 'kaniko.tar');
  await kanikoFromDockerSave(dockerSave, kaniko);
  const ociDirs = {} as Record<OciVariant, string>;
  const ociArchives = {} as Record<OciVariant, string>;
  for (const variant of ociVariants) {
    ociDirs[variant] = path.join(dir, `oci-${variant}`);
    await run('skopeo', ['copy', '--quiet', ...skopeoFlags[variant], `docker-daemon:${tag}`, `oci:${ociDirs[variant]}:${tag.split(':')[1]}`]);
    ociArchives[variant] = path.join(dir, `oci-${variant}.tar`);
    await tarFolder(ociDirs[variant], ociArchives[variant]);
  }
  return { tag, imageId, diffIds, dockerSave, kaniko, ociDirs, ociArchives, baseSave, sourceDir };
}
