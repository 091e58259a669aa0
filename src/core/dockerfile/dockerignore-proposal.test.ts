import ignore from '@balena/dockerignore';
import { describe, expect, it } from 'vitest';
import { proposeDockerignore } from './dockerignore-proposal';

describe('proposeDockerignore', () => {
  it('proposes only what cannot change the build: local node_modules, VCS, logs, coverage', () => {
    const proposal = proposeDockerignore(null, ['package.json', 'server.js'], true);
    expect(proposal.added).toEqual(['node_modules', '**/node_modules', 'npm-debug.log*', 'yarn-error.log', '.git', 'coverage']);
    expect(proposal.added).not.toEqual(expect.arrayContaining(['test', 'docs', '.env*']));
    expect(proposal.merged.startsWith('# Proposed by LayerLens')).toBe(true);
  });
  it('keeps local node_modules when the build installs nothing (it may use them)', () => {
    const proposal = proposeDockerignore(null, [], false);
    expect(proposal.added).not.toContain('node_modules');
    expect(proposal.skipped).toContainEqual({
      pattern: 'node_modules',
      reason: 'the build installs no dependencies: it may use the local node_modules',
    });
  });
  it('keeps every user rule, and their re-includes still win', () => {
    const existing = '# mine\ndocs/*\n!docs/openapi.yaml\n*.log\n';
    const proposal = proposeDockerignore(existing, ['package.json'], true);
    expect(proposal.merged.endsWith(existing)).toBe(true);
    const rules = ignore().add(proposal.merged.split('\n'));
    expect(rules.ignores('docs/openapi.yaml')).toBe(false);
    expect(rules.ignores('docs/guide.md')).toBe(true);
    expect(rules.ignores('node_modules/x/index.js')).toBe(true);
  });
  it('does not propose a pattern that drops a file the build names', () => {
    const proposal = proposeDockerignore(null, ['package.json', '.git'], true);
    expect(proposal.added).not.toContain('.git');
    expect(proposal.skipped).toContainEqual({ pattern: '.git', reason: 'the build needs .git' });
  });
  it('does not repeat patterns the user has', () => {
    const proposal = proposeDockerignore('node_modules\n.git\n', [], true);
    expect(proposal.added).not.toContain('node_modules');
    expect(proposal.added).not.toContain('.git');
  });
});
