/** Recognises shells, package managers and compilers by their path in a bin directory. */
import { baseName, parentOf } from './paths';

const binDirs = new Set(['/bin', '/sbin', '/usr/bin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin']);

const shells = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh', 'csh', 'tcsh', 'fish', 'busybox']);
const packageManagers = new Set([
  'apt',
  'apt-get',
  'apt-cache',
  'dpkg',
  'apk',
  'yum',
  'dnf',
  'microdnf',
  'rpm',
  'zypper',
  'npm',
  'npx',
  'yarn',
  'pnpm',
  'corepack',
  'pip',
  'pip3',
  'gem',
  'bundle',
]);
const compilers = new Set([
  'gcc',
  'g++',
  'cc',
  'c++',
  'cpp',
  'clang',
  'clang++',
  'make',
  'gmake',
  'cmake',
  'as',
  'ld',
  'ld.bfd',
  'ld.gold',
  'gfortran',
  'rustc',
  'cargo',
  'go',
]);

export type ToolKind = 'shell' | 'package-manager' | 'compiler';

/** "x86_64-linux-gnu-gcc-12" -> "gcc"; "pip3.11" -> "pip3"; "python3" stays. */
export function toolName(path: string): string {
  return baseName(path)
    .replace(/^[a-z0-9_]+-(pc-|unknown-)?linux-(gnu|musl)[a-z]*-/, '')
    .replace(/-\d+(\.\d+)*$/, '')
    .replace(/^(pip3?)\.\d+$/, '$1');
}

export function isInBinDir(path: string): boolean {
  return binDirs.has(parentOf(path));
}

export function toolKind(path: string): ToolKind | undefined {
  if (!isInBinDir(path)) return undefined;
  const name = toolName(path);
  if (shells.has(name)) return 'shell';
  if (packageManagers.has(name)) return 'package-manager';
  if (compilers.has(name)) return 'compiler';
  return undefined;
}
