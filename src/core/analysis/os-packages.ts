/** Parsers for the package databases the readers capture (see captured-files.ts). Text in, packages out. */
import type { OsPackage } from '../../shared/analysis';

function paragraphs(text: string): string[] {
  return text
    .replace(/\r\n/g, '\n')
    .split(/\n\s*\n/)
    .filter((block) => block.trim() !== '');
}

/** `Field: value` lines of a dpkg control paragraph (continuation lines are ignored). */
function controlFields(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of block.split('\n')) {
    if (line.startsWith(' ') || line.startsWith('\t')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return fields;
}

/**
 * `/var/lib/dpkg/status` (or one file of distroless's `/var/lib/dpkg/status.d/`): the paragraphs whose
 * Status is "install ok installed". A paragraph without a Status field (status.d) counts as installed.
 */
export function parseDpkgStatus(text: string): OsPackage[] {
  const packages: OsPackage[] = [];
  for (const block of paragraphs(text)) {
    const fields = controlFields(block);
    const name = fields.get('package');
    const status = fields.get('status');
    if (!name || (status !== undefined && status !== 'install ok installed')) continue;
    packages.push({ name, version: fields.get('version') ?? '' });
  }
  return packages;
}

/** `/lib/apk/db/installed`: one block per package, `P:` name and `V:` version lines. */
export function parseApkInstalled(text: string): OsPackage[] {
  const packages: OsPackage[] = [];
  for (const block of paragraphs(text)) {
    let name = '';
    let version = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('P:')) name = line.slice(2).trim();
      else if (line.startsWith('V:')) version = line.slice(2).trim();
    }
    if (name) packages.push({ name, version });
  }
  return packages;
}

export interface PasswdUser {
  name: string;
  uid: number;
  gid: number;
}

/** `/etc/passwd` lines `name:x:uid:gid:…`. */
export function parsePasswd(text: string): PasswdUser[] {
  const users: PasswdUser[] = [];
  for (const line of text.split('\n')) {
    const [name, , uid, gid] = line.trim().split(':');
    if (name && !name.startsWith('#') && uid !== undefined && /^\d+$/.test(uid)) {
      users.push({ name, uid: Number(uid), gid: Number(gid ?? 0) });
    }
  }
  return users;
}

/**
 * The installed packages of a npm lockfile (`package-lock.json` v1-v3 or `node_modules/.package-lock.json`)
 * that are devDependencies only (`dev: true`), as install paths relative to the lockfile's folder
 * ("node_modules/jest", "node_modules/a/node_modules/b"). Invalid JSON gives [].
 */
export function devPackagesOfLockfile(text: string): string[] {
  let lock: unknown;
  try {
    lock = JSON.parse(text);
  } catch {
    return [];
  }
  if (!lock || typeof lock !== 'object') return [];
  const { packages, dependencies } = lock as { packages?: Record<string, { dev?: boolean }>; dependencies?: V1Deps };
  if (packages && typeof packages === 'object') {
    return Object.entries(packages)
      .filter(([key, meta]) => key.includes('node_modules/') && meta?.dev === true)
      .map(([key]) => key);
  }
  // v1 nests dependencies: walked in document order with an explicit stack, as a crafted lockfile can nest
  // deeper than the call stack.
  const result: string[] = [];
  const stack = [{ entries: Object.entries(dependencies ?? {}).values(), prefix: '' }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const next = top.entries.next();
    if (next.done) {
      stack.pop();
      continue;
    }
    const [name, meta] = next.value;
    const key = `${top.prefix}node_modules/${name}`;
    if (meta?.dev === true) result.push(key);
    stack.push({ entries: Object.entries(meta?.dependencies ?? {}).values(), prefix: `${key}/` });
  }
  return result;
}

type V1Deps = Record<string, { dev?: boolean; dependencies?: V1Deps }>;
