/**
 * The entries of a build context as Docker sends them: filtered by .dockerignore exactly as Docker does
 * (@balena/dockerignore is a port of Docker's matcher), the Dockerfile and .dockerignore always included,
 * and an ignored directory still walked when an exception (`!rule`) could re-include something in it.
 */
import fs from 'node:fs';
import path from 'node:path';
import ignore from '@balena/dockerignore';

export interface ContextListOptions {
  contextDir: string;
  /** The Dockerfile's name inside the context (posix), always included. */
  dockerfile: string;
  /** .dockerignore rules to apply; default: the context's own .dockerignore. */
  ignoreRules?: string | null;
}

function readIgnore(contextDir: string): string | null {
  try {
    return fs.readFileSync(path.join(contextDir, '.dockerignore'), 'utf8');
  } catch {
    return null;
  }
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

/** The entries Docker would send, in walk order (directories before their contents). */
export function listContextEntries(options: ContextListOptions): ContextEntry[] {
  const rules = ruleLines(options.ignoreRules === undefined ? readIgnore(options.contextDir) : options.ignoreRules);
  const matcher = ignore().add(rules);
  const hasExceptions = rules.some((r) => r.startsWith('!'));
  const entries: ContextEntry[] = [];
  const walk = (rel: string) => {
    const dir = path.join(options.contextDir, rel);
    for (const name of fs.readdirSync(dir).sort()) {
      const childRel = rel ? `${rel}/${name}` : name;
      const stat = fs.lstatSync(path.join(dir, name));
      const ignored = matcher.ignores(childRel);
      if (stat.isDirectory()) {
        if (!ignored) entries.push({ name: childRel, type: 'directory' });
        if (!ignored || hasExceptions) walk(childRel);
      } else if (!ignored) {
        entries.push({ name: childRel, type: stat.isSymbolicLink() ? 'symlink' : 'file' });
      }
    }
  };
  walk('');
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
    if (!present.has(always) && fs.existsSync(path.join(options.contextDir, always))) {
      entries.push({ name: always, type: 'file' });
      present.add(always);
    }
  }
  return [...parents, ...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

