/**
 * Builds synthetic `LoadedImage`s for the analysis tests from a compact description:
 *
 *   buildImage([
 *     layer('ADD rootfs.tar /', [dir('/bin'), file('/bin/sh', 100)]),
 *     layer('RUN rm /bin/sh', [dir('/bin'), whiteout('/bin/sh')]),
 *   ], { user: 'node' })
 */
import { captureVersion } from '../../archive/captured-files';
import { contentHashAlgorithm } from '../../archive/content-hash';
import { EntryTable } from '../../archive/entry-table';
import type { ImageConfigFile, LayerEntry, LoadedImage } from '../../archive/model';

type EntryOptions = Partial<Pick<LayerEntry, 'mode' | 'uid' | 'gid' | 'hash'>>;

export function file(path: string, size: number, options: EntryOptions = {}): LayerEntry {
  return { path, type: 'file', size, mode: 0o644, uid: 0, gid: 0, hash: `hash:${path}:${size}`, ...options };
}

export function dir(path: string, options: EntryOptions = {}): LayerEntry {
  return { path, type: 'dir', size: 0, mode: 0o755, uid: 0, gid: 0, ...options };
}

export function symlink(path: string, target: string): LayerEntry {
  return { path, type: 'symlink', size: 0, mode: 0o777, uid: 0, gid: 0, linkTarget: target };
}

export function hardlink(path: string, target: string, options: EntryOptions = {}): LayerEntry {
  return { path, type: 'hardlink', size: 0, mode: 0o755, uid: 0, gid: 0, linkTarget: target, ...options };
}

export function whiteout(path: string): LayerEntry {
  return { path, type: 'file', size: 0, mode: 0o644, uid: 0, gid: 0, whiteout: true };
}

export function opaque(path: string): LayerEntry {
  return { path, type: 'file', size: 0, mode: 0o644, uid: 0, gid: 0, opaque: true };
}

export interface LayerSpec {
  createdBy: string;
  entries: LayerEntry[];
  captured?: Record<string, string>;
  created?: string;
}

export function layer(createdBy: string, entries: Iterable<LayerEntry>, captured?: Record<string, string>): LayerSpec {
  return { createdBy, entries: [...entries], captured };
}

export interface ImageOptions {
  user?: string;
  workingDir?: string;
  /** History steps without a layer, inserted after the layer with that index (-1: before all). */
  emptySteps?: { after: number; createdBy: string }[];
  /** Drop the history altogether. */
  noHistory?: boolean;
  repoTags?: string[];
}

export function buildImage(layers: LayerSpec[], options: ImageOptions = {}): LoadedImage {
  const diffIds = layers.map((_, i) => `sha256:${String(i).padStart(64, '0')}`);
  const history: NonNullable<ImageConfigFile['history']> = [];
  const emptyAfter = (index: number) =>
    (options.emptySteps ?? []).filter((step) => step.after === index).map((step) => ({ created_by: step.createdBy, empty_layer: true }));
  history.push(...emptyAfter(-1));
  layers.forEach((spec, i) => {
    history.push({ created_by: spec.createdBy, ...(spec.created ? { created: spec.created } : {}) });
    history.push(...emptyAfter(i));
  });
  return {
    source: 'synthetic',
    repoTags: options.repoTags ?? ['example:latest'],
    configDigest: 'sha256:abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789',
    config: {
      architecture: 'amd64',
      os: 'linux',
      config: { User: options.user ?? '', WorkingDir: options.workingDir ?? '' },
      rootfs: { type: 'layers', diff_ids: diffIds },
      history: options.noHistory ? undefined : history,
    },
    layers: layers.map((spec, i) => ({
      diffId: diffIds[i],
      compression: 'none',
      index: {
        diffId: diffIds[i],
        sizeBytes: spec.entries.reduce((sum, entry) => sum + entry.size, 0),
        contentHash: contentHashAlgorithm,
        captures: captureVersion,
        entries: EntryTable.of(spec.entries),
        ...(spec.captured ? { captured: spec.captured } : {}),
      },
    })),
  };
}
