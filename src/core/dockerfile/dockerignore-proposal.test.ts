import ignore from '@balena/dockerignore';
import { describe, expect, it } from 'vitest';
import { proposeDockerignore } from './dockerignore-proposal';

describe('proposeDockerignore', () => {
  it('proposes the usual patterns when there is no file', () => {
    const proposal = proposeDockerignore(null, ['package.json', 'server.js']);
    expect(proposal.added).toEqual(expect.arrayContaining(['node_modules', '.git', 'tests', 'docs', 'Dockerfile*', '.env*']));
    expect(proposal.merged.startsWith('# Proposed by LayerLens')).toBe(true);
  });
  it('keeps every user rule, and their re-includes still win', () => {
    const existing = '# mine\ndocs/*\n!docs/openapi.yaml\n*.log\n';
    const proposal = proposeDockerignore(existing, ['package.json']);
    expect(proposal.merged.endsWith(existing)).toBe(true);
    const rules = ignore().add(proposal.merged.split('\n'));
    expect(rules.ignores('docs/openapi.yaml')).toBe(false);
    expect(rules.ignores('docs/guide.md')).toBe(true);
    expect(rules.ignores('node_modules/x/index.js')).toBe(true);
  });
  it('does not propose a pattern that drops a file the build needs', () => {
    const proposal = proposeDockerignore(null, ['package.json', 'test/fixture-server.js']);
    expect(proposal.added).not.toContain('test');
    expect(proposal.skipped).toContainEqual({ pattern: 'test', reason: 'the build needs test/fixture-server.js' });
  });
  it('does not repeat patterns the user has', () => {
    const proposal = proposeDockerignore('node_modules\n.git\n', []);
    expect(proposal.added).not.toContain('node_modules');
    expect(proposal.added).not.toContain('.git');
  });
});
