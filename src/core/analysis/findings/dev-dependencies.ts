/** devDependencies shipped in node_modules, from captured npm lockfiles (`dev: true` packages present on disk). */
import { devPackagesOfLockfile } from '../os-packages';
import { parentOf } from '../paths';
import type { FindingContext, RawFinding, StoredRef } from './finding';
import { finalFilesUnder, makeFinding, plural } from './finding';

export function devDependencyFindings(context: FindingContext): RawFinding[] {
  const findings: RawFinding[] = [];
  const { final } = context.replay;
  // Prefer the root lockfile of a project; node_modules/.package-lock.json when it is the only one.
  const projects = new Map<string, string>();
  for (const [path, text] of context.captures) {
    if (path.endsWith('/node_modules/.package-lock.json')) {
      const project = parentOf(parentOf(path));
      if (!projects.has(project)) projects.set(project, text);
    } else if (path.endsWith('/package-lock.json') && !path.includes('/node_modules/')) projects.set(parentOf(path), text);
  }
  for (const [project, text] of projects) {
    const base = project === '/' ? '' : project;
    const seen = new Set<string>();
    const refs: StoredRef[] = [];
    const packages: string[] = [];
    for (const key of devPackagesOfLockfile(text)) {
      const dir = `${base}/${key}`;
      if (!final.exists(dir)) continue;
      packages.push(key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length));
      for (const ref of finalFilesUnder(context, dir)) {
        if (seen.has(ref.path)) continue;
        seen.add(ref.path);
        refs.push(ref);
      }
    }
    if (packages.length === 0) continue;
    findings.push(
      makeFinding(
        context,
        {
          category: 'dev-dependencies',
          title: `${plural(packages.length, 'devDependency')} installed in ${base || '/'}/node_modules`.replace('devDependencys', 'devDependencies'),
          fix: 'Install production dependencies only: `npm ci --omit=dev` (or `npm prune --omit=dev` in the same RUN), ideally in a build stage whose node_modules you COPY.',
        },
        refs,
      ),
    );
  }
  return findings;
}
