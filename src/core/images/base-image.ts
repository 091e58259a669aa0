/**
 * Which image an image was built on: the local image whose layer chain (RootFS diff IDs) is the longest
 * proper prefix of this image's, else the base an OCI label names, else unknown — always saying how it
 * was found. And the smaller local images that could serve as a base instead, measured in this engine.
 * Layer chains of local images are cached by image ID (an image's layers never change).
 */
import fs from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import type { BaseImageInfo } from '../../shared/contract';
import { engineRequest } from '../engine/engine-request';
import { writeFileAtomic } from '../fs/atomic-write';

export interface LocalImage {
  id: string;
  tags: string[];
  layers: string[];
  sizeBytes: number;
}

const baseNameLabels = ['org.opencontainers.image.base.name', 'org.label-schema.base-image'];

/** Names a person would pick first: official-looking, short, not `latest` when another tag exists. */
function preferredName(tags: string[]): string | undefined {
  return [...tags].sort((a, b) => Number(a.endsWith(':latest')) - Number(b.endsWith(':latest')) || a.length - b.length || a.localeCompare(b))[0];
}

/** The longest proper prefix match among local images (never the image itself, nor an image with its chain). */
export function longestPrefixBase(layers: string[], imageId: string, candidates: LocalImage[]): { image: LocalImage; count: number } | undefined {
  let best: { image: LocalImage; count: number } | undefined;
  for (const candidate of candidates) {
    const n = candidate.layers.length;
    if (candidate.id === imageId || n === 0 || n >= layers.length) continue;
    if (!candidate.layers.every((layer, i) => layer === layers[i])) continue;
    const better = !best || n > best.count || (n === best.count && candidate.tags.length > 0 && best.image.tags.length === 0);
    if (better) best = { image: candidate, count: n };
  }
  return best;
}

/** The first word of an image's last path segment ("layerlens-test/node-full:18" -> "node"). */
function family(name: string): string {
  const repo = name.split('@')[0]!.replace(/:[^/]*$/, '');
  return (repo.split('/').pop() ?? repo).split(/[-_.]/)[0]!;
}

/** Local images smaller than the base that look like a slimmer variant of it. */
export function smallerVariants(base: { name: string; sizeBytes: number }, candidates: LocalImage[]): { name: string; sizeBytes: number }[] {
  const wanted = family(base.name);
  const found: { name: string; sizeBytes: number }[] = [];
  for (const candidate of candidates) {
    const name = candidate.tags.find((t) => family(t) === wanted && /slim|alpine|distroless|minimal/i.test(t));
    if (name && candidate.sizeBytes < base.sizeBytes && name !== base.name) found.push({ name, sizeBytes: candidate.sizeBytes });
  }
  return found.sort((a, b) => a.sizeBytes - b.sizeBytes).slice(0, 3);
}

export class BaseImageFinder {
  private readonly chains = new Map<string, string[]>();
  private stored?: Promise<void>;

  /** `chainsFile`: where the chains are kept between processes, so a CLI run does not inspect every image again. */
  constructor(private readonly chainsFile?: string) {}

  /** Every local image with its layer chain (inspected once per image ID). */
  async localImages(docker: Docker, signal?: AbortSignal): Promise<LocalImage[]> {
    await this.loadStored();
    const list = await engineRequest<{ Id: string; RepoTags?: string[] | null; Size: number }[]>(docker, { path: '/images/json', signal });
    const images: LocalImage[] = [];
    const pending = list.filter((info) => !this.chains.has(info.Id));
    // A few inspects at a time: a long list must not open hundreds of sockets.
    for (let i = 0; i < pending.length; i += 8) {
      await Promise.all(
        pending.slice(i, i + 8).map(async (info) => {
          const detail = await engineRequest<{ RootFS?: { Layers?: string[] } }>(docker, { path: `/images/${info.Id}/json`, signal }).catch(
            () => undefined,
          );
          if (detail) this.chains.set(info.Id, detail.RootFS?.Layers ?? []);
        }),
      );
    }
    if (pending.length > 0) await this.store(list.map((info) => info.Id));
    for (const info of list) {
      const layers = this.chains.get(info.Id);
      if (layers) images.push({ id: info.Id, tags: (info.RepoTags ?? []).filter((t) => t !== '<none>:<none>'), layers, sizeBytes: info.Size });
    }
    return images;
  }

  /** The chains an earlier process stored; a missing or unreadable file is only a slower start. */
  private loadStored(): Promise<void> {
    this.stored ??= this.chainsFile
      ? fs.promises
          .readFile(this.chainsFile, 'utf8')
          .then((text) => {
            const parsed = JSON.parse(text) as unknown;
            if (!parsed || typeof parsed !== 'object') return;
            for (const [id, layers] of Object.entries(parsed)) {
              if (Array.isArray(layers) && layers.every((layer) => typeof layer === 'string')) this.chains.set(id, layers as string[]);
            }
          })
          .catch(() => undefined)
      : Promise.resolve();
    return this.stored;
  }

  /** Keeps the chains of the images the engine still has (an image ID names its layers for ever). */
  private async store(ids: string[]): Promise<void> {
    if (!this.chainsFile) return;
    const kept = Object.fromEntries(ids.flatMap((id) => (this.chains.has(id) ? [[id, this.chains.get(id)!]] : [])));
    await fs.promises
      .mkdir(path.dirname(this.chainsFile), { recursive: true })
      .then(() => writeFileAtomic(this.chainsFile!, JSON.stringify(kept)))
      .catch(() => undefined);
  }

  /**
   * The base of an image with these layers. `labels` are the image config's labels (a fallback that names
   * a base without telling its layers apart); `layerSizes` give the base's bytes.
   */
  async find(
    docker: Docker | undefined,
    image: { id: string; layers: string[]; layerSizes: number[]; labels?: Record<string, string> },
    signal?: AbortSignal,
  ): Promise<BaseImageInfo> {
    const local = docker ? await this.localImages(docker, signal).catch(() => [] as LocalImage[]) : [];
    const match = longestPrefixBase(image.layers, image.id, local);
    if (match) {
      const name = preferredName(match.image.tags) ?? match.image.id.replace(/^sha256:/, '').slice(0, 12);
      const sizeBytes = image.layerSizes.slice(0, match.count).reduce((a, b) => a + b, 0);
      return {
        how: 'local-image',
        name,
        id: match.image.id,
        layerCount: match.count,
        sizeBytes,
        smaller: smallerVariants({ name, sizeBytes: match.image.sizeBytes }, local),
      };
    }
    const label = baseNameLabels.map((key) => image.labels?.[key]).find((value) => typeof value === 'string' && value.trim() !== '');
    if (label) {
      return { how: 'label', name: label, layerCount: 0, sizeBytes: 0, smaller: [] };
    }
    return { how: 'unknown', layerCount: 0, sizeBytes: 0, smaller: [] };
  }
}
