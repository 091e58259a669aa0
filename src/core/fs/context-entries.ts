/**
 * The entries of a build context as Docker sends them: filtered by .dockerignore exactly as Docker does
 * (@balena/dockerignore is a port of Docker's matcher), the Dockerfile and .dockerignore always included,
 * and an ignored directory still walked when an exception (`!rule`) could re-include something in it.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import ignore from '@balena/dockerignore';
import { pathExists, walkDirectoryUnordered } from './walk';

export interface ContextListOptions {
  contextDir: string;
  /** The Dockerfile's name inside the context (posix), always included. */
  dockerfile: string;
  /** .dockerignore rules to apply; default: the context's own .dockerignore. */
  ignoreRules?: string | null;
  /** Stops the walk with a CANCELLED error. */
  signal?: AbortSignal;
}

function readIgnore(contextDir: string): Promise<string | null> {
  return fs.readFile(path.join(contextDir, '.dockerignore'), 'utf8').catch(() => null);
}

function ruleLines(text: string | null): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

export interface ContextEntry {
  /** Posix path relative to the context. */
  name: string;
  type: 'file' | 'directory' | 'symlink';
}

/**
 * The entries Docker would send, sorted by name. The walk reads without blocking (a context's node_modules
 * can hold a hundred thousand files) and without recursion.
 */
export async function listContextEntries(options: ContextListOptions): Promise<ContextEntry[]> {
  const rules = ruleLines(options.ignoreRules === undefined ? await readIgnore(options.contextDir) : options.ignoreRules);
  const matcher = ignore().add(rules);
  const hasExceptions = rules.some((r) => r.startsWith('!'));
  const entries: ContextEntry[] = [];
  await walkDirectoryUnordered(options.contextDir, {
    signal: options.signal,
    visit: ({ rel, dirent }) => {
      const ignored = matcher.ignores(rel);
      if (dirent.isDirectory()) {
        if (!ignored) entries.push({ name: rel, type: 'directory' });
        return !ignored || hasExceptions;
      }
      if (!ignored) entries.push({ name: rel, type: dirent.isSymbolicLink() ? 'symlink' : 'file' });
      return false;
    },
  });
  // Parents of re-included files inside ignored directories are sent too.
  const present = new Set(entries.map((e) => e.name));
  const parents: ContextEntry[] = [];
  for (const entry of entries) {
    const parts = entry.name.split('/');
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/');
      if (!present.has(parent)) {
        present.add(parent);
        parents.push({ name: parent, type: 'directory' });
      }
    }
  }
  for (const always of [options.dockerfile, '.dockerignore']) {
    if (!present.has(always) && (await pathExists(path.join(options.contextDir, always)))) {
      entries.push({ name: always, type: 'file' });
      present.add(always);
    }
  }
  return [...parents, ...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
