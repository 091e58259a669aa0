// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/**
 * Import boundaries (see docs/ARCHITECTURE.md): shared <- core <- {main, server, cli};
 * renderer and preload import only shared. A wrong arrow fails lint, and so CI.
 */
const layer = (dirs) => dirs.flatMap((dir) => [`**/${dir}`, `**/${dir}/**`]);
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'http', 'net', 'crypto'];
const restrict = (groups, message, extra = []) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: [...layer(groups), ...extra], message }] }],
});

/**
 * Layers inside core, lowest first: a folder imports only the folders listed for it (and shared). The
 * use cases live in services, over every domain folder; api (LayerLensCore, dispatch) sits on top.
 */
const coreLayers = {
  fs: [],
  memory: [],
  settings: ['fs'],
  engine: ['fs'],
  images: ['engine', 'fs'],
  archive: ['images', 'engine', 'fs'],
  registry: ['archive', 'images', 'engine', 'fs'],
  analysis: ['archive', 'images'],
  dockerfile: ['fs'],
  build: ['analysis', 'archive', 'dockerfile', 'images', 'engine', 'fs'],
  explore: ['analysis', 'archive', 'images', 'memory', 'fs'],
  report: ['analysis', 'archive', 'images', 'engine', 'fs'],
  services: ['explore', 'report', 'build', 'dockerfile', 'analysis', 'registry', 'archive', 'images', 'engine', 'settings', 'memory', 'fs'],
  api: ['services', 'explore', 'report', 'build', 'dockerfile', 'analysis', 'registry', 'archive', 'images', 'engine', 'settings', 'memory', 'fs'],
};
const coreOutside = ['main', 'preload', 'renderer', 'server', 'cli'];
const coreOutsidePackages = ['electron', 'react', 'react-dom', 'recharts'];
/** The core block's rule plus the folders above this one (relative imports name them as `../<folder>/…`). */
const coreLayerRules = (folder) => {
  const above = Object.keys(coreLayers).filter((other) => other !== folder && !coreLayers[folder].includes(other));
  return {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { group: [...layer(coreOutside), ...coreOutsidePackages], message: 'core imports only shared.' },
          {
            regex: `^(\\.\\./)+(${above.join('|')})(/|$)`,
            message: `core/${folder} may import only ${coreLayers[folder].length ? coreLayers[folder].map((f) => `core/${f}`).join(', ') : 'shared'} (the layers in eslint.config.js).`,
          },
        ],
      },
    ],
  };
};

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
    rules: restrict(coreOutside, 'core imports only shared.', coreOutsidePackages),
  },
  // Tests may reach across layers (an end-to-end check of a report over an explored image); code may not.
  ...Object.keys(coreLayers).map((folder) => ({
    files: [`src/core/${folder}/**`],
    ignores: ['**/*.test.ts', '**/testing/**'],
    rules: coreLayerRules(folder),
  })),
  {
    files: ['src/main/**', 'src/server/**', 'src/cli/**'],
    rules: restrict(['renderer', 'preload'], 'adapters use core and shared, never the renderer or preload.', ['react']),
  },
  {
    files: ['src/preload/**'],
    rules: restrict(['core', 'main', 'renderer', 'server', 'cli'], 'preload imports only shared (and electron).', ['dockerode']),
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
  // Layout is Prettier's (`npm run lint` checks it): no stylistic rule may disagree with it.
  prettier,
);
