/**
 * What the build context says about a Node.js project: package manager and lockfile, workspaces, build
 * output folders, native addons, .npmrc, Node version, Yarn Berry's linker and plugins. Reads files only
 * (regular files inside the context); nothing is executed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { existsInContext, readContextFile, readContextJson } from '../fs/context-files';
import { walkDirectory } from '../fs/walk';
import type { NodeProject, PackageManager } from '../../shared/rebuild';
import { npmrcHoldsToken } from './npmrc';

interface PackageJson {
  name?: string;
  main?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  workspaces?: string[] | { packages?: string[] };
  engines?: { node?: string };
  packageManager?: string;
  gypfile?: boolean;
}

/** Packages that compile or download a platform binary at install time (glibc vs musl matters). */
export const knownNativePackages = new Set([
  'argon2',
  'bcrypt',
  'better-sqlite3',
  'bufferutil',
  'canvas',
  'cpu-features',
  'deasync',
  'farmhash',
  'fsevents',
  'grpc',
  'isolated-vm',
  'kerberos',
  'leveldown',
  'libxmljs',
  'libxmljs2',
  'lmdb',
  'microtime',
  'node-pty',
  'node-sass',
  're2',
  'sharp',
  'sodium-native',
  'sqlite3',
  'utf-8-validate',
  'zeromq',
  '@napi-rs/canvas',
  'msgpackr-extract',
  'oracledb',
  'ibm_db',
  'usb',
  'serialport',
  '@serialport/bindings-cpp',
]);

/** A JSON file that only informs detection: unreadable or malformed counts as absent. */
function readJson<T>(dir: string, name: string): T | undefined {
  try {
    return readContextJson<T>(dir, name, name) ?? undefined;
  } catch {
    return undefined;
  }
}

function exists(dir: string, name: string): boolean {
  return existsInContext(dir, name);
}

/** package.json of a project folder; null when there is none, an error when it is not valid JSON. */
export function readPackageJson(contextDir: string, folder = ''): PackageJson | null {
  return readContextJson<PackageJson>(contextDir, path.posix.join(folder, 'package.json'), 'package.json');
}

function detectManager(dir: string, pkg: PackageJson): { manager: PackageManager; lockfile?: string } {
  const declared = pkg.packageManager?.split('@') ?? [];
  if (exists(dir, 'pnpm-lock.yaml')) return { manager: 'pnpm', lockfile: 'pnpm-lock.yaml' };
  if (exists(dir, 'yarn.lock')) {
    const berry = exists(dir, '.yarnrc.yml') || (declared[0] === 'yarn' && !(declared[1] ?? '').startsWith('1.'));
    return { manager: berry ? 'yarn-berry' : 'yarn-classic', lockfile: 'yarn.lock' };
  }
  if (exists(dir, 'package-lock.json')) return { manager: 'npm', lockfile: 'package-lock.json' };
  if (exists(dir, 'npm-shrinkwrap.json')) return { manager: 'npm', lockfile: 'npm-shrinkwrap.json' };
  if (declared[0] === 'pnpm') return { manager: 'pnpm' };
  if (declared[0] === 'yarn') return { manager: (declared[1] ?? '').startsWith('1.') ? 'yarn-classic' : 'yarn-berry' };
  return { manager: 'npm' };
}

