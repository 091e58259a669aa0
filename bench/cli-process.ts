/**
 * Whole CLI processes as a user runs them: the launcher (`scripts/layerlens.mjs`) on a fresh build, with
 * the peak RSS read from inside the process (the preloaded exit-rss module writes it to fd 3 at exit).
 */
import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
export const root = path.resolve(import.meta.dirname, '..');
export const launcher = path.join(root, 'scripts', 'layerlens.mjs');

let built = false;
/** The launcher runs the build when it is newer than the sources: measure that path, not tsx's. */
export async function freshBuild(): Promise<void> {
  if (built) return;
  await exec('npx', ['electron-vite', 'build'], { cwd: root });
  built = true;
}

export interface ProcessRun {
  ms: number;
  /** Peak RSS of the whole process, in bytes. */
  peakRss: number;
}

/** Runs `node <args>` to its end (stdout dropped) and measures it; rejects when it exits non-zero. */
export function measuredProcess(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, ['--import', path.join(root, 'bench', 'exit-rss.mjs'), ...args], {
      env,
      stdio: ['ignore', 'ignore', 'inherit', 'pipe'],
    });
    let text = '';
    child.stdio[3]!.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - start;
      if (code !== 0) reject(new Error(`node ${args.join(' ')} exited with ${code}`));
      else resolve({ ms, peakRss: Number(text.trim()) });
    });
  });
}
