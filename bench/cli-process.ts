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

export interface ServedProcess {
  pid: number;
  /** POSTs a contract call and returns its result; rejects with the call's error. */
  call<T = unknown>(method: string, ...args: unknown[]): Promise<T>;
  /** Stops the server (SIGTERM) and measures it. */
  stop(): Promise<ProcessRun>;
}

/** `layerlens serve` through the launcher, measured like `measuredProcess`, driven over its HTTP contract. */
export function measuredServe(env: NodeJS.ProcessEnv = process.env): Promise<ServedProcess> {
  const start = performance.now();
  const child = spawn(process.execPath, ['--import', path.join(root, 'bench', 'exit-rss.mjs'), launcher, 'serve', '--port', '0'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit', 'pipe'],
  });
  let rss = '';
  child.stdio[3]!.on('data', (chunk: Buffer) => (rss += chunk.toString()));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  return new Promise((resolve, reject) => {
    let output = '';
    child.on('error', reject);
    void closed.then((code) => reject(new Error(`serve exited with ${code} before it served:\n${output}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving on (http:\/\/\S+)/.exec(output);
      if (!match) return;
      const url = new URL(match[1]);
      const token = url.searchParams.get('token') ?? '';
      resolve({
        pid: child.pid!,
        call: async <T>(method: string, ...args: unknown[]) => {
          const response = await fetch(`${url.origin}/api/call/${method}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(args),
          });
          const envelope = (await response.json()) as { ok: boolean; result?: T; error?: { message: string } };
          if (!envelope.ok) throw new Error(`${method}: ${envelope.error?.message}`);
          return envelope.result as T;
        },
        stop: async () => {
          child.kill('SIGTERM');
          const code = await closed;
          if (code !== 0) throw new Error(`serve exited with ${code}`);
          return { ms: performance.now() - start, peakRss: Number(rss.trim()) };
        },
      });
    });
  });
}
