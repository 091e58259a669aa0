/**
 * Claims about the original and the lean image, measured in their layers and history rather than assumed:
 * which devDependencies sit in their node_modules, and which secrets they carry (a token file such as an
 * .npmrc, a secret build argument recorded in the history). Images are read like any analysis, through the
 * layer cache, so the original's layers cost nothing the second time.
 */
import type Docker from 'dockerode';
import type { MeasuredClaims } from '../../shared/rebuild';
import { stackLayers, type MergedFs } from '../analysis/file-tree';
import { readEngineImage } from '../archive/engine-image-reader';
import type { LayerIndexCache } from '../archive/layer-cache';
import type { LoadedImage } from '../archive/model';
import { npmrcHoldsToken } from '../dockerfile/npmrc';

export interface MeasureRequest {
  original: string;
  lean: string;
  /** Folders whose node_modules hold the project's dependencies. */
  projectDirs: string[];
  devDependencies: string[];
  /** Build-argument names that hold secrets. */
  secretArgs: string[];
  cache?: LayerIndexCache;
  signal?: AbortSignal;
}

function devDependenciesIn(fs: MergedFs, dirs: string[], devDependencies: string[]): string[] {
  return devDependencies.filter((name) => dirs.some((dir) => fs.exists(`${dir === '/' ? '' : dir}/node_modules/${name}/package.json`)));
}

function secretsIn(image: LoadedImage, fs: MergedFs, secretArgs: string[]): string[] {
  const found: string[] = [];
  for (const [path, node] of fs.nodes) {
    if (!/\/\.npmrc$/.test(path)) continue;
    const text = image.layers[node.layer]?.index.captured?.[path];
    if (text !== undefined && npmrcHoldsToken(text)) found.push(`${path}, which holds a registry token`);
  }
  for (const name of secretArgs) {
    if ((image.config.history ?? []).some((h) => (h.created_by ?? '').includes(`${name}=`)))
      found.push(`the build argument ${name}, recorded in the image history`);
  }
  return found;
}

export async function measureClaims(docker: Docker, request: MeasureRequest): Promise<MeasuredClaims> {
  const measure = async (ref: string) => {
    const image = await readEngineImage(docker, ref, { cache: request.cache, signal: request.signal });
    const fs = stackLayers(image.layers);
    return { dev: devDependenciesIn(fs, request.projectDirs, request.devDependencies), secrets: secretsIn(image, fs, request.secretArgs) };
  };
  const original = await measure(request.original);
  const lean = await measure(request.lean);
  return { devDependencies: { original: original.dev, lean: lean.dev }, secrets: { original: original.secrets, lean: lean.secrets } };
}
