/**
 * What the build context says about a Node.js project: package manager and lockfile, workspaces, build
 * script and its output, native addons, .npmrc, Node version. Reads files only; nothing is executed.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { NodeProject, PackageManager } from './types';

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
  'argon2', 'bcrypt', 'better-sqlite3', 'bufferutil', 'canvas', 'cpu-features', 'deasync', 'farmhash', 'fsevents',
  'grpc', 'isolated-vm', 'kerberos', 'leveldown', 'libxmljs', 'libxmljs2', 'lmdb', 'microtime', 'node-pty',
  'node-sass', 're2', 'sharp', 'sodium-native', 'sqlite3', 'utf-8-validate', 'zeromq', '@napi-rs/canvas',
  'msgpackr-extract', 'oracledb', 'ibm_db', 'usb', 'serialport', '@serialport/bindings-cpp',
]);

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function exists(dir: string, name: string): boolean {
  return fs.existsSync(path.join(dir, name));
}

export function readPackageJson(contextDir: string): PackageJson | undefined {
  return readJson<PackageJson>(path.join(contextDir, 'package.json'));
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

/** tsc's outDir, vite's dist, next's .next, … or a conventional directory named in the script. */
function detectBuildOutput(dir: string, script: string, pkg: PackageJson): string | undefined {
  const outDirFlag = /--outDir[= ]\s*(\S+)/.exec(script);
  if (outDirFlag) return outDirFlag[1]!.replace(/^\.\//, '').replace(/\/$/, '');
  const allDeps = { ...pkg.dependencies, ...pkg.devDependencies };
  if (/\bvite\b/.test(script) || 'vite' in allDeps) {
    const outDir = readConfigString(dir, ['vite.config.ts', 'vite.config.js', 'vite.config.mjs'], /outDir\s*:\s*['"]([^'"]+)['"]/);
    return outDir ?? 'dist';
  }
  if (/\bnext build\b/.test(script)) return '.next';
  if (/\btsc\b/.test(script) || exists(dir, 'tsconfig.json')) {
    const tsconfig = readJson<{ compilerOptions?: { outDir?: string } }>(path.join(dir, 'tsconfig.json'));
    const outDir = tsconfig?.compilerOptions?.outDir;
    if (outDir) return outDir.replace(/^\.\//, '').replace(/\/$/, '');
  }
  const named = /(?:-o|--out(?:put)?(?:-dir)?|--dist-dir)[= ]\s*(\S+)/.exec(script);
  if (named) return named[1]!.replace(/^\.\//, '').replace(/\/$/, '');
  return ['dist', 'build', 'out', 'lib'].find((name) => script.includes(name)) ?? 'dist';
}

function readConfigString(dir: string, names: string[], pattern: RegExp): string | undefined {
  for (const name of names) {
    try {
      const match = pattern.exec(fs.readFileSync(path.join(dir, name), 'utf8'));
      if (match) return match[1]!.replace(/^\.\//, '').replace(/\/$/, '');
    } catch {
      // not there
    }
  }
  return undefined;
}

/** binding.gyp, prebuilt *.node files outside node_modules, known native packages, lockfile install scripts. */
function detectNativeAddons(dir: string, pkg: PackageJson, lockfile: string | undefined): string[] {
  const reasons: string[] = [];
  if (exists(dir, 'binding.gyp') || pkg.gypfile) reasons.push('binding.gyp in the project (node-gyp build)');
  const nodeFiles = findFiles(dir, (name) => name.endsWith('.node'), 4);
  if (nodeFiles.length > 0) reasons.push(`prebuilt addon ${nodeFiles[0]}`);
  if (exists(dir, 'prebuilds')) reasons.push('prebuilds/ directory');
  const deps = { ...pkg.dependencies, ...pkg.optionalDependencies };
  for (const name of Object.keys(deps).sort()) {
    if (knownNativePackages.has(name)) reasons.push(`dependency ${name} is a native addon`);
  }
  if (lockfile === 'package-lock.json') {
    const lock = readJson<{ packages?: Record<string, { hasInstallScript?: boolean; dev?: boolean }> }>(path.join(dir, lockfile));
    for (const [key, entry] of Object.entries(lock?.packages ?? {})) {
      const name = key.replace(/^.*node_modules\//, '');
      if (entry.hasInstallScript && !entry.dev && key !== '' && !knownNativePackages.has(name)) {
        reasons.push(`dependency ${name} runs an install script (possibly node-gyp)`);
      }
    }
  }
  return reasons;
}

function findFiles(dir: string, match: (name: string) => boolean, depth: number, prefix = ''): string[] {
  if (depth < 0) return [];
  let entries: fs.Dirent[] = [];
  try {
    entries = fs.readdirSync(path.join(dir, prefix), { withFileTypes: true });
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules' || entry.name === '.git') continue;
      found.push(...findFiles(dir, match, depth - 1, rel));
    } else if (match(entry.name)) {
      found.push(rel);
    }
  }
  return found;
}

/** "18", "18.20.4", "18-bullseye-slim", ">=18 <21", "v20" -> the major version, when there is one. */
export function nodeMajor(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const match = /(?:^|[^\d.])v?(\d{1,2})(?:\.\d+)*(?:$|[^\d])/.exec(` ${text.trim()}`);
  return match?.[1];
}

export function detectNodeProject(contextDir: string, fromTag?: string): NodeProject | null {
  const pkg = readPackageJson(contextDir);
  if (!pkg) return null;
  const { manager, lockfile } = detectManager(contextDir, pkg);
  const scripts = pkg.scripts ?? {};
  const buildScript = scripts.build ? 'build' : undefined;
  const npmrcPath = path.join(contextDir, '.npmrc');
  const npmrc = fs.existsSync(npmrcPath);
  const npmrcText = npmrc ? fs.readFileSync(npmrcPath, 'utf8') : '';
  const managerFiles: string[] = [];
  if (manager === 'yarn-berry') {
    if (exists(contextDir, '.yarnrc.yml')) managerFiles.push('.yarnrc.yml');
    if (exists(contextDir, '.yarn/releases')) managerFiles.push('.yarn/releases');
  }
  if (manager === 'pnpm' && exists(contextDir, 'pnpm-workspace.yaml')) managerFiles.push('pnpm-workspace.yaml');
  let nodeVersion = nodeMajor(fromTag);
  let nodeVersionSource: NodeProject['nodeVersionSource'] = nodeVersion ? 'from' : undefined;
  if (!nodeVersion && pkg.engines?.node) {
    nodeVersion = nodeMajor(pkg.engines.node);
    nodeVersionSource = nodeVersion ? 'engines' : undefined;
  }
  if (!nodeVersion && exists(contextDir, '.nvmrc')) {
    nodeVersion = nodeMajor(fs.readFileSync(path.join(contextDir, '.nvmrc'), 'utf8'));
    nodeVersionSource = nodeVersion ? 'nvmrc' : undefined;
  }
  return {
    name: pkg.name,
    packageManager: manager,
    lockfile,
    workspaces: resolveWorkspaces(contextDir, pkg),
    buildScript,
    buildCommand: buildScript ? scripts[buildScript] : undefined,
    buildOutput: buildScript ? detectBuildOutput(contextDir, scripts[buildScript]!, pkg) : undefined,
    scripts,
    dependencies: Object.keys(pkg.dependencies ?? {}),
    devDependencies: Object.keys(pkg.devDependencies ?? {}),
    nativeAddons: detectNativeAddons(contextDir, pkg, lockfile),
    npmrc,
    npmrcHasToken: /_auth(Token)?\s*=|_password\s*=/.test(npmrcText),
    nodeVersion,
    nodeVersionSource,
    managerFiles,
    main: pkg.main,
  };
}
