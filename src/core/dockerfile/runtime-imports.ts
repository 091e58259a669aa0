/**
 * Which devDependencies the app loads at run time, read statically from its sources: `require('x')`,
 * `import … from 'x'`, `import('x')`, `export … from 'x'` (never `import type`). From the entry files the
 * start command runs, following relative imports; when the entry is built output that is not in the
 * context (dist/), from the project's sources instead (tests, configs and build scripts left out). A hit
 * is evidence for the user ("Cannot find module 'x', required by server.js"), and pruning that would drop
 * the package is not proposed without verification.
 */
import fs from 'node:fs';
import path from 'node:path';
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
const skippedDirs = new Set(['node_modules', '.git', 'test', 'tests', '__tests__', '__mocks__', 'coverage', 'dist', 'build', 'out', '.next', '.nuxt', '.output', 'docs', 'e2e', 'cypress', 'scripts', 'public', 'static']);
const skippedFile = /(\.(test|spec|stories|d)\.[cm]?[jt]sx?$)|(^|\/)[^/]*\.config\.[cm]?[jt]s$|(^|\/)(jest|vitest|webpack|rollup|babel|eslint|prettier|gulpfile|gruntfile)[^/]*$/i;

function readSource(file: string): string | null {
  try {
    const stat = fs.lstatSync(file);
    if (!stat.isFile() || stat.size > maxFileBytes) return null;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function specifiers(text: string): string[] {
  // Comments may hold example code: drop them first (roughly: block and line comments).
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  return [...code.matchAll(specifierPattern)].map((m) => m[1]!);
}

function resolveRelative(contextDir: string, fromFile: string, specifier: string): string | undefined {
  const base = path.posix.join(path.posix.dirname(fromFile), specifier);
  const candidates = [base, ...sourceExtensions.map((e) => base + e), ...sourceExtensions.map((e) => `${base}/index${e}`)];
  // TypeScript sources import "./x.js" for "./x.ts".
  if (/\.[cm]?js$/.test(base)) candidates.push(...['.ts', '.tsx', '.mts', '.cts'].map((e) => base.replace(/\.[cm]?js$/, e)));
  return candidates.find((c) => !c.startsWith('..') && fs.existsSync(path.join(contextDir, c)) && fs.statSync(path.join(contextDir, c)).isFile());
}

function walkSources(contextDir: string, rel: string, out: string[]): void {
  if (out.length >= maxFiles) return;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(contextDir, rel), { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!skippedDirs.has(entry.name) && !entry.name.startsWith('.')) walkSources(contextDir, child, out);
    } else if (entry.isFile() && sourceExtensions.includes(path.extname(entry.name)) && !skippedFile.test(child)) {
      out.push(child);
      if (out.length >= maxFiles) return;
    }
  }
}

/**
 * devDependencies (not also dependencies) loaded by the app. `entryFiles` are context-relative; when none of
 * them exists in the context, the project's sources are scanned.
 */
export function devDependenciesLoadedAtRuntime(options: {
  contextDir: string;
  entryFiles: string[];
  dependencies: string[];
  devDependencies: string[];
}): RuntimeImport[] {
  const dev = new Set(options.devDependencies.filter((d) => !options.dependencies.includes(d)));
  if (dev.size === 0) return [];
  const existing = options.entryFiles
    .map((f) => resolveRelative(options.contextDir, '', `./${f.replace(/^\.\//, '')}`))
    .filter((f): f is string => f !== undefined);
  const followImports = existing.length > 0;
  const queue = followImports ? [...existing] : (() => {
    const all: string[] = [];
    walkSources(options.contextDir, '', all);
    return all;
  })();
  const seen = new Set(queue);
  const found = new Map<string, RuntimeImport>();
  while (queue.length > 0 && seen.size <= maxFiles) {
    const file = queue.shift()!;
    const text = readSource(path.join(options.contextDir, file));
    if (text === null) continue;
    for (const specifier of specifiers(text)) {
      if (specifier.startsWith('.')) {
        if (!followImports) continue; // every source is scanned anyway
        const next = resolveRelative(options.contextDir, file, specifier);
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
