/** Where LayerLens keeps what it can compute again: layer indexes, configs, analyses, layer chains. */
import os from 'node:os';
import path from 'node:path';

/** LAYERLENS_CACHE_DIR, else $XDG_CACHE_HOME/layerlens, else ~/.cache/layerlens. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LAYERLENS_CACHE_DIR) return env.LAYERLENS_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'layerlens');
}
