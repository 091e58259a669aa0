/**
 * The final filesystem as an attacker would see it: shells, package managers, compilers, setuid/setgid
 * files, world-writable directories, the user the image runs as, and the OS packages (from captured
 * package databases, when the reader captured them).
 */
import type { LoadedImage } from '../archive/model';
import type { AttackSurface } from '../../shared/analysis';
import type { MergedFs } from './file-tree';
import { isWithin } from './paths';
import { parseApkInstalled, parseDpkgStatus, parsePasswd } from './os-packages';
import { compareCodePoints } from './paths';
import { toolKind } from './tools';

const setuidBit = 0o4000;
const setgidBit = 0o2000;
const stickyBit = 0o1000;
const otherWrite = 0o002;
const anyExecute = 0o111;

/** Root unless the user part of `User` ("name", "uid", "name:group") is a non-root user. */
export function runsAsRoot(user: string, passwd?: string): boolean {
  const name = user.split(':')[0].trim();
  if (name === '' || name === 'root' || name === '0') return true;
  if (/^\d+$/.test(name)) return false;
  const entry = passwd ? parsePasswd(passwd).find((candidate) => candidate.name === name) : undefined;
  return entry?.uid === 0;
}

function osPackages(captures: Map<string, string>): AttackSurface['osPackages'] {
  const dpkg: string[] = [];
  for (const [path, text] of captures) {
    if (path === '/var/lib/dpkg/status' || isWithin(path, '/var/lib/dpkg/status.d')) dpkg.push(text);
  }
  if (dpkg.length > 0) {
    const seen = new Map(dpkg.flatMap(parseDpkgStatus).map((pkg) => [pkg.name, pkg]));
    const packages = [...seen.values()].sort((a, b) => compareCodePoints(a.name, b.name));
    return { manager: 'dpkg', count: packages.length, packages };
  }
  const apk = captures.get('/lib/apk/db/installed');
  if (apk !== undefined) {
    const packages = parseApkInstalled(apk).sort((a, b) => compareCodePoints(a.name, b.name));
    return { manager: 'apk', count: packages.length, packages };
  }
  return null;
}

export function attackSurface(image: LoadedImage, final: MergedFs, captures: Map<string, string>): AttackSurface {
  const surface: AttackSurface = {
    osPackages: osPackages(captures),
    shells: [],
    packageManagers: [],
    compilers: [],
    setuidFiles: [],
    setgidFiles: [],
    worldWritableDirs: [],
    worldWritableStickyDirs: [],
    runsAsRoot: false,
    user: image.config.config?.User ?? '',
    fileCount: 0,
    executableCount: 0,
  };
  surface.runsAsRoot = runsAsRoot(surface.user, captures.get('/etc/passwd'));
  final.forEachRow((table, row) => {
    const path = table.path(row);
    const type = table.type(row);
    const mode = table.mode(row);
    if (type === 'dir') {
      if (mode & otherWrite) (mode & stickyBit ? surface.worldWritableStickyDirs : surface.worldWritableDirs).push(path);
      return;
    }
    const kind = toolKind(path);
    if (kind === 'shell') surface.shells.push(path);
    else if (kind === 'package-manager') surface.packageManagers.push(path);
    else if (kind === 'compiler') surface.compilers.push(path);
    // A hardlink entry is a regular file sharing another's content: count it like one.
    if (type !== 'file' && type !== 'hardlink') return;
    surface.fileCount += 1;
    if (mode & anyExecute) surface.executableCount += 1;
    if (mode & setuidBit) surface.setuidFiles.push(path);
    if (mode & setgidBit) surface.setgidFiles.push(path);
  });
  for (const list of [
    surface.shells,
    surface.packageManagers,
    surface.compilers,
    surface.setuidFiles,
    surface.setgidFiles,
    surface.worldWritableDirs,
    surface.worldWritableStickyDirs,
  ]) {
    list.sort(compareCodePoints);
  }
  return surface;
}
