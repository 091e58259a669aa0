/** `.git` (and other VCS) directories copied into the image. */
import { baseName } from '../paths';
import type { FindingContext, RawFinding } from './finding';
import { finalFilesUnder, makeFinding } from './finding';

const vcsNames = new Set(['.git', '.svn', '.hg']);

export function vcsDirectoryFindings(context: FindingContext): RawFinding[] {
  const { final } = context.replay;
  const roots: string[] = [];
  final.forEachRow((table, row) => {
    if (table.type(row) !== 'dir') return;
    const path = table.path(row);
    if (vcsNames.has(baseName(path)) && !path.includes('/node_modules/')) roots.push(path);
  });
  // Outermost only: a submodule's .git inside a .git is part of the same finding.
  const outer = roots.filter((root) => !roots.some((other) => other !== root && root.startsWith(`${other}/`)));
  return outer
    .map((root) =>
      makeFinding(
        context,
        {
          category: 'vcs-directory',
          title: `Version-control directory ${root}`,
          fix: `Add \`${baseName(root)}\` to .dockerignore so COPY skips it (or COPY only the files the app needs).`,
        },
        finalFilesUnder(context, root),
      ),
    )
    .filter((finding) => finding.fileCount > 0);
}
