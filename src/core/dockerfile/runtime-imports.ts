/**
 * Which devDependencies the app loads at run time, read statically from its sources: `require('x')`,
 * `import … from 'x'`, `import('x')`, `export … from 'x'` (never `import type`). From the entry files the
 * start command runs, following relative imports; when the entry is built output that is not in the
 * context (dist/), from the project's sources instead (tests, configs and build scripts left out). A hit
 * is evidence for the user ("Cannot find module 'x', required by server.js"), and pruning that would drop
 * the package is not proposed without verification.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { cancelledError } from '../../shared/errors';
import { walkDirectory } from '../fs/walk';
import { packageOf } from './start-needs';

export interface RuntimeImport {
  pkg: string;
  /** The context file that loads it (posix, relative to the context). */
  file: string;
}

const sourceExtensions = ['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts', '.jsx', '.tsx'];
const specifierPattern =
  /(?:\brequire\s*\(\s*|\bimport\s*\(\s*|\bimport\s+(?!type\b)(?:[\w*{}\s,$]+\s+from\s+)?|\bexport\s+(?!type\b)[\w*{}\s,$]+\s+from\s+)['"]([^'"\n]+)['"]/g;
const maxFiles = 2000;
const maxFileBytes = 1024 * 1024;
const skippedDirs = new Set([
  'node_modules',
  '.git',
  'test',
  'tests',
  '__tests__',
  '__mocks__',
  'coverage',
  'dist',
  'build',
  'out',
  '.next',
  '.nuxt',
  '.output',
  'docs',
  'e2e',
  'cypress',
  'scripts',
  'public',
  'static',
]);
const skippedFile =
  /(\.(test|spec|stories|d)\.[cm]?[jt]sx?$)|(^|\/)[^/]*\.config\.[cm]?[jt]s$|(^|\/)(jest|vitest|webpack|rollup|babel|eslint|prettier|gulpfile|gruntfile)[^/]*$/i;

async function readSource(file: string): Promise<string | null> {
  try {
    const stat = await fs.lstat(file);
    if (!stat.isFile() || stat.size > maxFileBytes) return null;
    return await fs.readFile(file, 'utf8');
  } catch {
    return null;
  }
}

function specifiers(text: string): string[] {
  // Comments may hold example code: drop them first (roughly: block and line comments).
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  return [...code.matchAll(specifierPattern)].map((m) => m[1]!);
}

async function isFile(file: string): Promise<boolean> {
  return fs.stat(file).then(
    (stat) => stat.isFile(),
    () => false,
  );
}

async function resolveRelative(contextDir: string, fromFile: string, specifier: string): Promise<string | undefined> {
  const base = path.posix.join(path.posix.dirname(fromFile), specifier);
  const candidates = [base, ...sourceExtensions.map((e) => base + e), ...sourceExtensions.map((e) => `${base}/index${e}`)];
  // TypeScript sources import "./x.js" for "./x.ts".
  if (/\.[cm]?js$/.test(base)) candidates.push(...['.ts', '.tsx', '.mts', '.cts'].map((e) => base.replace(/\.[cm]?js$/, e)));
  for (const candidate of candidates) {
    if (!candidate.startsWith('..') && (await isFile(path.join(contextDir, candidate)))) return candidate;
  }
  return undefined;
}

/** The project's sources in name order (at most maxFiles), test, build and dependency folders left out. */
async function walkSources(contextDir: string, signal?: AbortSignal): Promise<string[]> {
  const out: string[] = [];
  await walkDirectory(contextDir, {
    compare: (a, b) => a.localeCompare(b),
    unreadable: 'skip',
    signal,
    visit: ({ rel, name, dirent }) => {
      if (dirent.isDirectory()) return !skippedDirs.has(name) && !name.startsWith('.');
      if (!dirent.isFile() || !sourceExtensions.includes(path.extname(name)) || skippedFile.test(rel)) return false;
      out.push(rel);
      return out.length >= maxFiles ? 'stop' : false;
    },
  });
  return out;
}

/**
 * devDependencies (not also dependencies) loaded by the app. `entryFiles` are context-relative; when none of
 * them exists in the context, the project's sources are scanned.
 */
export async function devDependenciesLoadedAtRuntime(options: {
  contextDir: string;
  entryFiles: string[];
  dependencies: string[];
  devDependencies: string[];
  signal?: AbortSignal;
}): Promise<RuntimeImport[]> {
  const dev = new Set(options.devDependencies.filter((d) => !options.dependencies.includes(d)));
  if (dev.size === 0) return [];
  const existing: string[] = [];
  for (const entry of options.entryFiles) {
    const found = await resolveRelative(options.contextDir, '', `./${entry.replace(/^\.\//, '')}`);
    if (found !== undefined) existing.push(found);
  }
  const followImports = existing.length > 0;
  const queue = followImports ? [...existing] : await walkSources(options.contextDir, options.signal);
  const seen = new Set(queue);
  const found = new Map<string, RuntimeImport>();
  while (queue.length > 0 && seen.size <= maxFiles) {
    if (options.signal?.aborted) throw cancelledError();
    const file = queue.shift()!;
    const text = await readSource(path.join(options.contextDir, file));
    if (text === null) continue;
    for (const specifier of specifiers(text)) {
      if (specifier.startsWith('.')) {
        if (!followImports) continue; // every source is scanned anyway
        const next = await resolveRelative(options.contextDir, file, specifier);
        if (next && !seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
        continue;
      }
      const pkg = packageOf(specifier);
      if (pkg && dev.has(pkg) && !found.has(pkg)) found.set(pkg, { pkg, file });
    }
  }
  return [...found.values()];
}
