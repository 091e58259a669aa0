/**
 * Folder walks that neither block the event loop nor recurse: every directory is read with
 * fs.promises (so timers, progress and other calls run between reads, on Electron's main process and in
 * `serve` alike) and the walk keeps its own stack (a tree deeper than the call stack is only a long loop).
 */
import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { cancelledError } from '../../shared/errors';

export interface WalkEntry {
  /** Posix path relative to the walk's root. */
  rel: string;
  name: string;
  /** The entry as the directory listing types it (a symbolic link is not followed). */
  dirent: Dirent;
  /** 0 for the root's own entries. */
  depth: number;
}

export interface WalkOptions {
  /** Order of the entries within a directory; default: by UTF-16 code units. */
  compare?: (a: string, b: string) => number;
  /**
   * Called for every entry, depth first, in pre-order (a directory's contents come right after it).
   * `true` for a directory descends into it; 'stop' ends the walk.
   */
  visit(entry: WalkEntry): boolean | 'stop' | void;
  /** A directory that cannot be read: skipped, or (default) the walk fails with fs's error. */
  unreadable?: 'skip' | 'throw';
  signal?: AbortSignal;
}

export interface UnorderedWalkOptions extends Omit<WalkOptions, 'compare'> {
  /** Directories read at once (default 16). */
  concurrency?: number;
}

interface Frame {
  rel: string;
  depth: number;
  entries: Dirent[];
  next: number;
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A directory's entries; null when it cannot be read and the walk skips such. */
async function readEntries(root: string, rel: string, options: Pick<WalkOptions, 'unreadable' | 'signal'>): Promise<Dirent[] | null> {
  if (options.signal?.aborted) throw cancelledError();
  const entries = await fs.readdir(path.join(root, rel), { withFileTypes: true }).catch((error: unknown) => {
    if (options.unreadable === 'skip') return null;
    throw error;
  });
  // An abort while the folder was read ends the walk now, not at the next read.
  if (options.signal?.aborted) throw cancelledError();
  return entries;
}

/** Depth first, in pre-order, one directory read at a time: for walks whose order matters (a cap on files, the first match). */
export async function walkDirectory(root: string, options: WalkOptions): Promise<void> {
  const compare = options.compare ?? byCodeUnits;
  const read = async (rel: string): Promise<Dirent[] | null> =>
    (await readEntries(root, rel, options))?.sort((a, b) => compare(a.name, b.name)) ?? null;
  const first = await read('');
  if (!first) return;
  const stack: Frame[] = [{ rel: '', depth: 0, entries: first, next: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.next >= frame.entries.length) {
      stack.pop();
      continue;
    }
    const dirent = frame.entries[frame.next++]!;
    const rel = frame.rel ? `${frame.rel}/${dirent.name}` : dirent.name;
    const answer = options.visit({ rel, name: dirent.name, dirent, depth: frame.depth });
    if (answer === 'stop') return;
    if (answer === true && dirent.isDirectory()) {
      const entries = await read(rel);
      if (entries) stack.push({ rel, depth: frame.depth + 1, entries, next: 0 });
    }
  }
}

/**
 * Every entry once, in no particular order, several directories read at once: for walks that sort
 * what they collect (a build context's node_modules is read about as fast as with readdirSync).
 */
export async function walkDirectoryUnordered(root: string, options: UnorderedWalkOptions): Promise<void> {
  const concurrency = Math.max(1, options.concurrency ?? 16);
  const pending: { rel: string; depth: number }[] = [{ rel: '', depth: 0 }];
  let stopped = false;
  const worker = async (): Promise<void> => {
    // A worker ends when nothing is pending; directories found later start workers of their own (below).
    while (!stopped && pending.length > 0) {
      const dir = pending.pop()!;
      const entries = await readEntries(root, dir.rel, options);
      if (!entries || stopped) continue;
      for (const dirent of entries) {
        const rel = dir.rel ? `${dir.rel}/${dirent.name}` : dirent.name;
        const answer = options.visit({ rel, name: dirent.name, dirent, depth: dir.depth });
        if (answer === 'stop') {
          stopped = true;
          return;
        }
        if (answer === true && dirent.isDirectory()) pending.push({ rel, depth: dir.depth + 1 });
      }
      while (running.size < concurrency && pending.length > 1) start();
    }
  };
  const running = new Set<Promise<void>>();
  const start = () => {
    const task: Promise<void> = worker().finally(() => running.delete(task));
    running.add(task);
    task.catch(() => undefined); // handled below, by the race
  };
  start();
  // Wait for every worker; the first failure stops the others and is thrown.
  while (running.size > 0) {
    try {
      await Promise.race(running);
    } catch (error) {
      stopped = true;
      await Promise.allSettled(running);
      throw error;
    }
  }
}

/** Whether a path exists (following links, as fs.existsSync), without blocking. */
export function pathExists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}
