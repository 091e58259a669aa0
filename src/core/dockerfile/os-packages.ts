/**
 * OS packages an original build installs, split into build tools (they stay in the build stage) and what
 * the app may use at run time (installed again on the runtime base): compilers, headers (`-dev`), git,
 * python for node-gyp are build tools; curl and wget count as run-time only when the start or the
 * HEALTHCHECK calls them.
 */
const buildToolNames = new Set([
  'build-essential',
  'build-base',
  'gcc',
  'g++',
  'make',
  'cmake',
  'clang',
  'llvm',
  'python',
  'python3',
  'python2',
  'python-is-python3',
  'python3-pip',
  'py3-pip',
  'git',
  'pkg-config',
  'pkgconf',
  'pkgconfig',
  'autoconf',
  'automake',
  'libtool',
  'musl-dev',
  'linux-headers',
  'libc6-dev',
  'libc-dev',
  'node-gyp',
  'bison',
  'flex',
  'nasm',
  'yasm',
  'patch',
  'binutils',
  'gnupg',
  'dirmngr',
  'software-properties-common',
  'apt-transport-https',
  'lsb-release',
  'xz-utils',
]);

export function packageName(spec: string): string {
  return spec.replace(/[=<>~].*$/, '').replace(/:.*$/, '');
}

export function isBuildTool(spec: string, runtimeTools: Set<string>): boolean {
  const name = packageName(spec);
  if (runtimeTools.has(name)) return false;
  if (name === 'curl' || name === 'wget') return true;
  return buildToolNames.has(name) || /-(dev|devel)$/.test(name) || /^(gcc|g\+\+|clang|llvm)-\d+$/.test(name);
}

/** The packages of an install that the app may use at run time. */
export function runtimePackages(packages: string[], runtimeTools: Set<string>): string[] {
  return packages.filter((p) => !p.startsWith('$') && /^[A-Za-z0-9][A-Za-z0-9.+_:=~<>-]*$/.test(p) && !isBuildTool(p, runtimeTools));
}