/** Workspace globs like "packages/*" resolved to the directories that hold a package.json. */
function resolveWorkspaces(dir: string, pkg: PackageJson): string[] {
  const globs = Array.isArray(pkg.workspaces) ? pkg.workspaces : (pkg.workspaces?.packages ?? []);
  const found = new Set<string>();
  for (const glob of globs) {
    const clean = glob.replace(/^\.\//, '').replace(/\/$/, '');
    // A workspace outside the context ("../*") is not part of the build: Docker cannot send it.
    if (path.posix.normalize(clean).startsWith('..') || path.posix.isAbsolute(clean)) continue;
    if (clean.endsWith('/*') || clean.endsWith('/**')) {
      const parent = clean.replace(/\/\*\*?$/, '');
      let entries: fs.Dirent[] = [];
      try {
        entries = fs.readdirSync(path.join(dir, parent), { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        if (entry.isDirectory() && exists(dir, path.posix.join(parent, entry.name, 'package.json'))) found.add(path.posix.join(parent, entry.name));
      }
    } else if (exists(dir, path.posix.join(clean, 'package.json'))) {
      found.add(clean);
    }
  }
  return [...found];
}

/** Folders a build writes beside package.json: tsc's outDir, Vite's dist, Next's .next, Nuxt's .output, … */
function detectBuildOutputs(dir: string, pkg: PackageJson): string[] {
  const outputs = new Set<string>();
  const scripts = Object.values(pkg.scripts ?? {}).join('\n');
  const clean = (value: string) => value.replace(/^\.\//, '').replace(/\/$/, '');
  for (const match of scripts.matchAll(/--outDir[= ]\s*(\S+)/g)) outputs.add(clean(match[1]!));
  const allDeps = { ...pkg.dependencies, ...pkg.devDependencies };
  if ('vite' in allDeps)
    outputs.add(readConfigString(dir, ['vite.config.ts', 'vite.config.js', 'vite.config.mjs'], /outDir\s*:\s*['"]([^'"]+)['"]/) ?? 'dist');
  if ('next' in allDeps) outputs.add('.next');
  if ('nuxt' in allDeps) outputs.add('.output').add('.nuxt');
  if ('react-scripts' in allDeps) outputs.add('build');
  if (exists(dir, 'tsconfig.json')) {
    const outDir = readJson<{ compilerOptions?: { outDir?: string } }>(dir, 'tsconfig.json')?.compilerOptions?.outDir;
    if (outDir) outputs.add(clean(outDir));
  }
  for (const name of ['dist', 'build', 'out', 'lib']) if (scripts.includes(name)) outputs.add(name);
  return [...outputs].filter((o) => o && !o.startsWith('..') && !path.posix.isAbsolute(o));
}

function readConfigString(dir: string, names: string[], pattern: RegExp): string | undefined {
  for (const name of names) {
    let text: string | null = null;
    try {
      text = readContextFile(dir, name, { what: name });
    } catch {
      continue; // not a readable file: it tells nothing
    }
    const match = text === null ? null : pattern.exec(text);
    if (match) return match[1]!.replace(/^\.\//, '').replace(/\/$/, '');
  }
  return undefined;
}

/** binding.gyp, prebuilt *.node files outside node_modules, known native packages (an install script alone is no evidence: many only print). */
async function detectNativeAddons(dir: string, pkg: PackageJson, signal?: AbortSignal): Promise<string[]> {
  const reasons: string[] = [];
  if (exists(dir, 'binding.gyp') || pkg.gypfile) reasons.push('binding.gyp in the project (node-gyp build)');
  const nodeFile = await firstFile(dir, (name) => name.endsWith('.node'), 4, signal);
  if (nodeFile) reasons.push(`prebuilt addon ${nodeFile}`);
  if (exists(dir, 'prebuilds')) reasons.push('prebuilds/ directory');
  const deps = { ...pkg.dependencies, ...pkg.optionalDependencies };
  for (const name of Object.keys(deps).sort()) {
    if (knownNativePackages.has(name)) reasons.push(`dependency ${name} is a native addon`);
  }
  return reasons;
}

/** The first matching file by name order, `depth` folders down at most, node_modules and .git left out. */
async function firstFile(dir: string, match: (name: string) => boolean, depth: number, signal?: AbortSignal): Promise<string | undefined> {
  let found: string | undefined;
  await walkDirectory(dir, {
    compare: (a, b) => a.localeCompare(b),
    unreadable: 'skip',
    signal,
    visit: (entry) => {
      if (entry.dirent.isDirectory()) return entry.depth < depth && entry.name !== 'node_modules' && entry.name !== '.git';
      if (!match(entry.name)) return false;
      found = entry.rel;
      return 'stop';
    },
  });
  return found;
}

/** "18", "18.20.4", "18-bullseye-slim", ">=18 <21", "v20" -> the major version, when there is one. */
export function nodeMajor(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const match = /(?:^|[^\d.])v?(\d{1,2})(?:\.\d+)*(?:$|[^\d])/.exec(` ${text.trim()}`);
  return match?.[1];
}

function readText(dir: string, name: string): string {
  try {
    return readContextFile(dir, name, { what: name }) ?? '';
  } catch {
    return '';
  }
}

/** Yarn Berry's linker, major version and plugins, from .yarnrc.yml and the packageManager field. */
function yarnBerry(dir: string, pkg: PackageJson): Pick<NodeProject, 'yarnLinker' | 'yarnMajor' | 'yarnPlugins'> {
  const rc = readText(dir, '.yarnrc.yml');
  const linker = /^nodeLinker:\s*["']?([\w-]+)/m.exec(rc)?.[1];
  const release = /^yarnPath:\s*["']?\S*yarn-(\d+)\./m.exec(rc)?.[1];
  const declared = /^yarn@(\d+)\./.exec(pkg.packageManager ?? '')?.[1];
  const plugins = [...rc.matchAll(/^\s*-\s*(?:path:\s*)?["']?(\S*plugin\S*?)["']?\s*$/gm)].map((m) => m[1]!);
  const major = Number(release ?? declared) || undefined;
  return {
    yarnLinker: linker === 'node-modules' ? 'node-modules' : linker === 'pnpm' ? 'node-modules' : 'pnp',
    yarnMajor: major,
    yarnPlugins: plugins,
  };
}

/** The project whose package.json is `folder/package.json` in the context (default: the context root). */
export async function detectNodeProject(
  contextDir: string,
  fromTag?: string,
  folder = '',
  signal?: AbortSignal,
): Promise<(NodeProject & { buildOutputs: string[] }) | null> {
  const dir = path.join(contextDir, folder);
  const pkg = readPackageJson(contextDir, folder);
  if (!pkg) return null;
  const { manager, lockfile } = detectManager(dir, pkg);
  const npmrcText = readText(dir, '.npmrc');
  let nodeVersion = nodeMajor(fromTag);
  let nodeVersionSource: NodeProject['nodeVersionSource'] = nodeVersion ? 'from' : undefined;
  if (!nodeVersion && pkg.engines?.node) {
    nodeVersion = nodeMajor(pkg.engines.node);
    nodeVersionSource = nodeVersion ? 'engines' : undefined;
  }
  if (!nodeVersion && exists(dir, '.nvmrc')) {
    nodeVersion = nodeMajor(readText(dir, '.nvmrc'));
    nodeVersionSource = nodeVersion ? 'nvmrc' : undefined;
  }
  return {
    name: pkg.name,
    packageManager: manager,
    lockfile,
    workspaces: resolveWorkspaces(dir, pkg),
    scripts: pkg.scripts ?? {},
    dependencies: Object.keys(pkg.dependencies ?? {}),
    devDependencies: Object.keys(pkg.devDependencies ?? {}),
    nativeAddons: await detectNativeAddons(dir, pkg, signal),
    npmrc: exists(dir, '.npmrc'),
    npmrcHasToken: npmrcHoldsToken(npmrcText),
    nodeVersion,
    nodeVersionSource,
    ...(manager === 'yarn-berry' ? yarnBerry(dir, pkg) : { yarnPlugins: [] }),
    main: pkg.main,
    buildOutputs: detectBuildOutputs(dir, pkg),
  };
}
