/**
 * The proposed .dockerignore: node_modules, VCS, tests, docs, Dockerfiles, env files — merged with the
 * user's file so that none of their rules is lost. LayerLens's lines come first and the user's file follows
 * verbatim: with Docker's last-match-wins order, every `!keep` of theirs still re-includes what it did.
 */
import ignore from '@balena/dockerignore';
import type { DockerignoreProposal } from './types';

export const proposedPatterns: { pattern: string; why: string }[] = [
  { pattern: 'node_modules', why: 'dependencies are installed inside the image' },
  { pattern: '**/node_modules', why: 'nested node_modules too' },
  { pattern: 'npm-debug.log*', why: 'logs' },
  { pattern: 'yarn-error.log', why: 'logs' },
  { pattern: '.git', why: 'version control history' },
  { pattern: '.gitignore', why: 'version control' },
  { pattern: 'test', why: 'tests are not run in the image' },
  { pattern: 'tests', why: 'tests are not run in the image' },
  { pattern: '__tests__', why: 'tests are not run in the image' },
  { pattern: 'coverage', why: 'test output' },
  { pattern: 'docs', why: 'documentation' },
  { pattern: 'Dockerfile*', why: 'Dockerfiles (Docker still sends the one it builds)' },
  { pattern: '.dockerignore*', why: 'ignore files' },
  { pattern: '.env*', why: 'local secrets and settings' },
];

/**
 * `required`: context paths the build needs (package.json, lockfiles, the build's inputs, the start
 * command's entry); a pattern that would drop one of them is skipped.
 */
export function proposeDockerignore(existing: string | null, required: string[]): DockerignoreProposal {
  const existingLines = new Set(
    (existing ?? '')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#')),
  );
  const added: string[] = [];
  const skipped: { pattern: string; reason: string }[] = [];
  for (const { pattern } of proposedPatterns) {
    if (existingLines.has(pattern) || existingLines.has(`/${pattern}`)) continue;
    const matcher = ignore().add(pattern);
    const needed = required.find((file) => matcher.ignores(file));
    if (needed) {
      skipped.push({ pattern, reason: `the build needs ${needed}` });
      continue;
    }
    added.push(pattern);
  }
  if (added.length === 0) return { existing, merged: existing ?? '', added, skipped };
  const header = '# Proposed by LayerLens (your own rules follow and take precedence)';
  const ours = [header, ...added].join('\n');
  const merged = existing ? `${ours}\n\n${existing.endsWith('\n') ? existing : `${existing}\n`}` : `${ours}\n`;
  return { existing, merged, added, skipped };
}
