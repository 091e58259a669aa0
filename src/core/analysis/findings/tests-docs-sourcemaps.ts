/**
 * Tests, docs and source maps shipped where they are never used: inside node_modules packages and in the
 * app directory (WORKDIR, /app, /usr/src/app); and system documentation (/usr/share/doc, man, info).
 * Conservative on purpose: LICENSE/copyright files are kept, and test dirs are matched only inside a
 * node_modules package or an app directory (never e.g. Python's stdlib test package).
 */
import { baseName, isWithin } from '../paths';
import type { FindingContext, RawFinding, StoredRef } from './finding';
import { makeFinding } from './finding';

const testDirNames = new Set(['__tests__', 'test', 'tests', '__mocks__']);
const docDirNames = new Set(['docs', 'doc', 'example', 'examples']);
const legalFile = /^(licen[cs]e|copying|notice|copyright|authors)/i;

type Kind = 'node-modules' | 'source-maps' | 'app-tests' | 'system-docs';

/** The segments after the last `node_modules/<pkg>` (or `node_modules/@scope/pkg`). */
function insidePackage(path: string): string[] | undefined {
  const at = path.lastIndexOf('/node_modules/');
  if (at < 0) return undefined;
  const rest = path.slice(at + '/node_modules/'.length).split('/');
  const skip = rest[0]?.startsWith('@') ? 2 : 1;
  return rest.length > skip ? rest.slice(skip) : undefined;
}

export function classify(path: string, appDirs: string[]): Kind | undefined {
  const name = baseName(path);
  if (legalFile.test(name)) return undefined;
  if (/^\/usr\/share\/(doc|man|info)\//.test(path)) return 'system-docs';
  if (name.endsWith('.map') && (path.includes('/node_modules/') || appDirs.some((dir) => isWithin(path, dir)))) return 'source-maps';
  const inPackage = insidePackage(path);
  if (inPackage) {
    const dirs = inPackage.slice(0, -1);
    if (dirs.some((dir) => testDirNames.has(dir) || docDirNames.has(dir))) return 'node-modules';
    if (/\.(md|markdown)$/i.test(name)) return 'node-modules';
    return undefined;
  }
  const app = appDirs.find((dir) => isWithin(path, dir));
  if (app && !path.includes('/node_modules/')) {
    const dirs = path.slice(app.length).split('/').slice(0, -1);
    if (dirs.some((dir) => dir === '__tests__' || dir === '__mocks__')) return 'app-tests';
    if (/\.(test|spec)\.[cm]?[jt]sx?$/.test(name)) return 'app-tests';
  }
  return undefined;
}

const texts: Record<Kind, { title: string; fix: string }> = {
  'node-modules': {
    title: 'Tests, docs and examples inside node_modules',
    fix: 'Prune them in the same RUN as the install (e.g. `npm ci --omit=dev && npx clean-modules -y`, or a `find node_modules \\( -name test -o -name __tests__ -o -name docs -o -name "*.md" \\) -prune -exec rm -rf {} +`), or copy a pruned node_modules from a build stage.',
  },
  'source-maps': {
    title: 'Source maps (*.map) shipped with the app',
    fix: 'Do not emit source maps in the production build, or delete `*.map` in the build stage before copying the output; upload them to your error tracker instead.',
  },
  'app-tests': {
    title: 'Test files in the application directory',
    fix: 'Add test folders and `*.test.*`/`*.spec.*` files to .dockerignore, or copy only the build output.',
  },
  'system-docs': {
    title: 'System documentation (/usr/share/doc, man, info)',
    fix: 'For apt: add a dpkg `path-exclude=/usr/share/doc/*` (keeping `copyright`) and `path-exclude=/usr/share/man/*` file before installing, or `rm -rf /usr/share/doc /usr/share/man /usr/share/info` in the same RUN; or use a -slim base.',
  },
};

export function testsDocsSourcemapsFindings(context: FindingContext): RawFinding[] {
  const workDir = context.image.config.config?.WorkingDir ?? '';
  const appDirs = [...new Set([workDir, '/app', '/usr/src/app'].filter((dir) => dir !== '' && dir !== '/'))].map((dir) => dir.replace(/\/+$/, ''));
  const byKind = new Map<Kind, StoredRef[]>();
  context.replay.final.forEachRow((table, row, layer) => {
    if (table.type(row) === 'dir') return;
    const path = table.path(row);
    const kind = classify(path, appDirs);
    if (!kind) return;
    const refs = byKind.get(kind) ?? [];
    refs.push({ layer, path, bytes: table.size(row), row });
    byKind.set(kind, refs);
  });
  return [...byKind].map(([kind, refs]) => makeFinding(context, { category: 'tests-docs-sourcemaps', ...texts[kind] }, refs));
}
