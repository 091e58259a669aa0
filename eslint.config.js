// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Import boundaries (see docs/ARCHITECTURE.md): shared <- core <- {main, server, cli};
 * renderer and preload import only shared. A wrong arrow fails lint, and so CI.
 */
const layer = (dirs) => dirs.flatMap((dir) => [`**/${dir}`, `**/${dir}/**`]);
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'http', 'net', 'crypto'];
const restrict = (groups, message, extra = []) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: [...layer(groups), ...extra], message }] }],
});

export default tseslint.config(
  // Fixtures are inputs to the product (sample apps, Dockerfiles), not its code.
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/shared/**'],
    rules: restrict(
      ['core', 'main', 'preload', 'renderer', 'server', 'cli'],
      'shared is the contract: pure types and constants, importing no other layer.',
      [...nodeBuiltins, 'electron', 'react', 'dockerode'],
    ),
  },
  {
    files: ['src/core/**'],
    rules: restrict(['main', 'preload', 'renderer', 'server', 'cli'], 'core imports only shared.', [
      'electron',
      'react',
      'react-dom',
      'recharts',
    ]),
  },
  {
    files: ['src/main/**', 'src/server/**', 'src/cli/**'],
    rules: restrict(['renderer', 'preload'], 'adapters use core and shared, never the renderer or preload.', ['react']),
  },
  {
    files: ['src/preload/**'],
    rules: restrict(['core', 'main', 'renderer', 'server', 'cli'], 'preload imports only shared (and electron).', [
      'dockerode',
    ]),
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict(['core', 'main', 'preload', 'server', 'cli'], 'the renderer talks only to window.layerlens (shared types).', [
        ...nodeBuiltins,
        'electron',
        'dockerode',
      ]),
    },
  },
);
