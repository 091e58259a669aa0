/**
 * The proposed `<Dockerfile>.lean.dockerignore` (BuildKit reads it beside the Dockerfile; the classic builder
 * keeps using .dockerignore). It only adds what cannot change what the build makes: local node_modules when
 * the build installs its own, VCS history the build does not use, logs, test coverage output. Tests, docs
 * and .env files may be read by the build or the app, so they are never added; and no secret is kept out
 * by relying on this file. The user's own file follows verbatim: with Docker's last-match-wins order, every
 * `!keep` of theirs still re-includes what it did.
 */
import ignore from '@balena/dockerignore';
import type { DockerignoreProposal } from '../../shared/rebuild';

export const proposedPatterns: { pattern: string; why: string; needsInstall?: true }[] = [
  { pattern: 'node_modules', why: 'the build installs its own dependencies', needsInstall: true },
  { pattern: '**/node_modules', why: 'nested node_modules too', needsInstall: true },
  { pattern: 'npm-debug.log*', why: 'logs' },
  { pattern: 'yarn-error.log', why: 'logs' },
  { pattern: '.git', why: 'version control history' },
  { pattern: 'coverage', why: 'test output' },
];

/**
 * `required`: context paths the build names (COPY sources, .git when a RUN calls git); a pattern that would
 * drop one of them is skipped. `installs`: the build installs dependencies (else local node_modules stay).
 */
export function proposeDockerignore(existing: string | null, required: string[], installs: boolean): DockerignoreProposal {
  const existingLines = new Set(
    (existing ?? '')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#')),
  );
  const added: string[] = [];
  const skipped: { pattern: string; reason: string }[] = [];
  for (const { pattern, needsInstall } of proposedPatterns) {
    if (existingLines.has(pattern) || existingLines.has(`/${pattern}`)) continue;
    if (needsInstall && !installs) {
      skipped.push({ pattern, reason: 'the build installs no dependencies: it may use the local node_modules' });
      continue;
    }
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
